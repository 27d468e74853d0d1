"""What the risk app plugs into other apps: the stations `indicator` filter and category labels/colours per
election (the dashboard panel is `selectors.dashboard_panel`)."""

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
