from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse

from siaga.core.maps import map_config
from siaga.core.nav import dashboard_panels_for, map_layers_for
from siaga.core.replicas import use_replica


@login_required
@use_replica
def dashboard(request):
    layers = [
        {"key": "wilayah", "label": "Wilayah", "url": reverse("regions:jurisdiction_geojson"), "refresh": 0},
        {"key": "satuan", "label": "Satuan", "url": reverse("units:geojson"), "refresh": 0},
    ]
    layers += [
        {"key": x.key, "label": x.label, "url": reverse(x.url_name), "refresh": x.refresh_seconds, "cluster": x.cluster}
        for x in map_layers_for(request.user)
    ]
    context = {"map_config": map_config(layers), "panels": dashboard_panels_for(request.user)}
    return render(request, "core/dashboard.html", context)
