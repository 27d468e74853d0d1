from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from siaga.deployment import selectors, services

router = Router(tags=["Plotting"])


class PlanOut(Schema):
    id: int
    election_id: int
    operation_id: int
    unit_id: int
    version: int
    status: str
    summary: dict
    moved: int | None


class JobOut(Schema):
    plan_id: int
    job_id: int


class Message(Schema):
    detail: str


@router.get("/rencana/", response=list[PlanOut], summary="Rencana plotting dalam cakupan pengguna")
def plan_list(request):
    return list(selectors.plans_for_user(user=request.auth).order_by("-created_at")[:200])


@router.get("/rencana/{plan_id}/", response=PlanOut, summary="Satu rencana plotting")
def plan_get(request, plan_id: int):
    return get_object_or_404(selectors.plans_for_user(user=request.auth), pk=plan_id)


@router.get("/rencana/{plan_id}/pos/", summary="Pos dan personel (GeoJSON)")
def plan_posts(request, plan_id: int):
    plan = get_object_or_404(selectors.plans_for_user(user=request.auth), pk=plan_id)
    return selectors.posts_geojson(user=request.auth, plan=plan)


@router.post("/rencana/{plan_id}/setujui/", response={200: PlanOut, 400: Message, 403: Message})
def plan_approve(request, plan_id: int):
    plan = get_object_or_404(selectors.plans_for_user(user=request.auth), pk=plan_id)
    try:
        return 200, services.deployment_plan_approve(user=request.auth, plan=plan)
    except ValidationError as exc:
        return 400, {"detail": " ".join(exc.messages)}


@router.post("/rencana/{plan_id}/hitung-ulang/", response={200: JobOut, 400: Message, 403: Message})
def plan_replan(request, plan_id: int):
    plan = get_object_or_404(selectors.plans_for_user(user=request.auth), pk=plan_id)
    try:
        new, job = services.deployment_plan_replan(user=request.auth, plan=plan)
    except ValidationError as exc:
        return 400, {"detail": " ".join(exc.messages)}
    return 200, {"plan_id": new.pk, "job_id": job.pk}
