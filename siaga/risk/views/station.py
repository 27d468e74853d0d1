"""Per-TPS pages: the explanation, the checklist (desktop and phone), override, intel notes."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from siaga.core import access
from siaga.risk import selectors, services
from siaga.risk.forms import ChecklistForm, ClearOverrideForm, IntelNoteForm, OverrideForm
from siaga.risk.models import Source


def _error_text(exc: ValidationError) -> str:
    return "; ".join(exc.messages)


def station_page(request, pk: int):
    station = selectors.station_get(user=request.user, pk=pk)
    ctx = selectors.station_detail(station=station, user=request.user)
    if request.method == "POST":
        form = ChecklistForm(request.POST, groups=ctx["groups"])
        if form.is_valid():
            changed = services.checklist_set(station=station, codes=form.codes(), actor=request.user, source="intel")
            messages.success(request, "Daftar periksa disimpan." if changed else "Tidak ada perubahan.")
            return redirect("risk:station", pk=pk)
    ctx["checklist_form"] = ChecklistForm(initial={c: True for c in ctx["flags"]}, groups=ctx["groups"])
    ctx["override_form"] = OverrideForm(categories=ctx["profile"].categories)
    ctx["clear_form"] = ClearOverrideForm()
    ctx["note_form"] = IntelNoteForm()
    return render(request, "risk/station.html", ctx)


def field_form(request, pk: int):
    """The phone form for a field officer: big yes/no boxes, nothing else."""
    station = selectors.station_get(user=request.user, pk=pk)
    access.require(request.user, "risk.checklist", station)  # the form page itself is only for those who may
    profile = selectors.profile_for(election=station.election)
    groups = selectors.indicator_groups(profile)
    if request.method == "POST":
        form = ChecklistForm(request.POST, groups=groups)
        if form.is_valid():
            services.checklist_set(station=station, codes=form.codes(), actor=request.user, source=Source.FIELD)
            messages.success(request, f"Daftar periksa {station} terkirim.")
            return redirect("risk:field_form", pk=pk)
    form = ChecklistForm(initial={c: True for c in selectors.station_flags(station)}, groups=groups)
    return render(request, "risk/field_form.html", {"station": station, "form": form, "profile": profile})


@require_POST
def station_override(request, pk: int):
    station = selectors.station_get(user=request.user, pk=pk)
    profile = selectors.profile_for(election=station.election)
    try:
        if request.POST.get("action") == "clear":
            form = ClearOverrideForm(request.POST)
            if not form.is_valid():
                raise ValidationError("Alasan pencabutan wajib diisi.")
            services.station_override_clear(station=station, reason=form.cleaned_data["reason"], actor=request.user)
            messages.success(request, "Override dicabut; kategori kembali mengikuti aturan.")
        else:
            form = OverrideForm(request.POST, categories=profile.categories)
            if not form.is_valid():
                raise ValidationError("Kategori dan alasan override wajib diisi.")
            data = form.cleaned_data
            services.station_override_set(
                station=station, category=data["category"], reason=data["reason"], actor=request.user
            )
            messages.success(request, "Kategori TPS di-override.")
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    return redirect("risk:station", pk=pk)


@require_POST
def station_note(request, pk: int):
    station = selectors.station_get(user=request.user, pk=pk)
    form = IntelNoteForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        services.intel_note_create(
            election=station.election,
            station=None if data["whole_desa"] else station,
            desa=station.desa,
            severity=data["severity"],
            text=data["text"],
            valid_until=data["valid_until"],
            actor=request.user,
        )
        messages.success(request, "Catatan intelijen disimpan; kategori dihitung ulang.")
    else:
        messages.error(request, "Catatan tidak valid: isi catatan wajib diisi.")
    return redirect("risk:station", pk=pk)
