"""The shipped data: Bawaslu indicator catalogs (data/pemilu2024.json, data/pilkada2024.json) and the Polri
category presets with their default rules (data/presets.json)."""

import json
from functools import cache
from pathlib import Path

DATA = Path(__file__).parent / "data"
DEFAULT_RULE = {
    "tps_incident_weight": 2.0,
    "desa_incident_weight": 0.5,
    "incident_cap": 5,
    "incident_days": 30,
    "note_weights": {"1": 1.0, "2": 3.0, "3": 6.0},
}
CATALOG_FOR_ELECTION = {"pemilu": "pemilu2024", "pilkada": "pilkada2024", "pilkades": "pilkada2024"}
PRESET_FOR_ELECTION = {"pemilu": "polri", "pilkada": "polri", "pilkades": "pilkades"}


@cache
def catalog(code: str) -> dict:
    return json.loads((DATA / f"{code}.json").read_text(encoding="utf-8"))


@cache
def presets() -> dict:
    return json.loads((DATA / "presets.json").read_text(encoding="utf-8"))


def preset_choices() -> list[tuple[str, str]]:
    return [(code, p["label"]) for code, p in presets().items()]


def preset_rule(code: str) -> dict:
    preset = presets()[code]
    return {**DEFAULT_RULE, "preset": code, "categories": preset["categories"], "hard_rules": preset["hard_rules"]}
