"""What the risk app plugs into other apps: the stations `indicator` filter, category labels/colours per
election, and a dashboard panel."""

from django.db.models import Count

from siaga.risk.catalog import CATALOG_FOR_ELECTION, catalog


def indicator_filter(qs, value: str):
    """TPS that have every indicator listed (comma-separated codes)."""
    for code in [c.strip() for c in value.split(",") if c.strip()]:
        qs = qs.filter(risk_flags__indicator__code=code, risk_flags__indicator__active=True)
    return qs


def indicator_choices(election) -> list[tuple[str, str]]:
    from siaga.risk.models import Indicator

    if election is None:
        return []
    rows = list(Indicator.objects.filter(profile__election=election, active=True).values_list("code", "label"))
    if rows:
        return rows
    return [(i["code"], i["label"]) for i in catalog(CATALOG_FOR_ELECTION[election.type])["indicators"]]


def category_provider(election):
    from siaga.risk.models import RiskProfile
    from siaga.stations.categories import CategoryStyle

    if election is None:
        return None
    profile = RiskProfile.objects.filter(election=election).only("rule").first()
    if profile is None:
        return None
    return [CategoryStyle(c["code"], c["label"], c.get("color", "#888888")) for c in profile.categories]


def register_station_hooks() -> None:
    try:
        from siaga.stations.categories import category_provider_register
        from siaga.stations.filters import register_station_filter
    except ImportError:  # the stations app has not exposed its hooks
        return
    register_station_filter("indicator", indicator_filter, label="Indikator", choices=indicator_choices)
    category_provider_register(category_provider)


def dashboard_panel(user) -> dict:
    from siaga.risk.models import RiskProfile
    from siaga.stations.models import Station

    stations = Station.objects.restrict(user)
    latest = stations.order_by("-election__voting_day").values_list("election_id", flat=True).first()
    if latest is None:
        return {"election": None}
    counts = dict(stations.filter(election_id=latest).values_list("category").annotate(n=Count("id")))
    profile = RiskProfile.objects.filter(election_id=latest).select_related("election").first()
    cats = profile.categories if profile else []
    rows = [{"label": c["label"], "color": c.get("color"), "n": counts.get(c["code"], 0)} for c in cats]
    return {"election_id": latest, "election": profile.election if profile else None, "rows": rows}
