"""Pilkades serentak: writing a whole kabupaten round (from the importer, or the demo) and the board."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.db.models import Count, F, Q, Sum
from django.utils import timezone

from siaga.coordination.models import Meeting, PilkadesDesa, PilkadesRound
from siaga.core import access
from siaga.elections.models import Candidate, Election
from siaga.elections.services import candidate_create, candidate_update
from siaga.regions.selectors import short_name
from siaga.stations.models import Station
from siaga.units.selectors import polsek_by_desa

MONTHS = ["", "Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
          "November", "Desember"]  # fmt: skip


def round_name(kabupaten, voting_day: date) -> str:
    return f"Pilkades serentak {short_name(kabupaten)} {voting_day.day} {MONTHS[voting_day.month]} {voting_day.year}"


@transaction.atomic
def pilkades_round_write(
    *, unit, voting_day: date, desa: list, candidates: dict, tps: dict, actor, progress=None, is_demo=False
) -> tuple[PilkadesRound, dict]:
    """Create or update the round, each desa's Pilkades election (checked for the actor as elections.services does,
    once for the round), its
    candidates and TPS and the board row. `candidates`: desa code → {number: (name, row)}; `tps`: desa code →
    {number: {"male", "female", "address"}}. Idempotent: the same input twice leaves the same state."""
    access.require(actor, "coordination.pilkades", unit=unit)
    progress = progress or (lambda *a, **k: None)
    kabupaten = desa[0].parent.parent if desa else None
    rnd, _ = PilkadesRound.objects.get_or_create(
        unit=unit,
        kabupaten=kabupaten,
        voting_day=voting_day,
        defaults={"name": round_name(kabupaten, voting_day), "is_demo": is_demo},
    )
    codes = [d.code for d in desa]
    # a desa's Pilkades of that day owned by this Polres, whether imported before or created by hand
    existing = {
        e.region_code: e
        for e in Election.objects.filter(
            type=Election.Type.PILKADES, unit=unit, voting_day=voting_day, regions__code__in=codes
        ).annotate(region_code=F("regions__code"))
    }
    counts = Counter()
    _check_elections_actor(actor, unit, desa)
    fresh = [
        Election(
            name=f"Pilkades {region.name} {voting_day.year}",
            type=Election.Type.PILKADES,
            unit=unit,
            voting_day=voting_day,
            is_demo=is_demo,
        )
        for region in desa
        if region.code not in existing
    ]
    fresh_regions = [region for region in desa if region.code not in existing]
    Election.objects.bulk_create(fresh, batch_size=1000)
    Election.regions.through.objects.bulk_create(
        [
            Election.regions.through(election_id=e.pk, region_id=r.code)
            for e, r in zip(fresh, fresh_regions, strict=True)
        ],
        batch_size=2000,
    )
    counts["elections_created"] = len(fresh)
    # candidates of a new election straight from the checked file; an existing election's through the service
    new_candidates = [
        Candidate(election=election, number=number, name=name, is_demo=is_demo)
        for election, region in zip(fresh, fresh_regions, strict=True)
        for number, (name, _row) in sorted(candidates[region.code].items())
    ]
    counts["candidates_created"] = len(new_candidates)
    for i, region in enumerate(desa, 1):
        if region.code in existing:
            _sync_candidates(existing[region.code], candidates[region.code], actor, counts)
            if i % 50 == 0:
                progress(i, len(desa), f"Memeriksa calon desa {i} dari {len(desa)}…")
    existing.update({r.code: e for e, r in zip(fresh, fresh_regions, strict=True)})
    Candidate.objects.bulk_create(new_candidates, batch_size=2000)
    _sync_stations(unit, voting_day, desa, existing, tps, counts, is_demo)
    polsek = {}
    for kab in {d.code.rsplit(".", 2)[0] for d in desa}:
        polsek.update(polsek_by_desa(kabupaten_code=kab))
    rows = {r.desa_id: r for r in PilkadesDesa.objects.filter(round=rnd)}
    fresh, moved = [], []
    for region in desa:
        election = existing[region.code]
        unit_id = polsek.get(region.code, unit.pk)
        row = rows.get(region.code)
        if row is None:
            fresh.append(PilkadesDesa(round=rnd, election=election, desa=region, unit_id=unit_id, is_demo=is_demo))
        elif row.unit_id != unit_id or row.election_id != election.pk:
            row.unit_id, row.election = unit_id, election
            moved.append(row)
    PilkadesDesa.objects.bulk_create(fresh, batch_size=1000)
    PilkadesDesa.objects.bulk_update(moved, ["unit", "election"], batch_size=1000)
    counts["desa"] = len(desa)
    summary = (
        f"{rnd.name}: {len(desa)} desa ({counts['elections_created']} Pilkades baru), "
        f"{counts['candidates_created']} calon baru, {counts['candidates_updated']} calon diubah, "
        f"{counts['candidates_deleted']} calon dihapus, {counts['tps_created']} TPS baru, "
        f"{counts['tps_updated']} TPS diperbarui."
    )
    result = {key: counts[key] for key in (
        "desa", "elections_created", "candidates_created", "candidates_updated", "candidates_deleted",
        "tps_created", "tps_updated",
    )}  # fmt: skip
    result.update(summary=summary, message=summary, round_id=rnd.pk)
    return rnd, result


def _check_elections_actor(actor, unit, desa) -> None:
    """What elections.services.election_create checks for each election, once for the whole round: the actor may
    change the Polres' elections, and every desa lies in the actor's jurisdiction."""
    from django.core.exceptions import ValidationError

    from siaga.regions.selectors import jurisdiction_regions

    access.require(actor, "elections.change", unit=unit)
    if actor is access.SYSTEM or access.is_admin(actor):
        return
    codes = [d.code for d in desa]
    allowed = set(jurisdiction_regions(user=actor).filter(code__in=codes).values_list("code", flat=True))
    outside = sorted(d.name for d in desa if d.code not in allowed)
    if outside:
        raise ValidationError(f"Di luar wilayah hukum Anda: {', '.join(outside[:10])}.")


def _sync_candidates(election, wanted: dict, actor, counts: Counter) -> None:
    have = {c.number: c for c in election.candidates.all()}
    for number in sorted(set(have) - set(wanted)):
        have[number].delete()
        counts["candidates_deleted"] += 1
    for number, (name, _row) in sorted(wanted.items()):
        candidate = have.get(number)
        if candidate is None:
            candidate_create(election=election, number=number, name=name, actor=actor)
            counts["candidates_created"] += 1
        elif candidate.name != name:
            candidate_update(candidate=candidate, number=number, name=name, parties=candidate.parties, actor=actor)
            counts["candidates_updated"] += 1


def _sync_stations(unit, voting_day, desa, elections: dict, tps: dict, counts: Counter, is_demo: bool) -> None:
    polsek = {}
    for kab in {d.code.rsplit(".", 2)[0] for d in desa}:
        polsek.update(polsek_by_desa(kabupaten_code=kab))
    election_ids = [e.pk for e in elections.values()]
    have = {
        (s.election_id, s.number): s
        for s in Station.objects.filter(election_id__in=election_ids).only(
            "id", "election_id", "desa_id", "number", "voters_male", "voters_female", "address", "unit_id"
        )
    }
    created, updated = [], []
    for region in desa:
        election = elections[region.code]
        unit_id = polsek.get(region.code, unit.pk)
        for number, spec in sorted(tps[region.code].items()):
            station = have.get((election.pk, number))
            if station is None:
                created.append(
                    Station(
                        election=election,
                        desa=region,
                        number=number,
                        voters_male=spec["male"],
                        voters_female=spec["female"],
                        address=spec["address"],
                        unit_id=unit_id,
                        is_demo=is_demo,
                    )
                )
            elif (station.voters_male, station.voters_female, station.address, station.unit_id) != (
                spec["male"],
                spec["female"],
                spec["address"],
                unit_id,
            ):
                station.voters_male, station.voters_female = spec["male"], spec["female"]
                station.address, station.unit_id = spec["address"], unit_id
                updated.append(station)
    Station.objects.bulk_create(created, batch_size=2000)
    Station.objects.bulk_update(updated, ["voters_male", "voters_female", "address", "unit"], batch_size=1000)
    counts["tps_created"] += len(created)
    counts["tps_updated"] += len(updated)


# --- the board ------------------------------------------------------------------------------------------------


def round_list(*, user):
    """Rounds the user can follow: its Polres' rounds, or (a Polsek) the rounds with a desa of its sector."""
    own = PilkadesRound.objects.restrict(user)
    if user.is_authenticated and user.unit_id and not access.is_admin(user) and not user.is_partner:
        mine = PilkadesDesa.objects.restrict(user).values("round_id")
        return PilkadesRound.objects.filter(Q(pk__in=own.values("pk")) | Q(pk__in=mine)).select_related("kabupaten")
    return own.select_related("kabupaten")


INCIDENT_DAYS = 60  # reports and visits counted on the board: from two months before the voting day


def board(*, user, rnd: PilkadesRound, unit=None) -> dict:
    """Every desa of the round in the user's scope (or under `unit`): candidates, TPS and DPT, kerawanan,
    briefings held, deployment, incidents and the day's status. A fixed number of queries, whatever the size."""
    rows_qs = PilkadesDesa.objects.restrict(user).filter(round=rnd)
    if unit is not None:
        rows_qs = rows_qs.filter(unit__path__startswith=unit.path)
    rows = list(rows_qs.select_related("desa__parent", "unit").order_by("unit__name", "desa__name"))
    election_ids = [r.election_id for r in rows]
    candidates = defaultdict(list)
    for c in (
        Candidate.objects.filter(election_id__in=election_ids)
        .order_by("number")
        .values_list("election_id", "number", "name")
    ):
        candidates[c[0]].append((c[1], c[2]))
    stations = {
        s["election_id"]: s
        for s in Station.objects.filter(election_id__in=election_ids)
        .values("election_id")
        .annotate(
            n=Count("id"),
            dpt=Sum("voters_male") + Sum("voters_female"),
            sangat_rawan=Count("id", filter=Q(category="sangat_rawan")),
            rawan=Count("id", filter=Q(category="rawan")),
        )
    }
    briefings = dict(
        Meeting.objects.filter(election_id__in=election_ids)
        .values("election_id")
        .annotate(n=Count("id"))
        .values_list("election_id", "n")
    )
    deployment = _deployment(election_ids)
    incidents = _incidents([r.desa_id for r in rows], rnd)
    visits = _visits([r.desa_id for r in rows], rnd)
    out, totals = [], Counter()
    for r in rows:
        st = stations.get(r.election_id, {})
        category = "sangat_rawan" if st.get("sangat_rawan") else ("rawan" if st.get("rawan") else "")
        item = {
            "row": r,
            "candidates": candidates.get(r.election_id, []),
            "tps": st.get("n", 0),
            "dpt": st.get("dpt") or 0,
            "category": category,
            "rawan_tps": (st.get("sangat_rawan") or 0) + (st.get("rawan") or 0),
            "briefings": briefings.get(r.election_id, 0),
            "deployment": deployment.get(r.election_id, ""),
            "incidents": incidents.get(r.desa_id, 0),
            "visits": visits.get(r.desa_id, 0),
        }
        out.append(item)
        totals["desa"] += 1
        totals["candidates"] += len(item["candidates"])
        totals["tps"] += item["tps"]
        totals["dpt"] += item["dpt"]
        totals["incidents"] += item["incidents"]
        totals["visits"] += item["visits"]
        totals["counted"] += r.counting == PilkadesDesa.Counting.DONE
        totals["disputed"] += r.result == PilkadesDesa.Result.DISPUTED
        totals["accepted"] += r.result == PilkadesDesa.Result.ACCEPTED
    return {"rows": out, "totals": totals}


def _deployment(election_ids) -> dict:
    from siaga.deployment.models import DeploymentPlan

    status = {}
    for election_id, plan_status in DeploymentPlan.objects.filter(election_id__in=election_ids).values_list(
        "election_id", "status"
    ):
        if status.get(election_id) != "approved":
            status[election_id] = plan_status
    return status


def _visits(desa_codes, rnd) -> dict:
    """Sambang (Bhabinkamtibmas visits, community app) to each desa in the run-up to the voting day."""
    from siaga.community.models import Visit

    since = timezone.make_aware(datetime.combine(rnd.voting_day - timedelta(days=INCIDENT_DAYS), time.min))
    return dict(
        Visit.objects.filter(desa_id__in=desa_codes, at__gte=since)
        .values("desa_id")
        .annotate(n=Count("id"))
        .values_list("desa_id", "n")
    )


def _incidents(desa_codes, rnd) -> dict:
    from siaga.reports.models import Report

    since = timezone.make_aware(datetime.combine(rnd.voting_day - timedelta(days=INCIDENT_DAYS), time.min))
    return dict(
        Report.objects.filter(desa_id__in=desa_codes, created_at__gte=since)
        .values("desa_id")
        .annotate(n=Count("id"))
        .values_list("desa_id", "n")
    )
