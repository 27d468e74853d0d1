"""Reads for the TPS registry. Every read starts at `Station.objects.restrict(user)` and then applies the
shared filter (siaga.stations.filters), so list, API, exports and map agree."""

from django.db.models import Count, F, Q, Sum

from siaga.regions.models import Region
from siaga.stations.categories import categories, category_style, category_styles
from siaga.stations.filters import station_filter
from siaga.stations.models import Station
from siaga.units.models import Unit


def station_list(*, user, election, params=None, action: str = "view"):
    qs = Station.objects.restrict(user, action).filter(election=election)
    qs = station_filter(params or {}, qs)
    return qs.select_related("desa__parent", "unit").order_by("desa__parent__name", "desa__name", "number")


def station_get(*, user, pk: int) -> Station | None:
    return Station.objects.restrict(user).select_related("desa__parent", "unit", "election").filter(pk=pk).first()


def filter_options(*, user, election) -> dict:
    visible = Station.objects.restrict(user).filter(election=election)
    unit_ids = visible.values("unit_id").distinct()
    kec_codes = {code.rsplit(".", 1)[0] for code in visible.values_list("desa_id", flat=True).distinct()}
    return {
        "polseks": list(Unit.objects.filter(pk__in=unit_ids).order_by("name")),
        "kecamatan": list(Region.objects.filter(code__in=kec_codes).order_by("name")),
    }


def kecamatan_summary(*, qs, election=None) -> dict:
    """TPS count, DPT and count per category for each kecamatan of the (filtered) TPS queryset."""
    cats = categories(election=election)
    aggregates = {f"cat_{i}": Count("pk", filter=Q(category=c.code)) for i, c in enumerate(cats)}
    rows = (
        qs.order_by()
        .values(kec_code=F("desa__parent__code"), kec_name=F("desa__parent__name"))
        .annotate(
            tps=Count("pk"),
            dpt=Sum(F("voters_male") + F("voters_female")),
            unknown=Count("pk", filter=Q(category="")),
            **aggregates,
        )
        .order_by("kec_name")
    )
    result = []
    for row in rows:
        row["per_category"] = [row.pop(f"cat_{i}") for i in range(len(cats))]
        result.append(row)
    totals = {
        "tps": sum(r["tps"] for r in result),
        "dpt": sum(r["dpt"] or 0 for r in result),
        "unknown": sum(r["unknown"] for r in result),
        "per_category": [sum(r["per_category"][i] for r in result) for i in range(len(cats))],
    }
    return {"categories": cats, "rows": result, "totals": totals}


def severity_ranks(styles: dict) -> dict[str, int]:
    """Rank of each category by its place in the scheme (the last is the most severe); a map cluster takes the
    colour of its highest-ranked TPS. Special-location categories (khusus) rank lowest: they say where a TPS
    is, not how vulnerable it is."""
    graded = [code for code in styles if code != "khusus"]
    return {code: i + 1 for i, code in enumerate(graded)}


COORD_DIGITS = 5  # ~1 m: enough for a TPS, and a third fewer bytes than the stored precision


def station_feature(s: Station, style, **extra) -> dict:
    """A compact map feature: no popup HTML (static/stations/tps-map.js builds it from these properties)."""
    props = {"id": s.pk, "name": f"TPS {s.number:03d} {s.desa.name} ({style.label})", "category": s.category}
    props |= {"color": style.color, "voters": s.voters, **extra}
    if s.special_type:
        props["special_type"] = s.special_type
    point = [round(s.lon, COORD_DIGITS), round(s.lat, COORD_DIGITS)]
    return {"type": "Feature", "geometry": {"type": "Point", "coordinates": point}, "properties": props}


def station_geojson(*, qs, election=None) -> dict:
    styles = category_styles(election=election)
    located = qs.exclude(lat=None).exclude(lon=None)
    rank = severity_ranks(styles)
    features = [
        station_feature(s, category_style(s.category, styles=styles), rank=rank.get(s.category, 0)) for s in located
    ]
    return {"type": "FeatureCollection", "features": features}


def latest_election_for(*, user):
    from siaga.elections.selectors import election_list

    return election_list(user=user).first()
