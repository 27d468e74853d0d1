"""Security patterns (pola) per operation and category: defaults, presets (DOMAIN.md 1.3) and edits."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction

from siaga.core import access
from siaga.deployment.models import SecurityPattern
from siaga.engine.deployment import Pattern

DEFAULT_CATEGORIES = ("kurang_rawan", "rawan", "sangat_rawan", "khusus")
BODY_SYSTEM_MESSAGE = "Minimal dua personel Polri per pos (body system): isi Polri 2 atau lebih."


@cache
def presets() -> dict[str, dict]:
    data = json.loads((Path(__file__).parent / "data" / "pattern_presets.json").read_text(encoding="utf-8"))
    return {p["key"]: p for p in data["presets"]}


def validate_pattern(*, polri: int, tps: int, linmas: int) -> None:
    errors = {}
    if polri is None or polri < 2:
        errors["polri"] = BODY_SYSTEM_MESSAGE
    if tps is None or tps < 1:
        errors["tps"] = "Satu pos mencakup minimal 1 TPS."
    if linmas is None or linmas < 0:
        errors["linmas"] = "Jumlah Linmas tidak boleh negatif."
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def pattern_set(*, user, operation, category: str, polri: int, tps: int, linmas: int | None = None, source=""):
    """Create or change the pattern of one category (linmas None = 2 per TPS); the operation's Polres decides."""
    access.require(user, "deployment.change", unit=operation.unit)
    return _pattern_write(operation=operation, category=category, polri=polri, tps=tps, linmas=linmas, source=source)


def _pattern_write(*, operation, category: str, polri: int, tps: int, linmas: int | None, source: str):
    linmas = 2 * tps if linmas is None and tps else linmas
    validate_pattern(polri=polri, tps=tps, linmas=linmas)
    obj, _ = SecurityPattern.objects.update_or_create(
        operation=operation,
        category=category,
        defaults={"polri": polri, "tps": tps, "linmas": linmas, "source": source[:150]},
    )
    return obj


@transaction.atomic
def pattern_load_preset(*, user, operation, key: str) -> list[SecurityPattern]:
    access.require(user, "deployment.change", unit=operation.unit)
    preset = presets().get(key)
    if preset is None:
        raise ValidationError("Preset pola tidak dikenal.")
    return [
        pattern_set(user=user, operation=operation, category=cat, polri=p, tps=t, linmas=lm, source=preset["name"])
        for cat, (p, t, lm) in preset["patterns"].items()
    ]


def pattern_ensure_defaults(*, operation) -> None:
    """Give an operation the default patterns for the categories it has none for (called by
    deployment_plan_create and the compute runner, after the actor was checked)."""
    have = set(operation.patterns.values_list("category", flat=True))
    for cat, (p, t, lm) in presets()["bawaan"]["patterns"].items():
        if cat not in have:
            _pattern_write(operation=operation, category=cat, polri=p, tps=t, linmas=lm, source="Bawaan")


def engine_patterns(*, operation) -> dict[str, Pattern]:
    return {p.category: Pattern(p.polri, p.tps, p.linmas) for p in operation.patterns.all()}
