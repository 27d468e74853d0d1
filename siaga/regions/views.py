from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, render

from siaga.core.access import require
from siaga.regions import selectors
from siaga.regions.boundaries import BoundaryError, boundaries_import_enqueue
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


@login_required
def boundaries_upload(request):
    """Admin: upload official kecamatan/desa outlines (GeoJSON or zipped Shapefile), imported by a job."""
    require(request.user, "regions.change")
    job, error = None, ""
    if request.method == "POST":
        upload = request.FILES.get("file")
        try:
            if upload is None:
                raise BoundaryError("Pilih berkas GeoJSON atau Shapefile (.zip).")
            job = boundaries_import_enqueue(
                upload=upload,
                source=request.POST.get("source", ""),
                kabupaten=request.POST.get("kabupaten", ""),
                level=request.POST.get("level", ""),
                user=request.user,
            )
        except BoundaryError as exc:
            error = str(exc)
        if job is not None:
            job.refresh_from_db()
        if request.htmx:
            return render(request, "regions/htmx/boundaries_job.html", {"job": job, "error": error})
        if error:
            messages.error(request, error)
    context = {
        "job": job,
        "kabupaten": selectors.kabupaten_choices(user=request.user),
        "counts": selectors.official_boundary_counts(),
    }
    return render(request, "regions/boundaries_upload.html", context)
