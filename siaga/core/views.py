from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.urls import reverse

from siaga.core import selectors
from siaga.core.maps import map_config  # also re-exported for callers until the dashboard leaves core
from siaga.core.nav import dashboard_panels_for, map_layers_for


@login_required
def dashboard(request):
    layers = [
        {"key": "wilayah", "label": "Wilayah", "url": reverse("core:jurisdiction_geojson"), "refresh": 0},
        {"key": "satuan", "label": "Satuan", "url": reverse("core:units_geojson"), "refresh": 0},
    ]
    layers += [
        {"key": x.key, "label": x.label, "url": reverse(x.url_name), "refresh": x.refresh_seconds, "cluster": x.cluster}
        for x in map_layers_for(request.user)
    ]
    context = {"map_config": map_config(layers), "panels": dashboard_panels_for(request.user)}
    return render(request, "core/dashboard.html", context)


@login_required
def jurisdiction_geojson(request):
    return JsonResponse(selectors.jurisdiction_geojson(user=request.user))


@login_required
def units_geojson(request):
    return JsonResponse(selectors.units_geojson(user=request.user))


@login_required
def audit(request):
    if not request.user.can("core.audit"):
        raise PermissionDenied("Hanya administrator yang dapat melihat jejak audit.")
    changes = selectors.audit_list(user=request.user, model=request.GET.get("model", ""))
    return render(request, "core/audit.html", {"changes": changes})


@login_required
def job_status(request, job_id: int):
    job = selectors.job_for_user(user=request.user, job_id=job_id)
    if job is None:
        raise Http404("Pekerjaan tidak ditemukan.")
    if request.headers.get("Accept", "").startswith("application/json"):
        return JsonResponse(
            {
                "status": job.status,
                "percent": job.percent,
                "message": job.message,
                "result": job.result,
                "errors": job.errors[:50],
            }
        )
    return render(request, "core/htmx/job_status.html", {"job": job})
