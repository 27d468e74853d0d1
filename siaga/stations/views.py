import json

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.urls import reverse
from django.views.decorators.gzip import gzip_page

from siaga.core.imports.views import import_page
from siaga.core.maps import map_config
from siaga.core.replicas import use_replica
from siaga.elections.selectors import election_get
from siaga.stations import exports, selectors
from siaga.stations.categories import categories, category_style
from siaga.stations.filters import StationFilterForm, filter_querystring
from siaga.stations.importer import StationImporter
from siaga.stations.models import Station

RISK_PANEL = "risk/htmx/station_panel.html"
PAGE_SIZE = 100
SPECIAL_TYPES_JSON = json.dumps({code: label for code, label in Station.SpecialType.choices if code})
COMPACT_JSON = {"separators": (",", ":"), "ensure_ascii": False}


def _geojson(data: dict) -> JsonResponse:
    return JsonResponse(data, json_dumps_params=COMPACT_JSON)


def _election(request, election_pk: int):
    election = election_get(user=request.user, pk=election_pk)
    if election is None:
        raise Http404("Pemilihan tidak ditemukan.")
    return election


def _list_context(request, election) -> dict:
    qs = selectors.station_list(user=request.user, election=election, params=request.GET)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    options = selectors.filter_options(user=request.user, election=election)
    query = filter_querystring(request.GET)
    for station in page.object_list:
        station.style = category_style(station.category, election=election)
    return {
        "election": election,
        "page": page,
        "query": query,
        "form": StationFilterForm(request.GET, election=election, **options),
        "categories": categories(election=election),
        "geojson_url": reverse("stations:geojson", args=[election.pk]),
        "list_url": reverse("stations:list", args=[election.pk]),
        "can_import": request.user.can("stations.change"),
    }


@login_required
def station_list(request, election_pk: int):
    context = _list_context(request, _election(request, election_pk))
    if request.htmx and not request.htmx.boosted:
        return render(request, "stations/htmx/list.html", context)
    return render(request, "stations/list.html", context)


@login_required
def station_map(request, election_pk: int):
    context = _list_context(request, _election(request, election_pk))
    url = context["geojson_url"] + (f"?{context['query']}" if context["query"] else "")
    layer = {"key": "tps", "label": "TPS", "url": url, "refresh": 0, "cluster": True}
    context["map_config"] = map_config([layer])
    context["special_types_json"] = SPECIAL_TYPES_JSON
    return render(request, "stations/map.html", context)


@login_required
@gzip_page
def station_geojson(request, election_pk: int):
    election = _election(request, election_pk)
    qs = selectors.station_list(user=request.user, election=election, params=request.GET)
    return _geojson(selectors.station_geojson(qs=qs, election=election))


@login_required
@gzip_page
def latest_geojson(request):
    """The dashboard layer: TPS of the most recent election the user can see."""
    election = selectors.latest_election_for(user=request.user)
    if election is None:
        return JsonResponse({"type": "FeatureCollection", "features": []})
    qs = selectors.station_list(user=request.user, election=election, params=request.GET)
    return _geojson(selectors.station_geojson(qs=qs, election=election))


@login_required
def station_summary(request, election_pk: int):
    election = _election(request, election_pk)
    qs = selectors.station_list(user=request.user, election=election, params=request.GET)
    context = {"election": election, "summary": selectors.kecamatan_summary(qs=qs, election=election)}
    return render(request, "stations/summary.html", context)


_EXPORTS = {
    "csv": (exports.export_csv, "text/csv; charset=utf-8"),
    "xlsx": (exports.export_xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "geojson": (exports.export_geojson, "application/geo+json"),
}


@login_required
@use_replica
def station_export(request, election_pk: int, fmt: str):
    if fmt not in _EXPORTS:
        raise Http404("Format ekspor tidak dikenal.")
    election = _election(request, election_pk)
    qs = selectors.station_list(user=request.user, election=election, params=request.GET)
    build, content_type = _EXPORTS[fmt]
    response = HttpResponse(build(qs, election=election), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="tps-{election.pk}.{fmt}"'
    return response


@login_required
def station_import(request, election_pk: int):
    election = _election(request, election_pk)
    return import_page(
        request,
        importer=StationImporter,
        params={"election_id": election.pk},
        template="stations/import.html",
        context={"election": election},
    )


def _risk_panel() -> str | None:
    try:
        get_template(RISK_PANEL)
    except TemplateDoesNotExist:
        return None
    return RISK_PANEL


@login_required
def station_detail(request, pk: int):
    station = selectors.station_get(user=request.user, pk=pk)
    if station is None:
        raise Http404("TPS tidak ditemukan.")
    context = {
        "station": station,
        "style": category_style(station.category, election=station.election),
        "risk_panel": _risk_panel(),
        "map_config": map_config(
            [{"key": "tps", "label": "TPS", "url": reverse("stations:station_geojson", args=[pk]), "refresh": 0}]
        ),
    }
    return render(request, "stations/detail.html", context)


@login_required
def station_point_geojson(request, pk: int):
    station = selectors.station_get(user=request.user, pk=pk)
    if station is None:
        raise Http404("TPS tidak ditemukan.")
    qs = selectors.station_list(user=request.user, election=station.election).filter(pk=pk)
    return _geojson(selectors.station_geojson(qs=qs, election=station.election))
