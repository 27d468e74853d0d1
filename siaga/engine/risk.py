"""The Polri TPS category rule (kerawanan): a transparent weighted score plus hard rules. No Django.

Input per TPS: the Bawaslu indicator flags present (yes/no checklist), their weights, incident counts of the TPS
and of its desa, intel notes with a severity, and facts about the TPS (e.g. ``tps:lapas``). The rule:

1. score = Σ weight of each flagged indicator
         + tps_incident_weight × incidents at the TPS (capped at ``incident_cap``)
         + desa_incident_weight × incidents in its desa (capped at ``incident_cap``)
         + note_weights[severity] for each intel note;
2. the first hard rule whose condition holds decides the category outright (e.g. Polda Lampung:
   sangat rawan = hard to reach AND a history of conflict; khusus = lapas/rutan);
3. otherwise the most severe category whose ``min_score`` ≤ score (categories without a threshold are reached
   only by hard rules or overrides).

A hard rule's condition is in conjunctive form: every group must hold, a group holds when any of its terms
is true. A term is an indicator code, a fact of the TPS, or ``insiden_tps`` / ``insiden_desa`` (count > 0).
The result lists every contribution so that the contributions always add up to the score.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field


class RuleError(ValueError):
    """The rule is inconsistent (unknown category, empty condition, no base category)."""


@dataclass(frozen=True, slots=True)
class CategoryDef:
    code: str
    label: str
    color: str = "#888888"
    min_score: float | None = None  # None: reached only by a hard rule or an override


@dataclass(frozen=True, slots=True)
class HardRule:
    category: str
    groups: tuple[tuple[str, ...], ...]  # AND of ORs
    label: str = ""

    def holds(self, terms: frozenset[str]) -> bool:
        return bool(self.groups) and all(any(t in terms for t in group) for group in self.groups)

    def describe(self) -> str:
        return " DAN ".join("(" + " ATAU ".join(g) + ")" if len(g) > 1 else g[0] for g in self.groups)


@dataclass(frozen=True, slots=True)
class Rule:
    categories: tuple[CategoryDef, ...]  # from least to most severe
    hard_rules: tuple[HardRule, ...] = ()
    tps_incident_weight: float = 2.0
    desa_incident_weight: float = 0.5
    incident_cap: int = 5
    note_weights: Mapping[int, float] = field(default_factory=lambda: {1: 1.0, 2: 3.0, 3: 6.0})

    def validate(self) -> None:
        codes = [c.code for c in self.categories]
        if len(set(codes)) != len(codes):
            raise RuleError("Kode kategori ganda.")
        if not any(c.min_score is not None for c in self.categories):
            raise RuleError("Minimal satu kategori harus punya ambang skor.")
        for hard in self.hard_rules:
            if hard.category not in codes:
                raise RuleError(f"Aturan mutlak merujuk kategori yang tidak ada: {hard.category}.")
            if not hard.groups or not all(hard.groups):
                raise RuleError("Syarat aturan mutlak kosong.")

    def category(self, code: str) -> CategoryDef | None:
        return next((c for c in self.categories if c.code == code), None)


@dataclass(frozen=True, slots=True)
class Note:
    severity: int
    label: str = ""


@dataclass(frozen=True, slots=True)
class RiskInput:
    flags: frozenset[str] = frozenset()
    weights: Mapping[str, float] = field(default_factory=dict)
    labels: Mapping[str, str] = field(default_factory=dict)
    tps_incidents: int = 0
    desa_incidents: int = 0
    notes: tuple[Note, ...] = ()
    facts: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Contribution:
    kind: str  # indicator | insiden_tps | insiden_desa | catatan
    code: str
    label: str
    points: float


@dataclass(frozen=True, slots=True)
class RiskResult:
    category: str
    score: float
    contributions: tuple[Contribution, ...]
    fired: str  # human-readable: which rule decided
    hard_rule: str = ""  # the hard rule's condition, empty when thresholds decided

    def to_dict(self) -> dict:
        data = asdict(self)
        data["contributions"] = [asdict(c) for c in self.contributions]
        return data


def _contributions(inp: RiskInput, rule: Rule) -> list[Contribution]:
    out = [
        Contribution("indicator", code, inp.labels.get(code, code), float(inp.weights[code]))
        for code in sorted(inp.flags)
        if code in inp.weights and inp.weights[code]
    ]
    cap = rule.incident_cap
    if inp.tps_incidents and rule.tps_incident_weight:
        n = min(inp.tps_incidents, cap)
        out.append(Contribution("insiden_tps", "insiden_tps", f"{n} insiden di TPS", n * rule.tps_incident_weight))
    if inp.desa_incidents and rule.desa_incident_weight:
        n = min(inp.desa_incidents, cap)
        out.append(Contribution("insiden_desa", "insiden_desa", f"{n} insiden di desa", n * rule.desa_incident_weight))
    for i, note in enumerate(inp.notes):
        points = float(rule.note_weights.get(note.severity, 0.0))
        if points:
            out.append(Contribution("catatan", f"catatan_{i + 1}", note.label or "Catatan intelijen", points))
    return out


def _terms(inp: RiskInput) -> frozenset[str]:
    extra = {"insiden_tps"} if inp.tps_incidents else set()
    if inp.desa_incidents:
        extra.add("insiden_desa")
    return inp.flags | inp.facts | extra


def _by_threshold(score: float, rule: Rule) -> CategoryDef:
    chosen = None
    for cat in rule.categories:
        if (
            cat.min_score is not None
            and score >= cat.min_score
            and (chosen is None or cat.min_score >= chosen.min_score)
        ):
            chosen = cat
    if chosen is None:  # below every threshold: the least severe thresholded category
        chosen = min((c for c in rule.categories if c.min_score is not None), key=lambda c: c.min_score)
    return chosen


def _num(value: float) -> str:
    """A number as Indonesians write it (decimal comma)."""
    return f"{value:g}".replace(".", ",")


def risk_score(inp: RiskInput, rule: Rule) -> RiskResult:
    """Category and explanation of one TPS."""
    contributions = tuple(_contributions(inp, rule))
    score = round(sum(c.points for c in contributions), 4)
    terms = _terms(inp)
    for hard in rule.hard_rules:
        if hard.holds(terms):
            label = hard.label or f"Aturan mutlak: {hard.describe()}"
            return RiskResult(hard.category, score, contributions, label, hard.describe())
    cat = _by_threshold(score, rule)
    fired = f"Skor {_num(score)} ≥ ambang {cat.label} ({_num(cat.min_score)})"
    if score < (cat.min_score or 0):
        fired = f"Skor {_num(score)} di bawah semua ambang: {cat.label}"
    return RiskResult(cat.code, score, contributions, fired)


def risk_score_many(inputs: Iterable[RiskInput], rule: Rule) -> list[RiskResult]:
    rule.validate()
    return [risk_score(inp, rule) for inp in inputs]


def category_max(codes: Iterable[str], rule: Rule) -> str | None:
    """The most severe of the given category codes (rule order), e.g. a desa's own category from its TPS."""
    order = {c.code: i for i, c in enumerate(rule.categories)}
    known = [c for c in codes if c in order]
    return max(known, key=order.__getitem__) if known else None


def rule_from_dict(data: Mapping) -> Rule:
    """Build a Rule from the JSON stored per operation/election (see siaga.risk.models.RiskProfile)."""
    categories = tuple(
        CategoryDef(c["code"], c.get("label", c["code"]), c.get("color", "#888888"), c.get("min_score"))
        for c in data.get("categories", [])
    )
    hard = tuple(
        HardRule(h["category"], tuple(tuple(g) for g in h.get("groups", [])), h.get("label", ""))
        for h in data.get("hard_rules", [])
    )
    notes = {int(k): float(v) for k, v in (data.get("note_weights") or {1: 1.0, 2: 3.0, 3: 6.0}).items()}
    return Rule(
        categories=categories,
        hard_rules=hard,
        tps_incident_weight=float(data.get("tps_incident_weight", 2.0)),
        desa_incident_weight=float(data.get("desa_incident_weight", 0.5)),
        incident_cap=int(data.get("incident_cap", 5)),
        note_weights=notes,
    )
