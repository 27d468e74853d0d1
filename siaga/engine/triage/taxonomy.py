"""Report taxonomy (``data/taxonomy.json``): categories, severity levels and escalation deadlines."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

from .text import load_json

#: Severity levels, lowest first: 1 rendah, 2 sedang, 3 tinggi, 4 kritis.
SEVERITY_LABELS: dict[int, str] = {1: "rendah", 2: "sedang", 3: "tinggi", 4: "kritis"}
SEVERITY_MIN = 1
SEVERITY_MAX = 4
FALLBACK_CATEGORY = "lainnya"


@dataclass(frozen=True, slots=True)
class Category:
    """One report category.

    ``escalation_minutes`` maps severity level (1–4) to the minutes a report may stay unattended before it is
    escalated.
    """

    code: str
    label: str
    group: str
    default_severity: int
    description: str
    escalation_minutes: dict[int, int] = field(default_factory=dict, hash=False)
    order: int = 0

    @property
    def default_severity_label(self) -> str:
        return SEVERITY_LABELS[self.default_severity]

    def deadline_minutes(self, severity: int) -> int:
        """Escalation deadline for ``severity`` (clamped to 1–4)."""
        return self.escalation_minutes[clamp_severity(severity)]


def clamp_severity(level: int) -> int:
    return max(SEVERITY_MIN, min(SEVERITY_MAX, int(level)))


def severity_label(level: int) -> str:
    """Indonesian label of a severity level: 1 → "rendah" … 4 → "kritis"."""
    return SEVERITY_LABELS[clamp_severity(level)]


def parse_severity(value: int | str) -> int:
    """Accept 1–4, "1"–"4" or a label ("tinggi") and return the level."""
    if isinstance(value, int):
        return clamp_severity(value)
    text = str(value).strip().lower()
    if text.isdigit():
        return clamp_severity(int(text))
    for level, label in SEVERITY_LABELS.items():
        if label == text:
            return level
    raise ValueError(f"unknown severity: {value!r}")


@cache
def _taxonomy() -> tuple[Category, ...]:
    data = load_json("taxonomy.json")
    defaults = {int(k): int(v) for k, v in data["default_escalation_minutes"].items()}
    categories = []
    for order, raw in enumerate(data["categories"]):
        minutes = dict(defaults)
        minutes.update({int(k): int(v) for k, v in raw.get("escalation_minutes", {}).items()})
        categories.append(
            Category(
                code=raw["code"],
                label=raw["label"],
                group=raw["group"],
                default_severity=parse_severity(raw["default_severity"]),
                description=raw["description"],
                escalation_minutes=minutes,
                order=order,
            )
        )
    return tuple(categories)


def load_taxonomy() -> list[Category]:
    """All categories in display order (a fresh list; the Category objects are shared and immutable)."""
    return list(_taxonomy())


@cache
def category_map() -> dict[str, Category]:
    """Categories by code."""
    return {c.code: c for c in _taxonomy()}


def get_category(code: str) -> Category:
    """The category with ``code``; raises KeyError for unknown codes."""
    return category_map()[code]
