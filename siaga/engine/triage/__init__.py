"""Report triage engine: pure Python (no Django), Indonesian text.

Everything the reports app needs is importable from ``siaga.engine.triage``. Data lives in
``siaga/engine/triage/data/*.json`` (taxonomy, lexicon, slang/stopwords, severity rules). All public objects are
immutable or documented as thread-safe except ``Classifier.learn``/``unlearn`` (serialised by an internal lock).

Taxonomy
    ``load_taxonomy() -> list[Category]``: the 15 categories in display order. ``get_category(code)``,
    ``category_map() -> dict[str, Category]``.

    ``Category(code, label, group, default_severity: int, description, escalation_minutes: dict[int, int],
    order: int)``; ``group`` is "pemilu" or "kamtibmas"; ``category.deadline_minutes(level) -> int``.

    Severity levels are ints 1–4: ``SEVERITY_LABELS = {1: "rendah", 2: "sedang", 3: "tinggi", 4: "kritis"}``;
    ``severity_label(level)``, ``parse_severity(1 | "1" | "tinggi") -> int``.

Category suggestion
    ``clf = Classifier()`` (seed lexicon; build once per process and reuse),
    ``clf.suggest(text, limit=3, min_score=0.0, ignore=()) -> list[Suggestion]`` best first, never empty: with
    no evidence it returns ``[Suggestion("lainnya", 0.0, 0.0, ())]``. ``clf.best(text, ignore=()) -> Suggestion``.
    ``ignore`` are character spans that are no evidence: pass the place names found (``Resolution.spans``), so
    that "pasar Tanggul" never counts as a levee (bencana).

    ``Suggestion(category: str, score: float, confidence: float, matched_terms: tuple[str, ...])``;
    ``confidence`` is in [0, 1]; learned terms in ``matched_terms`` end with " (dipelajari)".

    Learning from officer confirmations: ``clf.learn(text, confirmed_category, ignore=())``,
    ``clf.unlearn(text, category, ignore=())``; ``state = clf.to_dict()`` (plain JSON-serialisable dict) and
    ``Classifier.from_dict(state)`` to restore. The seed lexicon is not part of the state, so lexicon updates ship
    with the code. Learning never overrides what it cannot show helps: only discriminative words the lexicon does
    not already weigh (no generic election words), capped per word and per category, and switched on (weight,
    strict/loose profile) only when the recent confirmations, scored leave-one-out, come out better than with the
    lexicon alone (``clf.learned_weight``, ``clf.learned_profile``, ``clf.validation_size``).

Gazetteer
    ``Gazetteer(entries)`` where each entry is ``GazetteerEntry(code, name, level, parent_code)`` or a plain
    tuple in that order; ``level`` in ``LEVELS = ("provinsi", "kabupaten", "kecamatan", "desa")`` (kelurahan
    use "desa"). ``gazetteer_from_lokal("35.09") -> Gazetteer`` and ``lokal_entries(prefix) -> list[GazetteerEntry]``
    build it from the ``lokal`` package (Kemendagri codes).

    ``gazetteer.find(text, within=None, min_score=0.4, limit=10) -> list[PlaceMatch]`` best first, one per code.
    ``PlaceMatch(code, name, level, score: float in (0, 1], span: tuple[int, int], matched_text, kind,
    parent_code)``; ``kind`` is "exact", "variant", "fuzzy" or "partial". ``within`` is a region code whose
    matches are preferred (others are down-weighted, not removed). Handles old spellings (oe/u, dj/j, tj/c, j/y),
    spacing/hyphens ("Sumber Jambe"), direction synonyms (kidul/selatan, lor/utara, wetan/timur, kulon/barat),
    prefixes (desa/ds./kel./kec./kab., kades/camat/Polsek), one typo for names of ≥ 6 letters, and boosts a desa
    whose kecamatan is named by other words. A name that is also a common word (Panti, Suci, Tanggul) counts
    only after a cue ("pasar", "lapangan", "warga", a prefix) or written capitalised inside a sentence; police and
    TNI ranks (Kompol, AKP, Bripka…) and the name after them are never places.

    ``gazetteer.resolve(text, within=None, min_score=0.6) -> Resolution(desa_code, kecamatan_code, ambiguous,
    candidates, matches)``: the desa only when one is clearly meant; a name shared by a kecamatan and its own
    desa gives the kecamatan only (unless "desa X"); a tie between desa of different kecamatan (or two desa, or
    two kecamatan) is ``ambiguous`` with its ``candidates`` for a person to choose, never broken by code order.
    ``gazetteer.get(code)``, ``gazetteer.contains(ancestor_code, code)``.

Duplicates
    ``find_duplicate(candidate, recent, params=None) -> DuplicateMatch | None``; reports are
    ``ReportRef(id, time: datetime, location: (lat, lon) | None, desa_code: str | None, category: str | None,
    text: str)`` or plain tuples in that order. ``DuplicateParams(max_distance_km=1.5, max_minutes=120,
    min_text_similarity=0.3, min_text_similarity_other_category=0.55, shingle_size=3)``.
    ``DuplicateMatch(report_id, score, text_similarity, token_similarity, shingle_similarity, distance_km | None,
    same_desa, minutes_apart, same_category)``. ``compare(a, b, params)`` and ``text_similarity(a, b)`` are
    exposed for diagnostics.

Severity
    ``severity_for(category, text, context=None) -> SeverityResult`` where ``context`` is
    ``SeverityContext(voting_day=False, near_tps=False, report_count=1)`` or a dict with those keys.
    ``SeverityResult(level: int, label: str, base_level: int, reasons: tuple[str, ...], deadline_minutes: int)``;
    reasons are Indonesian, one per raise. Negated mentions ("tidak ada korban") do not raise.

Text utilities
    ``analyze(text) -> Analyzed(tokens, stems, negated)`` and ``tokenize(text)``: the shared normaliser
    (slang map, reduplication, cached Sastrawi stems).
"""

from .classifier import Classifier, Suggestion
from .duplicates import DuplicateMatch, DuplicateParams, ReportRef, compare, find_duplicate, text_similarity
from .gazetteer import LEVELS, Gazetteer, GazetteerEntry, PlaceMatch, Resolution
from .lokal_source import gazetteer_from_lokal, lokal_entries
from .severity import SeverityContext, SeverityResult, base_severity, severity_for
from .taxonomy import (
    SEVERITY_LABELS,
    Category,
    category_map,
    get_category,
    load_taxonomy,
    parse_severity,
    severity_label,
)
from .text import Analyzed, analyze, tokenize

__all__ = [
    "LEVELS",
    "SEVERITY_LABELS",
    "Analyzed",
    "Category",
    "Classifier",
    "DuplicateMatch",
    "DuplicateParams",
    "Gazetteer",
    "GazetteerEntry",
    "PlaceMatch",
    "ReportRef",
    "Resolution",
    "SeverityContext",
    "SeverityResult",
    "Suggestion",
    "analyze",
    "base_severity",
    "category_map",
    "compare",
    "find_duplicate",
    "gazetteer_from_lokal",
    "get_category",
    "load_taxonomy",
    "lokal_entries",
    "parse_severity",
    "severity_for",
    "severity_label",
    "text_similarity",
    "tokenize",
]
