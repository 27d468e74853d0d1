from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, render

from siaga.regions import selectors
from siaga.regions.models import Region
from siaga.units.selectors import units_responsible_for


@login_required
def detail(request, code: str):
    region = get_object_or_404(Region.objects.restrict(request.user).select_related("parent"), code=code)
    context = {
        "region": region,
        "children": region.children.order_by("code"),
        "units": units_responsible_for(region=region),
        "ancestors": _ancestors(region),
    }
    return render(request, "regions/detail.html", context)


def _ancestors(region: Region) -> list[Region]:
    chain, current = [], region.parent
    while current is not None:
        chain.insert(0, current)
        current = current.parent
    return chain


@login_required
def jurisdiction_geojson(request):
    return JsonResponse(selectors.jurisdiction_geojson(user=request.user))
