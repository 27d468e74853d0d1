from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import render

from siaga.units.selectors import unit_tree, units_geojson


@login_required
def tree(request):
    units = list(unit_tree(user=request.user))
    return render(request, "units/tree.html", {"units": units})


@login_required
def geojson(request):
    return JsonResponse(units_geojson(user=request.user))
