"""Per-election pages: summary per kecamatan/desa, indicator catalog, rule, recomputation, import, desa grid."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from siaga.core import access
from siaga.core.imports.views import import_page
from siaga.core.params import id_param
from siaga.regions.models import Region
from siaga.risk import selectors, services
from siaga.risk.forms import (
    ChecklistForm,
    DesaCategoryForm,
    IndicatorCreateForm,
    IndicatorForm,
    PresetForm,
)
from siaga.risk.imports import ChecklistImporter
from siaga.risk.models import Indicator
from siaga.risk.ruleform import RuleForm
from siaga.risk.views.station import _error_text


def index(request):
    elections = list(selectors.elections_for(request.user))
    chosen = id_param(request.GET.get("pemilihan"), name="pemilihan")
    if len(elections) == 1 or chosen:
        pk = chosen or elections[0].pk
        return redirect("risk:summary", election_id=pk)
    return render(request, "risk/index.html", {"elections": elections})


def summary(request, election_id: int):
    election = selectors.election_get(user=request.user, pk=election_id)
    profile = selectors.profile_for(election=election)
    level = "desa" if request.GET.get("tingkat") == "desa" or election.type == "pilkades" else "kecamatan"
    rows = selectors.category_counts(user=request.user, election=election, by=level)
    if level == "desa":
        selectors.desa_categories(user=request.user, profile=profile, rows=rows)
    ctx = {
        "election": election,
        "profile": profile,
        "level": level,
        "rows": rows,
        "totals": selectors.totals(rows),
        "elections": selectors.elections_for(request.user),
        "job_id": id_param(request.GET.get("pekerjaan"), name="pekerjaan"),
    }
    return render(request, "risk/summary.html", ctx)


def _config_profile(request, election_id: int):
    """The catalog and rule pages are only for those who may change them (Polres level, ops/intel)."""
    election = selectors.election_get(user=request.user, pk=election_id)
    access.require(request.user, "risk.rules", election)
    return selectors.profile_for(election=election)


def indicators(request, election_id: int):
    profile = _config_profile(request, election_id)
    if request.method == "POST":
        job = _indicator_post(request, profile)
        if job is not None:
            messages.success(request, "Indikator disimpan; kategori sedang dihitung ulang.")
            return redirect(f"{request.path}?pekerjaan={job.pk}")
    rows = [(ind, _indicator_form(ind)) for ind in profile.indicators.all()]
    ctx = {"profile": profile, "election": profile.election, "rows": rows, "create_form": IndicatorCreateForm()}
    ctx["job_id"] = id_param(request.GET.get("pekerjaan"), name="pekerjaan")
    return render(request, "risk/indicators.html", ctx)


def _indicator_form(ind) -> IndicatorForm:
    return IndicatorForm(initial={"label": ind.label, "weight": ind.weight, "active": ind.active}, prefix=ind.code)


def _indicator_post(request, profile):
    try:
        if request.POST.get("code_new"):
            form = IndicatorCreateForm({k: request.POST.get(f"{k}_new", "") for k in IndicatorCreateForm.base_fields})
            if not form.is_valid():
                raise ValidationError(form.errors.as_text())
            return services.indicator_create(profile=profile, actor=request.user, **form.cleaned_data)
        ind = get_object_or_404(Indicator, profile=profile, code=request.POST.get("indicator", ""))
        form = IndicatorForm(request.POST, prefix=ind.code)
        if not form.is_valid():
            raise ValidationError(form.errors.as_text())
        return services.indicator_update(indicator=ind, actor=request.user, **form.cleaned_data)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
        return None


def rule(request, election_id: int):
    profile = _config_profile(request, election_id)
    form = RuleForm(request.POST or None, profile=profile)
    if request.method == "POST" and request.POST.get("preset"):
        preset_form = PresetForm(request.POST)
        if preset_form.is_valid():
            job = services.preset_apply(profile=profile, preset=preset_form.cleaned_data["preset"], actor=request.user)
            messages.success(request, "Skema kategori diganti; kategori sedang dihitung ulang.")
            return redirect(f"{request.path}?pekerjaan={job.pk}")
    elif request.method == "POST" and form.is_valid():
        try:
            job = services.rule_update(profile=profile, rule=form.rule(), actor=request.user)
        except ValidationError as exc:
            messages.error(request, _error_text(exc))
        else:
            messages.success(request, "Aturan disimpan; kategori sedang dihitung ulang.")
            return redirect(f"{request.path}?pekerjaan={job.pk}")
    preset_form = PresetForm(initial={"preset": profile.rule.get("preset", "polri")})
    ctx = {"profile": profile, "election": profile.election, "form": form, "preset_form": preset_form}
    ctx["job_id"] = id_param(request.GET.get("pekerjaan"), name="pekerjaan")
    return render(request, "risk/rule.html", ctx)


@require_POST
def recompute(request, election_id: int):
    profile = _config_profile(request, election_id)
    job = services.recompute_enqueue(election=profile.election, actor=request.user)
    return redirect(reverse("risk:summary", args=[election_id]) + f"?pekerjaan={job.pk}")


def checklist_import(request, election_id: int):
    election = selectors.election_get(user=request.user, pk=election_id)
    profile = selectors.profile_for(election=election)
    context = {"election": election, "profile": profile, "indicators": profile.indicators.filter(active=True)}
    params = {"election_id": election.pk}
    return import_page(request, importer=ChecklistImporter, params=params, template="risk/import.html", context=context)


def desa_grid(request, election_id: int, desa: str):
    """The bulk grid per desa: every TPS of the desa × every indicator."""
    election = selectors.election_get(user=request.user, pk=election_id)
    profile = selectors.profile_for(election=election)
    region = get_object_or_404(Region, code=desa, level=4)
    stations = list(selectors.stations_for(request.user).filter(election=election, desa=region).order_by("number"))
    if not stations:
        raise PermissionDenied("Tidak ada TPS desa ini dalam wilayah Anda.")
    groups = selectors.indicator_groups(profile)
    if request.method == "POST":
        values = {s.pk: set() for s in stations}
        for key in request.POST.getlist("flag"):
            sid, _, code = key.partition(":")
            if sid.isdigit() and int(sid) in values:
                values[int(sid)].add(code)
        try:
            changed = services.checklist_grid_set(profile=profile, values=values, actor=request.user)
            messages.success(request, f"{changed} TPS diperbarui.")
        except ValidationError as exc:
            messages.error(request, _error_text(exc))
        return redirect("risk:desa_grid", election_id=election_id, desa=desa)
    flags = selectors.flags_for(stations)
    ctx = {"election": election, "profile": profile, "desa": region, "stations": stations, "groups": groups}
    ctx |= {"flags": flags, "desa_form": DesaCategoryForm(categories=profile.categories)}
    ctx["checklist_form"] = ChecklistForm(groups=groups)
    return render(request, "risk/grid.html", ctx)


@require_POST
def desa_category(request, election_id: int, desa: str):
    election = selectors.election_get(user=request.user, pk=election_id)
    profile = selectors.profile_for(election=election)
    region = get_object_or_404(Region, code=desa, level=4)
    station = selectors.stations_for(request.user).filter(election=election, desa=region).first()
    if station is None:
        raise PermissionDenied("Desa ini di luar wilayah Anda.")
    form = DesaCategoryForm(request.POST, categories=profile.categories)
    if not form.is_valid():
        messages.error(request, "Alasan wajib diisi untuk kategori desa.")
    elif form.cleaned_data["category"]:
        data = form.cleaned_data
        services.desa_category_set(
            profile=profile, desa=region, category=data["category"], reason=data["reason"], actor=request.user,
            unit=station.unit or request.user.unit,
        )  # fmt: skip
        messages.success(request, "Kategori desa ditetapkan.")
    else:
        services.desa_category_clear(profile=profile, desa=region, actor=request.user)
        messages.success(request, "Kategori desa kembali otomatis.")
    return redirect("risk:desa_grid", election_id=election_id, desa=desa)
