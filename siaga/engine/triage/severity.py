"""Severity rules (``data/severity_rules.json``): base level per category raised by keywords and context."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from functools import cache
from typing import Any

from .lexicon import Lexicon, TermHit
from .taxonomy import FALLBACK_CATEGORY, SEVERITY_MAX, clamp_severity, get_category, severity_label
from .text import Analyzed, analyze, load_json


@dataclass(frozen=True, slots=True)
class SeverityContext:
    """What the app knows beyond the text. ``near_tps``: the report is at or near a TPS (e.g. within 200 m);
    ``report_count``: reports already grouped into the incident, including this one."""

    voting_day: bool = False
    near_tps: bool = False
    report_count: int = 1

    @classmethod
    def coerce(cls, value: SeverityContext | Mapping[str, Any] | None) -> SeverityContext:
        if value is None:
            return cls()
        if isinstance(value, SeverityContext):
            return value
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in value.items() if k in names})


@dataclass(frozen=True, slots=True)
class SeverityResult:
    """``level`` 1–4 with its ``label`` (rendah/sedang/tinggi/kritis), the category ``base_level``, Indonesian
    ``reasons`` for every raise, and the category's escalation deadline for that level."""

    level: int
    label: str
    base_level: int
    reasons: tuple[str, ...]
    deadline_minutes: int


@dataclass(frozen=True, slots=True)
class _Rules:
    base: dict[str, int]
    max_keyword_raise: int
    keyword_rules: dict[str, dict[str, Any]]
    keyword_lexicon: Lexicon
    crowd: dict[str, Any]
    context: dict[str, dict[str, Any]]
    tps_lexicon: Lexicon


@cache
def _rules() -> _Rules:
    data = load_json("severity_rules.json")
    rules = {r["id"]: r for r in data["keyword_rules"]}
    near_tps = data["context_rules"]["near_tps"]
    return _Rules(
        base={k: clamp_severity(v) for k, v in data["base"].items()},
        max_keyword_raise=int(data["max_keyword_raise"]),
        keyword_rules=rules,
        keyword_lexicon=Lexicon({rid: {t: 1.0 for t in r["terms"]} for rid, r in rules.items()}),
        crowd=data["crowd_number"],
        context=data["context_rules"],
        tps_lexicon=Lexicon({"tps": {t: 1.0 for t in near_tps.get("mention_terms", [])}}),
    )


def base_severity(category: str) -> int:
    """Base level of a category (unknown codes fall back to ``lainnya``)."""
    rules = _rules()
    return rules.base.get(category, rules.base[FALLBACK_CATEGORY])


def severity_for(
    category: str, text: str, context: SeverityContext | Mapping[str, Any] | None = None
) -> SeverityResult:
    """Severity of a report: category base level, raised by keywords in ``text`` and by ``context``."""
    rules = _rules()
    ctx = SeverityContext.coerce(context)
    doc = analyze(text)
    base = base_severity(category)
    level, reasons = _keyword_level(category, base, doc, rules)
    level, reasons = _context_level(category, level, reasons, doc, ctx, rules)
    code = category if category in rules.base else FALLBACK_CATEGORY
    return SeverityResult(
        level, severity_label(level), base, tuple(reasons), get_category(code).deadline_minutes(level)
    )


def _first_hits(hits: list[TermHit]) -> dict[str, str]:
    """Non-negated hits: rule id → first matched term text."""
    out: dict[str, str] = {}
    for hit in hits:
        if not hit.negated:
            out.setdefault(hit.term.category, hit.term.text)
    return out


def _applies(rule: Mapping[str, Any], category: str) -> bool:
    if "categories" in rule and category not in rule["categories"]:
        return False
    return category not in rule.get("except_categories", ())


def _keyword_level(category: str, base: int, doc: Analyzed, rules: _Rules) -> tuple[int, list[str]]:
    floor, raise_sum, reasons = base, 0, []
    hits = _first_hits(rules.keyword_lexicon.match(doc))
    for rule_id, rule in rules.keyword_rules.items():
        if rule_id not in hits or not _applies(rule, category):
            continue
        effects = []
        if rule.get("min_level"):
            floor = max(floor, clamp_severity(rule["min_level"]))
            effects.append(f"minimal {severity_label(rule['min_level'])}")
        if rule.get("raise_by"):
            raise_sum += int(rule["raise_by"])
            effects.append(f"naik {rule['raise_by']} tingkat")
        reasons.append(f"{rule['reason']} ('{hits[rule_id]}'): {', '.join(effects)}")
    crowd = _crowd_size(doc, rules.crowd)
    if crowd is not None and rules.crowd.get("counts_as_rule") not in hits:
        raise_sum += int(rules.crowd["raise_by"])
        reasons.append(f"{rules.crowd['reason']} ({crowd} orang): naik {rules.crowd['raise_by']} tingkat")
    return clamp_severity(max(floor, base + min(raise_sum, rules.max_keyword_raise))), reasons


def _crowd_size(doc: Analyzed, crowd: Mapping[str, Any]) -> int | None:
    """The largest "<number> orang/massa/..." count at or above the threshold, if any."""
    units = set(crowd["units"])
    best = None
    for i, tok in enumerate(doc.tokens[:-1]):
        if tok.isdigit() and doc.tokens[i + 1] in units and int(tok) >= int(crowd["threshold"]):
            best = max(best or 0, int(tok))
    return best


def _context_level(
    category: str, level: int, reasons: list[str], doc: Analyzed, ctx: SeverityContext, rules: _Rules
) -> tuple[int, list[str]]:
    raises = 0
    voting = rules.context["voting_day"]
    if ctx.voting_day and category in voting["categories"]:
        raises += int(voting["raise_by"])
        reasons.append(f"{voting['reason']}: naik {voting['raise_by']} tingkat")
    near = rules.context["near_tps"]
    mentions_tps = any(not hit.negated for hit in rules.tps_lexicon.match(doc))
    if (ctx.near_tps or mentions_tps) and category in near["categories"]:
        raises += int(near["raise_by"])
        how = "" if ctx.near_tps else " (disebut dalam laporan)"
        reasons.append(f"{near['reason']}{how}: naik {near['raise_by']} tingkat")
    count = rules.context["report_count"]
    if ctx.report_count >= int(count["threshold"]):
        raises += int(count["raise_by"])
        reasons.append(f"{count['reason']} ({ctx.report_count}): naik {count['raise_by']} tingkat")
    return min(SEVERITY_MAX, level + raises), reasons
