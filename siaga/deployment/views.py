"""Deployment pages: plans (list, detail, lifecycle actions), map data, roster, XLSX, Sprin PDF, cards, pola."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from siaga.core import access
from siaga.core.maps import map_config
from siaga.core.params import id_param
from siaga.deployment import patterns, selectors, services
from siaga.deployment.forms import PatternFormSet, PlanCreateForm, PlanParamsForm, PresetForm, ReserveSiteForm
from siaga.deployment.models import ReserveSite, SecurityPattern
from siaga.deployment.outputs.pdf import sprin_pdf
from siaga.deployment.outputs.xlsx import plan_workbook
from siaga.deployment.panels import plan_panels
from siaga.elections.models import Operation
from siaga.personnel.models import Personnel
from siaga.personnel.selectors import personnel_for_user

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _plan(request, pk: int):
    plan = selectors.plan_for_user(user=request.user, pk=pk)
    if plan is None:
        raise Http404("Rencana tidak ditemukan.")
    return plan


def _fail(request, exc: ValidationError) -> None:
    messages.error(request, " ".join(exc.messages))


def plan_list(request):
    form = PlanCreateForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        op, election, note = data.pop("operation"), data.pop("election"), data.pop("note", "")
        try:
            plan = services.deployment_plan_create(
                user=request.user, operation=op, election=election, params=data, note=note
            )
            services.deployment_plan_compute_enqueue(user=request.user, plan=plan)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return redirect("deployment:detail", pk=plan.pk)
    plans = selectors.plans_for_user(user=request.user).order_by("-created_at")[:100]
    return render(
        request,
        "deployment/list.html",
        {"plans": plans, "form": form, "can_change": access.can(request.user, "deployment.change")},
    )


def reserve_sites(request):
    """Pos AJU: extra candidate sites for reserve teams, beside the Polsek and Polres headquarters."""
    form = ReserveSiteForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            site = services.reserve_site_create(user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"{site.name} ditambahkan; dipakai pada perhitungan rencana berikutnya.")
            return redirect("deployment:reserve_sites")
    sites = ReserveSite.objects.restrict(request.user).select_related("unit")
    context = {"sites": sites, "form": form, "can_change": access.can(request.user, "deployment.change")}
    return render(request, "deployment/reserve_sites.html", context)


def plan_detail(request, pk: int):
    plan = _plan(request, pk)
    whole = selectors.can_see_whole_plan(user=request.user, plan=plan)
    can_change = whole and access.can(request.user, "deployment.change", plan)
    layers = [
        {"key": "cadangan", "label": "Cadangan & jangkauan", "url": reverse("deployment:reserves_geojson", args=[pk])},
        {"key": "pos", "label": "Pos pengamanan", "url": reverse("deployment:posts_geojson", args=[pk])},
    ]
    context = {
        "plan": plan,
        "whole": whole,
        "can_change": can_change,
        "can_approve": whole and access.can(request.user, "deployment.approve", plan),
        "map_config": map_config(layers),
        "problems": selectors.problems(plan=plan) if whole else [],
        "shortfall": selectors.shortfall_rows(user=request.user, plan=plan)[:200],
        "units": selectors.roster_units(user=request.user, plan=plan),
        "params_form": PlanParamsForm(instance=plan) if plan.is_editable else None,
        "patterns": plan.operation.patterns.all(),
        "extra_panels": plan_panels(plan=plan, user=request.user) if whole else [],
    }
    return render(request, "deployment/detail.html", context)


@require_POST
def plan_params(request, pk: int):
    plan = _plan(request, pk)
    form = PlanParamsForm(request.POST, instance=plan)
    if form.is_valid():
        data = dict(form.cleaned_data)
        note = data.pop("note", "")
        try:
            services.deployment_plan_update(user=request.user, plan=plan, params=data, note=note)
            services.deployment_plan_compute_enqueue(user=request.user, plan=plan)
        except ValidationError as exc:
            _fail(request, exc)
    else:
        messages.error(request, "Parameter tidak valid: " + "; ".join(" ".join(e) for e in form.errors.values()))
    return redirect("deployment:detail", pk=pk)


@require_POST
def plan_compute(request, pk: int):
    plan = _plan(request, pk)
    try:
        services.deployment_plan_compute_enqueue(user=request.user, plan=plan)
    except ValidationError as exc:
        _fail(request, exc)
    return redirect("deployment:detail", pk=pk)


@require_POST
def plan_approve(request, pk: int):
    plan = _plan(request, pk)
    try:
        services.deployment_plan_approve(user=request.user, plan=plan)
        messages.success(request, f"Rencana versi {plan.version} disetujui dan kini baca-saja.")
    except ValidationError as exc:
        _fail(request, exc)
    return redirect("deployment:detail", pk=pk)


@require_POST
def plan_replan(request, pk: int):
    plan = _plan(request, pk)
    try:
        new, _job = services.deployment_plan_replan(user=request.user, plan=plan)
    except ValidationError as exc:
        _fail(request, exc)
        return redirect("deployment:detail", pk=pk)
    messages.success(request, f"Versi {new.version} dibuat dari versi {plan.version}; sedang dihitung ulang.")
    return redirect("deployment:detail", pk=new.pk)


def posts_geojson(request, pk: int):
    return JsonResponse(selectors.posts_geojson(user=request.user, plan=_plan(request, pk)))


def reserves_geojson(request, pk: int):
    return JsonResponse(selectors.reserves_geojson(user=request.user, plan=_plan(request, pk)))


def roster(request, pk: int):
    plan = _plan(request, pk)
    unit_id = id_param(request.GET.get("polsek"), name="polsek")
    groups = selectors.roster(user=request.user, plan=plan, unit_id=unit_id)
    reserves = selectors.plan_reserves(user=request.user, plan=plan) if unit_id is None else []
    context = {"plan": plan, "groups": groups, "reserves": reserves, "print": "cetak" in request.GET}
    return render(request, "deployment/roster.html", context)


def plan_xlsx(request, pk: int):
    plan = _plan(request, pk)
    response = HttpResponse(plan_workbook(user=request.user, plan=plan), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="rencana-plotting-v{plan.version}.xlsx"'
    return response


def plan_pdf(request, pk: int):
    plan = _plan(request, pk)
    response = HttpResponse(sprin_pdf(user=request.user, plan=plan), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="lampiran-sprin-v{plan.version}.pdf"'
    return response


def card(request, pk: int, personnel_pk: int):
    plan = _plan(request, pk)
    person = access.get_for_user(Personnel.objects.select_related("unit"), request.user, pk=personnel_pk)
    card = selectors.assignment_card(plan=plan, personnel=person)
    if card is None:
        raise Http404("Personel ini tidak mendapat tugas dalam rencana ini.")
    return render(request, "deployment/card.html", {"card": card})


def my_card(request):
    person = personnel_for_user(user=request.user)
    plan = selectors.current_plan_for_personnel(personnel=person) if person else None
    card = selectors.assignment_card(plan=plan, personnel=person) if plan else None
    return render(request, "deployment/card.html", {"card": card, "mine": True, "person": person})


def pattern_edit(request, operation_pk: int):
    operation = access.get_for_user(Operation.objects.select_related("unit"), request.user, pk=operation_pk)
    qs = SecurityPattern.objects.restrict(request.user).filter(operation=operation)
    formset = PatternFormSet(request.POST or None, queryset=qs)
    preset_form = PresetForm(request.POST if "preset" in request.POST else None)
    if request.method == "POST":
        if "preset" in request.POST and preset_form.is_valid():
            return _load_preset(request, operation, preset_form.cleaned_data["preset"])
        if formset.is_valid() and _save_patterns(request, operation, formset):
            return redirect("deployment:patterns", operation_pk=operation.pk)
    ctx = {"operation": operation, "formset": formset, "preset_form": PresetForm(), "presets": patterns.presets()}
    ctx["can_change"] = access.can(request.user, "deployment.change", unit=operation.unit)
    ctx["patterns"] = qs
    return render(request, "deployment/patterns.html", ctx)


def _load_preset(request, operation, key: str):
    try:
        patterns.pattern_load_preset(user=request.user, operation=operation, key=key)
        messages.success(request, f"Preset {patterns.presets()[key]['name']} dimuat.")
    except ValidationError as exc:
        _fail(request, exc)
    return redirect("deployment:patterns", operation_pk=operation.pk)


def _save_patterns(request, operation, formset) -> bool:
    try:
        for form in formset.forms:
            data = form.cleaned_data
            if data and data.get("category"):
                patterns.pattern_set(
                    user=request.user,
                    operation=operation,
                    category=data["category"],
                    polri=data["polri"],
                    tps=data["tps"],
                    linmas=data["linmas"],
                    source="Diubah",
                )
    except ValidationError as exc:
        _fail(request, exc)
        return False
    messages.success(request, "Pola pengamanan disimpan.")
    return True
