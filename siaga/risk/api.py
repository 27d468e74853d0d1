"""Kerawanan API: catalog, per-TPS checklist (field app), category with explanation, history, summary."""

from django.core.exceptions import ValidationError
from django.http import Http404
from ninja import Router, Schema
from ninja.errors import HttpError

from siaga.risk import selectors, services
from siaga.risk.models import CategoryChange, Source, StationRisk

router = Router(tags=["Kerawanan"])


class IndicatorOut(Schema):
    code: str
    label: str
    variable: str
    variable_label: str
    weight: float
    active: bool


class RiskCategoryOut(Schema):
    code: str
    label: str
    color: str | None = None
    min_score: float | None = None


class CatalogOut(Schema):
    election_id: int
    catalog: str
    categories: list[RiskCategoryOut]
    indicators: list[IndicatorOut]


class StationRiskOut(Schema):
    station_id: int
    category: str
    category_label: str
    computed_category: str
    override_category: str
    override_reason: str
    score: float
    explanation: dict
    checklist: list[str]


class ChecklistIn(Schema):
    codes: list[str]


class OverrideIn(Schema):
    category: str
    reason: str


class HistoryOut(Schema):
    at: str
    old: str
    new: str
    source: str
    reason: str
    actor: str | None
    score: float | None


class SummaryRow(Schema):
    code: str
    name: str
    counts: dict[str, int]
    total: int
    own: str | None = None


def _station(request, pk: int):
    try:
        return selectors.station_get(user=request.auth, pk=pk)
    except Http404 as exc:
        raise HttpError(404, "TPS tidak ditemukan atau di luar wilayah Anda.") from exc


def _election(request, pk: int):
    try:
        return selectors.election_get(user=request.auth, pk=pk)
    except Http404 as exc:
        raise HttpError(404, "Pemilihan tidak ditemukan.") from exc


@router.get("/pemilihan/{election_id}/indikator", response=CatalogOut, summary="Katalog indikator dan kategori")
def catalog(request, election_id: int):
    profile = selectors.profile_for(election=_election(request, election_id))
    return {
        "election_id": election_id,
        "catalog": profile.catalog,
        "categories": profile.categories,
        "indicators": list(profile.indicators.all()),
    }


def _risk_out(station) -> dict:
    profile = selectors.profile_for(election=station.election)
    risk = StationRisk.objects.filter(station=station).first() or StationRisk(station=station)
    return {
        "station_id": station.pk,
        "category": station.category,
        "category_label": profile.category(station.category)["label"],
        "computed_category": risk.computed_category,
        "override_category": risk.override_category,
        "override_reason": risk.override_reason,
        "score": risk.score,
        "explanation": risk.explanation,
        "checklist": sorted(selectors.station_flags(station)),
    }


@router.get("/tps/{station_id}", response=StationRiskOut, summary="Kategori, penjelasan dan daftar periksa TPS")
def station_risk(request, station_id: int):
    return _risk_out(_station(request, station_id))


@router.put("/tps/{station_id}/daftar-periksa", response=StationRiskOut, summary="Isi daftar periksa TPS")
def checklist_update(request, station_id: int, payload: ChecklistIn):
    station = _station(request, station_id)
    try:
        services.checklist_set(station=station, codes=set(payload.codes), actor=request.auth, source=Source.FIELD)
    except ValidationError as exc:
        raise HttpError(422, "; ".join(exc.messages)) from exc
    station.refresh_from_db()
    return _risk_out(station)


@router.post("/tps/{station_id}/override", response=StationRiskOut, summary="Override kategori TPS (alasan wajib)")
def override(request, station_id: int, payload: OverrideIn):
    station = _station(request, station_id)
    try:
        services.station_override_set(
            station=station, category=payload.category, reason=payload.reason, actor=request.auth
        )
    except ValidationError as exc:
        raise HttpError(422, "; ".join(exc.messages)) from exc
    station.refresh_from_db()
    return _risk_out(station)


@router.get("/tps/{station_id}/riwayat", response=list[HistoryOut], summary="Riwayat kategori TPS")
def history(request, station_id: int):
    station = _station(request, station_id)
    rows = CategoryChange.objects.restrict(request.auth).filter(station=station).select_related("actor")[:200]
    return [
        {"at": h.at.isoformat(), "old": h.old, "new": h.new, "source": h.source, "reason": h.reason,
         "actor": h.actor.username if h.actor else None, "score": h.score}
        for h in rows
    ]  # fmt: skip


@router.get("/pemilihan/{election_id}/ringkasan", response=list[SummaryRow], summary="Jumlah TPS per kategori")
def summary(request, election_id: int, tingkat: str = "kecamatan"):
    if tingkat not in ("kecamatan", "desa"):
        raise HttpError(422, "tingkat harus 'kecamatan' atau 'desa'.")
    election = _election(request, election_id)
    rows = selectors.category_counts(user=request.auth, election=election, by=tingkat)
    if tingkat == "desa":
        selectors.desa_categories(user=request.auth, profile=selectors.profile_for(election=election), rows=rows)
    return rows
