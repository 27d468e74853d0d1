"""Triage benchmark: how fast the deferred step (suggested category, severity rules, places, near-duplicates →
incident, nearest TPS) works through a backlog of pending reports, on PostgreSQL.

Creates a temporary database on 127.0.0.1:5432, loads Kabupaten Jember's regions and units, inserts a backlog of
reports through the intake INSERT (synthetic Indonesian texts from the demo's templates, spread over the district's
desa and over two hours, so many fall in each other's duplicate window), then times `triage_pending` batches until
the queue is empty. Two scenarios: `mixed` (the demo's 15 categories' texts, many desa) and `dense` (one text
template at 200 points, as in bench/intake.py: every report has a full candidate list).

Before that, the quality of the suggestions (engine only, no database), on the hand-written labelled messages in
bench/data/triage_eval.tsv (synthetic, kept apart from the lexicon and from the confirmation stream):

- `triage_category_top1`: the top suggested category with the shipped lexicon alone;
- `triage_category_top1_learned`: the same after learning from bench/data/triage_confirmations.tsv, an officer
  confirmation stream in which careless officers confirm whatever was suggested;
- `triage_place_exact`: the place resolved exactly (the labelled desa; only the kecamatan, or nothing, where the
  text cannot tell more).

Each metric also reports its value per split of the set (`dev_value`, `test_value`, `fresh_value`): `dev` and
`test` were used to write vocabulary; `fresh` (156 messages) was written before any tuning against it and measured
once, so it is the honest estimate on unseen messages.

Usage:

    .venv/bin/python bench/triage.py [--reports 10000] [--quality-only]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import secrets
import subprocess
import sys
import time
import uuid
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
PG = "postgres://postgres@127.0.0.1:5432"
DATA = ROOT / "bench" / "data"
KABUPATEN = "35.09"


def read_tsv(name: str) -> list[dict[str, str]]:
    """Rows of a tab-separated data file; lines starting with '#' are comments, the first other line the header."""
    lines = [line.rstrip("\n") for line in (DATA / name).open(encoding="utf-8") if not line.startswith("#")]
    header = lines[0].split("\t")
    return [dict(zip(header, line.split("\t"), strict=True)) for line in lines[1:] if line.strip()]


def place_ok(resolution, expected: str) -> bool:
    """The labelled desa exactly; "kec:<code>": no desa and that kecamatan; "-": neither."""
    if expected == "-":
        return resolution.desa_code is None and resolution.kecamatan_code is None
    if expected.startswith("kec:"):
        return resolution.desa_code is None and resolution.kecamatan_code == expected[4:]
    return resolution.desa_code == expected


def ungated_top1(stream: list[dict], rows: list[dict], spans: dict) -> float:
    """For comparison: learning as it was before the gate (every content stem and bigram, P(c | f) added at full
    weight, no held-out check), from the same stream with the same careless officers."""
    from siaga.engine.triage import Classifier
    from siaga.engine.triage.classifier import mask_spans
    from siaga.engine.triage.text import analyze

    seed = Classifier()

    def features(text: str, ignore) -> set[str]:
        stems = analyze(mask_spans(text, ignore)).content_stems()
        return set(stems) | {f"{a} {b}" for a, b in zip(stems, stems[1:], strict=False)}

    counts: dict[str, dict[str, int]] = {}
    totals: dict[str, int] = {}

    def best(text: str, ignore) -> str:
        scores = {s.category: s.score for s in seed.suggest(text, limit=20, ignore=ignore) if s.score > 0}
        for f in features(text, ignore):
            for category, per in counts.items():
                if per.get(f):
                    scores[category] = scores.get(category, 0.0) + per[f] / (totals[f] + 1.0)
        return min(scores, key=lambda c: (-scores[c], c)) if scores else "lainnya"

    for item in stream:
        ignore = spans[item["text"]]
        confirmed = best(item["text"], ignore) if item["careless"] == "1" else item["category"]
        for f in features(item["text"], ignore):
            counts.setdefault(confirmed, {})[f] = counts.setdefault(confirmed, {}).get(f, 0) + 1
            totals[f] = totals.get(f, 0) + 1
    hits = sum(best(r["text"], spans[r["text"]]) == r["category"] for r in rows)
    return round(hits / len(rows), 4)


def demo_stream(n: int = 400) -> list[dict]:
    """The confirmations the demo district produces (siaga/reports/demo.py's templates with real desa names),
    three in ten accepted as suggested: the stream whose learned state used to make suggestions worse."""
    import ast
    import random

    from siaga.engine.triage import lokal_entries

    tree = ast.parse((ROOT / "siaga" / "reports" / "demo.py").read_text(encoding="utf-8"))
    texts = next(
        ast.literal_eval(node.value)
        for node in tree.body
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "TEXTS"
    )
    desa = [e.name for e in lokal_entries(KABUPATEN) if e.level == "desa"]
    rng = random.Random(3)
    out = []
    for _ in range(n):
        category = rng.choice(sorted(texts))
        text = rng.choice(texts[category]).format(desa=rng.choice(desa))
        out.append({"text": text, "category": category, "careless": "1" if rng.random() < 0.3 else "0"})
    return out


def learn_stream(stream: list[dict], spans: dict):
    """A classifier after officers confirmed the stream one by one (careless ones accept the suggestion)."""
    from siaga.engine.triage import Classifier

    clf, careless_wrong = Classifier(), 0
    for item in stream:
        suggested = clf.best(item["text"], ignore=spans[item["text"]]).category
        confirmed = suggested if item["careless"] == "1" else item["category"]
        careless_wrong += confirmed != item["category"]
        clf.learn(item["text"], confirmed, ignore=spans[item["text"]])
    return clf, careless_wrong


def quality(verbose: bool = False, ungated: bool = True) -> list[dict]:
    """Category top-1 (lexicon alone, after learning from the realistic stream and from the demo's stream) and
    place exactness on the labelled set; ``ungated``: also learning without the gate, for comparison."""
    from siaga.engine.triage import Classifier, gazetteer_from_lokal

    rows, stream, demo = read_tsv("triage_eval.tsv"), read_tsv("triage_confirmations.tsv"), demo_stream()
    gazetteer = gazetteer_from_lokal(KABUPATEN)
    spans = {r["text"]: gazetteer.resolve(r["text"], within=KABUPATEN).spans for r in rows + stream + demo}
    seed = Classifier()
    learned, careless_wrong = learn_stream(stream, spans)
    from_demo, _ = learn_stream(demo, spans)
    demo_hits = sum(from_demo.best(r["text"], ignore=spans[r["text"]]).category == r["category"] for r in rows)
    results: dict[str, dict[str, list[bool]]] = {"seed": {}, "learned": {}, "place": {}}
    for row in rows:
        text, split = row["text"], row["split"]
        resolution = gazetteer.resolve(text, within=KABUPATEN)
        for key, clf in (("seed", seed), ("learned", learned)):
            got = clf.best(text, ignore=resolution.spans).category
            results[key].setdefault(split, []).append(got == row["category"])
            if verbose and key == "seed" and got != row["category"]:
                print(f"CAT {row['id']} {row['category']} -> {got}: {text}", file=sys.stderr)
        ok = place_ok(resolution, row["place"])
        results["place"].setdefault(split, []).append(ok)
        if verbose and not ok:
            got = f"{resolution.desa_code} {resolution.kecamatan_code} amb={resolution.ambiguous}"
            print(f"PLACE {row['id']} {row['place']} -> {got}: {text}", file=sys.stderr)

    def metric(name: str, key: str, **extra) -> dict:
        every = [ok for oks in results[key].values() for ok in oks]
        splits = {f"{split}_value": round(sum(oks) / len(oks), 4) for split, oks in sorted(results[key].items())}
        value = round(sum(every) / len(every), 4)
        return {"metric": name, "value": value, "unit": "fraction", "messages": len(every), **splits, **extra}

    return [
        metric("triage_category_top1", "seed"),
        metric(
            "triage_category_top1_learned",
            "learned",
            confirmations=len(stream),
            careless_wrong=careless_wrong,
            learned_weight=learned.learned_weight,
            validation=learned.validation_size,
            learned_profile=learned.learned_profile,
            demo_stream_value=round(demo_hits / len(rows), 4),
            **(
                {
                    "ungated_value": ungated_top1(stream, rows, spans),
                    "demo_ungated_value": ungated_top1(demo, rows, spans),
                }
                if ungated
                else {}
            ),
        ),  # fmt: skip
        metric("triage_place_exact", "place"),
    ]


def psql(sql: str) -> None:
    subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-q", "-c", sql, "postgres"], check=True)


def setup(db: str) -> None:
    env = {
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "SIAGA_DATABASE_URL": f"{PG}/{db}",
        "SIAGA_SECRET_KEY": secrets.token_urlsafe(40),
        "SIAGA_ALLOWED_HOSTS": "127.0.0.1",
        "SIAGA_REPORTS_TRIAGE": "process",
    }
    os.environ.update(env)
    subprocess.run([sys.executable, "-m", "siaga.cli", "migrate", "-v0"], cwd=ROOT, env=os.environ, check=True)
    import django

    django.setup()
    from siaga.hq.demo import build_units
    from siaga.regions.models import Region
    from siaga.regions.services import regions_load
    from siaga.reports.taxonomy import categories_sync

    regions_load(prefix="35.09")
    categories_sync()
    build_units(Region.objects.get(code="35.09"))


def backlog(scenario: str, n: int) -> None:
    from django.utils import timezone

    from siaga.regions.models import Region
    from siaga.reports.demo import TEXTS
    from siaga.reports.services.intake import report_prepare
    from siaga.reports.services.store import reports_insert

    rng = random.Random(7)
    desa = list(Region.objects.filter(code__startswith="35.09.", level=4).values_list("name", "lat", "lon"))
    templates = [t for texts in TEXTS.values() for t in texts]
    if scenario == "dense":
        desa, templates = desa[:200], ["Perusakan baliho calon di jalan desa {desa} nomor {i}"]
    start = timezone.now() - timedelta(hours=2)
    reports = []
    for i in range(n):
        name, lat, lon = desa[i % len(desa)] if scenario == "dense" else rng.choice(desa)
        text = templates[i % len(templates)].format(desa=name, i=i)
        report = report_prepare(
            channel="public", client_id=uuid.uuid4(), text=text, lat=lat, lon=lon,
            occurred_at=start + timedelta(seconds=7200 * i / n),
        )  # fmt: skip
        reports.append(report)
        if len(reports) == 500:
            reports_insert(reports, actor_id=None, note="bench")
            reports = []
    reports_insert(reports, actor_id=None, note="bench")


def drain() -> tuple[int, float]:
    from siaga.reports.services.deferred import triage_pending

    done, start = 0, time.perf_counter()
    while batch := triage_pending():
        done += batch
    return done, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reports", type=int, default=10000)
    parser.add_argument("--quality-only", action="store_true", help="only the engine's quality metrics")
    parser.add_argument("--verbose", action="store_true", help="print every miss to stderr")
    args = parser.parse_args()
    for line in quality(verbose=args.verbose):
        print(json.dumps(line), flush=True)
    if args.quality_only:
        return
    db = f"siaga_bench_triage_{os.getpid()}"
    psql(f"CREATE DATABASE {db}")
    try:
        setup(db)
        from siaga.reports.models import Incident, Report

        for scenario in ("mixed", "dense"):
            backlog(scenario, args.reports)
            done, elapsed = drain()
            grouped = Report.objects.filter(incident__isnull=False).count()
            extra = {"scenario": scenario, "reports": done, "grouped": grouped, "incidents": Incident.objects.count()}
            print(json.dumps({"metric": "triage_reports_per_s", "value": round(done / elapsed, 1), "unit": "reports/s",
                              **extra}), flush=True)  # fmt: skip
            Report.objects.all().delete()
            Incident.objects.all().delete()
    finally:
        from django.db import connections

        connections.close_all()
        psql(f"DROP DATABASE IF EXISTS {db}")


if __name__ == "__main__":
    main()
