"""Weekly visit plans: model rows → siaga.engine.visits → the plan's JSON result (in a background job)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from django.db.models import Count, Max
from django.utils import timezone

from siaga.community.models import Beat, Directive, Tokoh, Visit, VisitPlan
from siaga.core import access
from siaga.core.errors import ServiceError
from siaga.engine import visits as engine

KERAWANAN = {"sangat_rawan": 1.0, "khusus": 0.8, "rawan": 0.5}
VISIT_MINUTES = {"tokoh": 30, "rw": 45}


def visit_plan_create(*, actor, unit, week_start: date) -> VisitPlan:
    from siaga.community.jobs import run_visit_plan
    from siaga.core.jobs import job_enqueue

    access.require(actor, "community.plan", unit=unit)
    if unit is None or not unit.is_police:
        raise ServiceError("Pilih satuan Polri.", 422, "unit")
    week_start = week_start - timedelta(days=week_start.weekday())
    plan = VisitPlan.objects.create(unit=unit, week_start=week_start, created_by=access.acting_user(actor))
    plan.job = job_enqueue(
        runner=run_visit_plan,
        title=f"Rencana kunjungan {unit.name} minggu {week_start:%d-%m-%Y}",
        params={"plan_id": plan.pk},
        user=access.acting_user(actor),
        unit=unit,
    )
    plan.save(update_fields=["job"])
    return plan


def visit_plan_compute(*, plan: VisitPlan, progress=None) -> dict:
    """Build the engine's input from the unit's beats and tokoh, solve, store the result."""
    beats = list(
        Beat.objects.filter(unit__path__startswith=plan.unit.path)
        .exclude(officer=None)
        .select_related("officer__unit", "desa")
    )
    facts = _facts(plan, beats)
    officers, problems = [], []
    by_officer = defaultdict(list)
    for beat in beats:
        by_officer[beat.officer].append(beat)
    for user, own in by_officer.items():
        officer, skipped = _officer(user, own, facts)
        officers.append(officer)
        problems += skipped
    result = {"week_start": plan.week_start.isoformat(), "officers": [], "problems": problems, "labels": {}}
    for i, officer in enumerate(officers):
        planned = engine.plan_officer(officer)
        result["officers"].append({**planned.to_json(), "name": facts["names"][officer.id]})
        if progress is not None and i % 10 == 0:
            progress(i, len(officers))
    result["labels"] = {
        key: facts["labels"][key] for o in result["officers"] for key in (s["target_id"] for s in o["stops"])
    }
    result["prize_total"] = round(sum(o["prize"] for o in result["officers"]), 3)
    plan.result = result
    plan.save(update_fields=["result", "updated_at"])
    return result


def _facts(plan, beats) -> dict:
    desa_ids = {b.desa_id for b in beats}
    today = timezone.localdate()
    last_tokoh = dict(Visit.objects.filter(tokoh__desa_id__in=desa_ids).values_list("tokoh").annotate(m=Max("at")))
    last_beat = dict(Visit.objects.filter(beat__in=beats).values_list("beat").annotate(m=Max("at")))
    directives = list(
        Directive.objects.filter(unit__path__in=_ancestors(plan.unit), deadline__gte=today).prefetch_related("desa")
    )
    return {
        "today": today,
        "tokoh": list(Tokoh.objects.filter(desa_id__in=desa_ids, is_active=True)),
        "last_tokoh": last_tokoh,
        "last_beat": last_beat,
        "kerawanan": _kerawanan(desa_ids),
        "incidents": _incidents(desa_ids, today),
        "directives": directives,
        "names": {},
        "labels": {},
    }


def _ancestors(unit) -> list[str]:
    parts = unit.path.strip("/").split("/")
    return ["/" + "/".join(parts[: i + 1]) + "/" for i in range(len(parts))]


def _kerawanan(desa_ids) -> dict:
    try:
        from siaga.risk.models import DesaCategory
    except ImportError:  # pragma: no cover - risk is always installed with community
        return {}
    rows = DesaCategory.objects.filter(desa_id__in=desa_ids).values_list("desa_id", "category")
    return {desa: KERAWANAN.get(cat, 0.0) for desa, cat in rows}


def _incidents(desa_ids, today) -> dict:
    from siaga.reports.models import Report

    since = timezone.now() - timedelta(days=90)
    rows = (
        Report.objects.filter(desa_id__in=desa_ids, occurred_at__gte=since)
        .values_list("desa_id")
        .annotate(n=Count("id"))
    )
    return dict(rows)


def _days(last, today) -> int | None:
    return None if last is None else (today - timezone.localtime(last).date()).days


def _directed(tokoh, directives) -> bool:
    return any(
        tokoh.kind in d.tokoh_kinds and (not d.desa.all() or tokoh.desa_id in {x.pk for x in d.desa.all()})
        for d in directives
    )


def _officer(user, beats, facts):
    key = f"u{user.pk}"
    facts["names"][key] = user.get_full_name() or user.username
    base = next(((b.lat, b.lon) for b in beats if b.lat is not None), (None, None))
    if user.unit and user.unit.lat is not None:
        base = (user.unit.lat, user.unit.lon)
    desa_ids = {b.desa_id for b in beats if b.kind == "desa"}
    rw_ids = {b.pk for b in beats if b.kind != "desa"}
    targets, skipped = [], []
    for beat in beats:
        if beat.kind == "desa" or beat.lat is None:
            continue
        targets.append(_beat_target(beat, facts))
    for rw in Beat.objects.filter(desa_id__in=desa_ids).exclude(kind="desa").exclude(lat=None).exclude(pk__in=rw_ids):
        targets.append(_beat_target(rw, facts))
    for tokoh in facts["tokoh"]:
        if tokoh.desa_id in desa_ids or tokoh.beat_id in rw_ids:
            if tokoh.lat is None:
                skipped.append(f"Tokoh {tokoh.name} tanpa koordinat tidak direncanakan.")
                continue
            targets.append(_tokoh_target(tokoh, facts))
    if base[0] is None:
        skipped.append(f"Petugas {facts['names'][key]} tanpa pangkalan tidak direncanakan.")
        return engine.Officer(key, 0.0, 0.0, []), skipped
    return engine.Officer(key, base[0], base[1], targets), skipped


def _beat_target(beat, facts):
    key = f"b{beat.pk}"
    facts["labels"][key] = str(beat)
    prize = engine.priority(
        influence=3,
        kerawanan=facts["kerawanan"].get(beat.desa_id, 0.0),
        incidents=facts["incidents"].get(beat.desa_id, 0),
        days_since_visit=_days(facts["last_beat"].get(beat.pk), facts["today"]),
    )
    return engine.Target(key, beat.lat, beat.lon, prize, VISIT_MINUTES["rw"])


def _tokoh_target(tokoh, facts):
    key = f"t{tokoh.pk}"
    facts["labels"][key] = f"{tokoh.name} ({tokoh.get_kind_display()})"
    prize = engine.priority(
        influence=tokoh.influence,
        kerawanan=facts["kerawanan"].get(tokoh.desa_id, 0.0),
        incidents=facts["incidents"].get(tokoh.desa_id, 0),
        days_since_visit=_days(facts["last_tokoh"].get(tokoh.pk), facts["today"]),
        directive=_directed(tokoh, facts["directives"]),
    )
    return engine.Target(key, tokoh.lat, tokoh.lon, prize, VISIT_MINUTES["tokoh"])
