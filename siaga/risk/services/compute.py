"""Recomputation of the Polri category per TPS, overrides and the desa category (Pilkades)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from siaga.core import access
from siaga.core.audit import audit_record
from siaga.core.jobs import job_enqueue
from siaga.engine.risk import risk_score, rule_from_dict
from siaga.risk.jobs import run_recompute
from siaga.risk.models import CategoryChange, DesaCategory, RiskProfile, StationRisk
from siaga.risk.services.inputs import risk_inputs, station_rows
from siaga.risk.services.scope import desa_require
from siaga.stations.models import Station

CHUNK = 900


def _profile_for(election) -> RiskProfile:
    from siaga.risk.services.profile import profile_get_or_create

    return profile_get_or_create(election=election)


def _apply_station_categories(targets: dict[int, str]) -> None:
    by_category: dict[str, list[int]] = {}
    for station_id, category in targets.items():
        by_category.setdefault(category, []).append(station_id)
    for category, ids in by_category.items():
        for i in range(0, len(ids), CHUNK):
            Station.objects.filter(pk__in=ids[i : i + CHUNK]).update(category=category)


def _plan(profile, rows, risks, actor, now):
    """Compare fresh results with the stored ones: rows to create/update, history rows, new Station.category."""
    rule = rule_from_dict(profile.rule)
    rule.validate()
    codes = {c.code for c in rule.categories}
    inputs = risk_inputs(profile, rows)
    creates, updates, history, targets = [], [], [], {}
    for station_id, _desa, _special, current in rows:
        result = risk_score(inputs[station_id], rule)
        explanation = result.to_dict()
        risk = risks.get(station_id) or StationRisk(station_id=station_id)
        old_computed = risk.computed_category
        dropped = risk.override_category and risk.override_category not in codes
        if dropped:
            history.append(_change(station_id, risk.override_category, result.category, "clear", actor, now, result))
            history[-1].reason = "Kategori override tidak ada lagi di skema kategori."
            risk.override_category, risk.override_reason = "", ""
        changed = (risk.computed_category, risk.score, risk.explanation) != (result.category, result.score, explanation)
        risk.computed_category, risk.score, risk.explanation, risk.computed_at = (
            result.category,
            result.score,
            explanation,
            now,
        )
        if risk.pk is None:
            creates.append(risk)
        elif changed or dropped:
            updates.append(risk)
        if old_computed != result.category:
            reason = "Dihitung ulang oleh aturan"
            if risk.override_category:
                reason += f"; override '{risk.override_category}' tetap berlaku"
            history.append(_change(station_id, old_computed, result.category, "rule", actor, now, result, reason))
        if current != risk.category:
            targets[station_id] = risk.category
    return creates, updates, history, targets


def _change(station_id, old, new, source, actor, now, result=None, reason=""):
    return CategoryChange(
        station_id=station_id,
        old=old,
        new=new,
        source=source,
        reason=reason,
        actor=actor,
        at=now,
        score=result.score if result else None,
        explanation=result.to_dict() if result else {},
    )


def categories_recompute(*, election, actor=None, station_ids=None, progress=None) -> dict:
    """Recompute every TPS of the election (or only `station_ids`): history rows only for changed TPS, active
    overrides kept, Station.category updated. Returns counts.

    A compute step, not an entry point: called by the runner after recompute_enqueue checked the actor, and by
    the services that checked theirs (checklist, notes, overrides); `actor` only signs the history rows."""
    actor = None if actor is access.SYSTEM else actor
    profile = _profile_for(election)
    rows = station_rows(election, station_ids)
    if progress:
        progress(0, len(rows), "Menghitung kategori…")
    now = timezone.now()
    with transaction.atomic():
        risks = {r.station_id: r for r in StationRisk.objects.filter(station_id__in=[r[0] for r in rows])}
        creates, updates, history, targets = _plan(profile, rows, risks, actor, now)
        StationRisk.objects.bulk_create(creates, batch_size=500)
        fields = ["computed_category", "score", "explanation", "computed_at", "override_category", "override_reason"]
        StationRisk.objects.bulk_update(updates, fields, batch_size=500)
        CategoryChange.objects.bulk_create(history, batch_size=500)
        _apply_station_categories(targets)
        if station_ids is None:
            audit_record(
                action="action",
                model="risk.StationRisk",
                object_id=election.pk,
                object_repr=f"Hitung ulang kategori {election}",
                changes={"tps": len(rows), "berubah": len(targets)},
                note="Hitung ulang kategori kerawanan",
            )
    if progress:
        progress(len(rows), len(rows), f"{len(targets)} TPS berubah kategori")
    return {"stations": len(rows), "changed": len(targets), "history": len(history)}


def recompute_enqueue(*, election, actor, reason: str = ""):
    """Recompute every TPS of the kabupaten in the background: Polres-wide, like the rule it applies."""
    access.require(actor, "risk.rules", election)
    actor = None if actor is access.SYSTEM else actor
    title = f"Hitung ulang kategori kerawanan — {election}"
    params = {"election_id": election.pk, "actor_id": getattr(actor, "pk", None)}
    return job_enqueue(runner=run_recompute, title=title, params=params, user=actor)


def _risk_for(station) -> StationRisk:
    risk = StationRisk.objects.filter(station=station).first()
    if risk is None:
        categories_recompute(election=station.election, station_ids=[station.pk])
        risk = StationRisk.objects.get(station=station)
    return risk


def station_override_set(*, station, category: str, reason: str, actor) -> StationRisk:
    access.require(actor, "risk.override", station)
    actor = None if actor is access.SYSTEM else actor
    profile = _profile_for(station.election)
    if not (reason or "").strip():
        raise ValidationError({"reason": "Alasan override wajib diisi."})
    if category not in {c["code"] for c in profile.categories}:
        raise ValidationError({"category": "Kategori tidak dikenal."})
    with transaction.atomic():
        risk = _risk_for(station)
        old = risk.category
        risk.override_category, risk.override_reason = category, reason.strip()
        risk.override_by, risk.override_at = actor, timezone.now()
        risk.save()
        CategoryChange.objects.create(
            station=station, old=old, new=category, source="override", reason=reason.strip(), actor=actor,
            score=risk.score, explanation=risk.explanation,
        )  # fmt: skip
        Station.objects.filter(pk=station.pk).update(category=category)
    return risk


def station_override_clear(*, station, reason: str, actor) -> StationRisk:
    access.require(actor, "risk.override", station)
    actor = None if actor is access.SYSTEM else actor
    if not (reason or "").strip():
        raise ValidationError({"reason": "Alasan pencabutan override wajib diisi."})
    with transaction.atomic():
        risk = _risk_for(station)
        if not risk.override_category:
            raise ValidationError("TPS ini tidak sedang di-override.")
        old = risk.override_category
        risk.override_category, risk.override_reason, risk.override_by, risk.override_at = "", "", None, None
        risk.save()
        CategoryChange.objects.create(
            station=station, old=old, new=risk.computed_category, source="clear", reason=reason.strip(),
            actor=actor, score=risk.score, explanation=risk.explanation,
        )  # fmt: skip
        Station.objects.filter(pk=station.pk).update(category=risk.computed_category)
    return risk


def desa_category_set(*, profile, desa, category: str, reason: str, actor, unit) -> DesaCategory:
    """The category of a whole desa (Pilkades), owned by `unit`; the desa must be in the actor's jurisdiction."""
    existing = DesaCategory.objects.filter(profile=profile, desa=desa).select_related("unit").first()
    access.require(actor, "risk.override", existing, unit=None if existing is not None else unit)
    if existing is not None:
        access.require(actor, "risk.override", unit=unit)
    desa_require(actor, desa)
    actor = None if actor is access.SYSTEM else actor
    if not (reason or "").strip():
        raise ValidationError({"reason": "Alasan wajib diisi."})
    if category not in {c["code"] for c in profile.categories}:
        raise ValidationError({"category": "Kategori tidak dikenal."})
    obj = existing or DesaCategory(profile=profile, desa=desa)
    obj.category, obj.reason, obj.actor, obj.unit = category, reason.strip(), actor, unit
    obj.save()
    return obj


def desa_category_clear(*, profile, desa, actor) -> None:
    rows = list(DesaCategory.objects.filter(profile=profile, desa=desa).select_related("unit"))
    access.require(actor, "risk.override")  # the role; the scope per row below
    for obj in rows:
        access.require(actor, "risk.override", obj)
    for obj in rows:
        obj.delete()
