from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from siaga.core import access
from siaga.core.maps import map_config
from siaga.core.params import id_param
from siaga.patrols import planmap, selectors
from siaga.patrols.forms import PlanForm
from siaga.patrols.models import Shift
from siaga.patrols.services import patrol_plan_create


def _period_choices(user) -> list[tuple[str, str]]:
    shifts = Shift.objects.restrict(user).order_by("start")
    return sorted({(s.period_key, s.name or s.window_label) for s in shifts})


@login_required
def plan_list(request):
    if not access.can(request.user, "patrols.plan"):
        raise PermissionDenied("Rencana patroli hanya untuk perencana dan pimpinan.")
    plans = selectors.plan_list(user=request.user)[:100]
    context = {"plans": plans, "can_change": access.can(request.user, "patrols.change")}
    return render(request, "patrols/plan_list.html", context)


@login_required
def plan_create(request):
    access.require(request.user, "patrols.change")  # the empty form: the unit is chosen in it
    today = timezone.localdate()
    initial = {"date_from": today, "date_to": today + timedelta(days=6), "unit": request.user.unit_id}
    form = PlanForm(request.POST or None, initial=initial, user=request.user, periods=_period_choices(request.user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            plan = patrol_plan_create(actor=request.user, **data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "Rencana dibuat; perhitungan berjalan di latar belakang.")
            return redirect("patrols:plan_detail", pk=plan.pk)
    return render(
        request,
        "patrols/form.html",
        {"form": form, "title": "Rencana patroli baru", "cancel_url": reverse("patrols:plan_list")},
    )


@login_required
def plan_detail(request, pk: int):
    plan = selectors.plan_get(user=request.user, pk=pk)
    if plan is None:
        raise Http404("Rencana tidak ditemukan.")
    periods = list(selectors.plan_periods(plan=plan))
    names = dict(selectors.object_list(user=request.user).values_list("pk", "name"))
    for period in periods:
        period.uncovered = [
            {**item, "name": names.get(item["object_id"], f"#{item['object_id']}")}
            for item in period.result.get("uncovered", [])
            if item["code"] not in ("not_allocated", "no_coordinates", "unreachable", "no_active_team")
        ]
    period_id = id_param(request.GET.get("periode"), name="periode")
    chosen = planmap.plan_period_pick(plan=plan, period_id=period_id, today=timezone.localdate())
    context = {"plan": plan, "periods": periods, "chosen": chosen}
    if chosen is not None:
        context["map_config"] = map_config(_plan_layers(plan, chosen))
    return render(request, "patrols/plan_detail.html", context)


def _plan_layers(plan, period) -> list[dict]:
    labels = {"rute": "Rute tim", "titik": "Titik singgah", "terlewat": "Objek tak terkunjungi"}
    return [
        {"key": key, "label": label, "url": reverse("patrols:plan_geojson", args=[plan.pk, period.pk, key])}
        for key, label in labels.items()
    ]


@login_required
def plan_geojson(request, pk: int, period_pk: int, layer: str):
    plan = selectors.plan_get(user=request.user, pk=pk)
    period = plan.plan_periods.filter(pk=period_pk).first() if plan is not None else None
    if period is None or layer not in planmap.LAYERS:
        raise Http404("Peta rencana tidak ditemukan.")
    return JsonResponse(planmap.plan_period_geojson(period=period, layer=layer, user=request.user))
