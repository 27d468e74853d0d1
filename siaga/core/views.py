from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.shortcuts import render

from siaga.core import selectors


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
