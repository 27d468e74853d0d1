"""Reads for the TPS registry. Every read starts at `Station.objects.restrict(user)` and then applies the
shared filter (siaga.stations.filters), so list, API, exports and map agree."""

from django.db.models import Count, F, Q, Sum
from django.urls import reverse
from django.utils.html import escape

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


def _popup(station: Station, style, url: str) -> str:
    return (
        f'<b><a href="{url}">TPS {station.number:03d} {escape(station.desa.name)}</a></b><br>'
        f"Kec. {escape(station.desa.parent.name)} · DPT {station.voters}<br>"
        f'Kategori: <span style="color:{style.color}">{escape(style.label)}</span>'
    )


def station_geojson(*, qs, election=None) -> dict:
    styles = category_styles(election=election)
    features = []
    for s in qs.exclude(lat=None).exclude(lon=None):
        style = category_style(s.category, styles=styles)
        url = reverse("stations:detail", args=[s.pk])
        props = {
            "id": s.pk,
            "name": f"TPS {s.number:03d} {s.desa.name}",
            "number": s.number,
            "desa": s.desa_id,
            "category": s.category,
            "category_label": style.label,
            "color": style.color,
            "radius": 5,
            "voters": s.voters,
            "special_type": s.special_type,
            "popup": _popup(s, style, url),
        }
        features.append(
            {"type": "Feature", "geometry": {"type": "Point", "coordinates": [s.lon, s.lat]}, "properties": props}
        )
    return {"type": "FeatureCollection", "features": features}


def latest_election_for(*, user):
    from siaga.elections.selectors import election_list

    return election_list(user=user).first()
