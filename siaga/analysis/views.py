"""Pages of the analysis app (register, Anev): thin — parse, call one service or selector, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from siaga.analysis import selectors, services
from siaga.analysis.forms import AnevForm, CaseForm, StatusForm, TemplateUploadForm, police_units
from siaga.analysis.formulas import period_of
from siaga.analysis.importer import CaseImporter
from siaga.analysis.models import AnevDocument, Case
from siaga.core import access
from siaga.core.imports.views import import_page
from siaga.core.maps import map_config
from siaga.core.params import ParamError, date_param, id_param
from siaga.core.replicas import use_replica
from siaga.regions.models import Region

KINDS = {"day": "Harian", "week": "Mingguan", "month": "Bulanan", "year": "Tahunan", "custom": "Khusus"}


def _scope(request):
    """The unit, period and grouping of a statistics page, from the query string."""
    access.require(request.user, "analysis.view")
    units = police_units(request.user)
    unit_id = id_param(request.GET.get("unit"), name="unit")
    unit = units.filter(pk=unit_id).first() if unit_id else None
    unit = unit or request.user.unit
    if unit is None or not units.filter(pk=unit.pk).exists():
        raise PermissionDenied("Statistik hanya untuk satuan Polri dalam wilayah Anda.")
    kind = request.GET.get("periode_jenis") or "month"
    if kind not in KINDS:
        raise ParamError("Jenis periode tidak dikenal.", "periode_jenis")
    today = timezone.localdate()
    start = date_param(request.GET.get("dari"), name="dari", default=today)
    end = date_param(request.GET.get("sampai"), name="sampai", default=start)
    try:
        period = period_of(kind, start, end)
    except ValueError as exc:
        raise ParamError(str(exc), "sampai") from exc
    group = request.GET.get("kelompok") or "golongan"
    if group not in selectors.GROUPS:
        raise ParamError("Pengelompokan tidak dikenal.", "kelompok")
    return units, unit, period, group


@login_required
@use_replica
def anev(request):
    units, unit, period, group = _scope(request)
    stats = selectors.case_stats(user=request.user, unit=unit, period=period, group=group)
    form = None
    if access.can(request.user, "analysis.anev", unit=unit):
        form = AnevForm(user=request.user, initial={"unit": unit, "start": period.start, "end": period.end})
    documents = list(
        AnevDocument.objects.restrict(request.user).filter(report="anev").select_related("job", "unit")[:10]
    )
    latest = next((d for d in documents if d.created_by_id == request.user.pk), None)
    points = list(
        selectors.crimes(request.user, unit)
        .filter(reported_at__date__range=(period.start, period.end))
        .exclude(lat=None)
        .values_list("lat", "lon")[:5000]
    )
    query = request.GET.urlencode()
    url = reverse("analysis:hotspots") + "?" + query
    layers = [
        {"key": "kde", "label": "Hot spot (KDE)", "url": url, "refresh": 0},
        {"key": "perkiraan", "label": "Perkiraan minggu depan", "url": url + "&lapisan=perkiraan", "refresh": 0},
    ]
    ctx = {
        "map_config": map_config(layers),
        "stats": stats, "units": units, "unit": unit, "period": period, "group": group, "kinds": KINDS,
        "groups": {k: v[1] for k, v in selectors.GROUPS.items()}, "form": form, "documents": documents,
        "latest": latest,
        "can_population": access.can(request.user, "analysis.population"),
        "template_page": units.filter(kind__in=["polres", "polda"]).exists(),
        "points": len(points), "group_label": selectors.GROUPS[group][1], "kind": period.kind,
    }  # fmt: skip
    return render(request, "analysis/anev.html", ctx)


@login_required
def cases(request):
    units, unit, period, group = _scope(request)
    measure = request.GET.get("ukuran") or "ct"
    if measure not in selectors.MEASURES:
        raise ParamError("Ukuran tidak dikenal.", "ukuran")
    key = request.GET.get("kunci")
    drill = "kunci" in request.GET and "kelompok" in request.GET
    if drill and group in ("polsek", "hour", "weekday") and key:
        key = id_param(key, name="kunci")
    rows = selectors.drill_down(
        user=request.user, unit=unit, period=period, measure=measure, group=group if drill else None, key=key
    )[:500]
    ctx = {"cases": rows, "unit": unit, "period": period, "measure": measure, "units": units,
           "can_change": access.can(request.user, "analysis.change"),
           "can_import": access.can(request.user, "analysis.import")}  # fmt: skip
    return render(request, "analysis/cases.html", ctx)


@login_required
def case_create(request):
    access.require(request.user, "analysis.change")
    form = CaseForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        code = data.pop("desa_code")
        desa = Region.objects.filter(code=code, level=4).first() if code else None
        if code and desa is None:
            form.add_error("desa_code", f"Kode desa {code} tidak dikenal.")
        else:
            try:
                case = services.case_create(desa=desa, actor=request.user, **data)
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                messages.success(request, f"Perkara {case.lp_number} tercatat.")
                return redirect("analysis:case", pk=case.pk)
    return render(request, "analysis/case_form.html", {"form": form})


@login_required
def case_detail(request, pk: int):
    access.require(request.user, "analysis.view")
    case = access.get_for_user(Case.objects.select_related("unit", "crime_type", "desa"), request.user, pk=pk)
    form = (
        StatusForm(initial={"on": timezone.localdate()}) if access.can(request.user, "analysis.change", case) else None
    )
    return render(request, "analysis/case.html", {"case": case, "form": form, "history": case.history.all()})


@login_required
@require_POST
def case_status(request, pk: int):
    case = access.get_for_user(Case.objects.all(), request.user, "analysis.change", pk=pk)
    form = StatusForm(request.POST)
    if form.is_valid():
        try:
            services.case_set_status(case=case, status=form.cleaned_data["status"], on=form.cleaned_data["on"],
                                     actor=request.user)  # fmt: skip
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, "Status perkara diperbarui.")
    else:
        messages.error(request, "Status atau tanggal tidak sah.")
    return redirect("analysis:case", pk=case.pk)


@login_required
def case_import(request):
    unit = request.user.unit
    while unit is not None and unit.kind != "polres":
        unit = unit.parent
    if unit is None:
        raise PermissionDenied("Impor register dilakukan oleh Polres.")
    return import_page(request, importer=CaseImporter, params={"unit_id": unit.pk},
                       context={"title": f"Impor register gangguan kamtibmas {unit.name}"})  # fmt: skip


@login_required
@require_POST
def anev_create(request):
    form = AnevForm(request.POST, user=request.user)
    if not form.is_valid():
        messages.error(request, "Pilih kesatuan dan periode Anev yang sah.")
        return redirect("analysis:anev")
    d = form.cleaned_data
    try:
        doc = services.anev_request(unit=d["unit"], start=d["start"], end=d["end"], actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("analysis:anev")
    doc.refresh_from_db()
    if request.htmx:
        return render(request, "analysis/htmx/document.html", {"doc": doc})
    return redirect("analysis:anev")


@login_required
def document(request, pk: int):
    access.require(request.user, "analysis.view")
    doc = access.get_for_user(AnevDocument.objects.select_related("job", "unit"), request.user, pk=pk)
    return render(request, "analysis/htmx/document.html", {"doc": doc})


@login_required
def document_file(request, pk: int, fmt: str):
    access.require(request.user, "analysis.view")
    doc = access.get_for_user(AnevDocument.objects.all(), request.user, pk=pk)
    field = {"docx": doc.docx, "pdf": doc.pdf}.get(fmt)
    if not field:
        raise Http404("Dokumen belum tersedia.")
    name = f"anev-{doc.start:%Y%m%d}-{doc.end:%Y%m%d}.{fmt}"
    return FileResponse(field.open("rb"), as_attachment=True, filename=name)


@login_required
def hotspots(request):
    from django.http import JsonResponse

    _, unit, period, _ = _scope(request)
    layer = request.GET.get("lapisan") or "kde"
    if layer not in selectors.HOTSPOT_LAYERS:
        raise ParamError("Lapisan peta panas tidak dikenal.", "lapisan")
    jenis = request.GET.get("jenis") or None
    data = selectors.hotspot_geojson(user=request.user, unit=unit, period=period, layer=layer, crime_type=jenis)
    return JsonResponse(data)


def _polres_of(user):
    """The user's own Polres (or Polda), walking up from the user's unit; None for a partner or a user without one."""
    unit = getattr(user, "unit", None)
    while unit is not None and unit.kind not in ("polres", "polda", "mabes"):
        unit = unit.parent
    return unit


@login_required
def population_import(request):
    from siaga.analysis.population import PopulationImporter

    unit = _polres_of(request.user)
    if unit is None:
        raise PermissionDenied("Impor data penduduk dilakukan oleh Polres.")
    return import_page(request, importer=PopulationImporter, params={"unit_id": unit.pk},
                       context={"title": f"Impor jumlah penduduk {unit.name}"})  # fmt: skip


def _template_unit(request):
    access.require(request.user, "analysis.view")
    units = police_units(request.user).filter(kind__in=["polres", "polda"])
    unit_id = id_param(request.GET.get("unit") or request.POST.get("unit"), name="unit")
    unit = units.filter(pk=unit_id).first() if unit_id else _polres_of(request.user)
    if unit is None or not units.filter(pk=unit.pk).exists():
        raise PermissionDenied("Templat Anev hanya untuk Polres atau Polda dalam wilayah Anda.")
    return units, unit


@login_required
def template_page(request):
    """The unit's Anev template: which one is used (its own, its Polda's or the default), its sections in order,
    downloads, upload (checked) and going back to the default."""
    from siaga.analysis.anev import TITLES
    from siaga.analysis.models import AnevTemplate
    from siaga.analysis.templating import FIELDS, template_for

    units, unit = _template_unit(request)
    can_change = access.can(request.user, "analysis.template", unit=unit)
    form = TemplateUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if not can_change:
            raise PermissionDenied("Anda tidak berwenang mengganti templat Anev kesatuan ini.")
        if request.POST.get("aksi") == "bawaan":
            services.anev_template_reset(unit=unit, actor=request.user)
            messages.success(request, f"{unit.name} kembali memakai templat bawaan.")
            return redirect(reverse("analysis:template") + f"?unit={unit.pk}")
        if form.is_valid():
            try:
                row = services.anev_template_upload(unit=unit, upload=form.cleaned_data["file"], actor=request.user)
            except ValidationError as exc:
                for message in exc.messages:
                    form.add_error("file", message)
            else:
                messages.success(request, f"Templat {row.name} dipakai untuk Anev {unit.name}.")
                return redirect(reverse("analysis:template") + f"?unit={unit.pk}")
    current = template_for(unit)
    sections = [tuple(pair) for pair in current.sections] if current else list(TITLES.items())
    history = AnevTemplate.objects.restrict(request.user).filter(unit=unit).select_related("uploaded_by")[:10]
    ctx = {"units": units, "unit": unit, "current": current, "sections": sections, "history": history,
           "form": form if can_change else None, "fields": FIELDS, "all_sections": TITLES,
           "inherited": current is not None and current.unit_id != unit.pk}  # fmt: skip
    return render(request, "analysis/template.html", ctx, status=400 if form.errors else 200)


@login_required
def template_download(request, pk: int | None = None):
    """The shipped default template (pk None) or a stored one."""
    from django.http import HttpResponse

    from siaga.analysis.models import AnevTemplate
    from siaga.analysis.templating import default_template

    access.require(request.user, "analysis.view")
    mime = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    if pk is None:
        response = HttpResponse(default_template(), content_type=mime)
        response["Content-Disposition"] = 'attachment; filename="templat-anev-bawaan.docx"'
        return response
    row = access.get_for_user(AnevTemplate.objects.all(), request.user, pk=pk)
    return FileResponse(row.docx.open("rb"), as_attachment=True, filename=f"templat-anev-{row.unit.code}.docx",
                        content_type=mime)  # fmt: skip


PAGE_SECTIONS = ("polsek", "tren", "pemilu", "kerawanan", "pengerahan", "patroli", "laporan", "respons", "siaga",
                 "binmas", "temuan")  # fmt: skip


@login_required
def anev_sections(request):
    """htmx: the Anev's sections beyond the statistics table (Polsek side by side, election security, Binmas,
    findings), the same content as the document, for the unit and period of the page."""
    import base64

    from siaga.analysis.anev import anev_build

    _, unit, period, _ = _scope(request)
    anev = anev_build(user=request.user, unit=unit, period=period, sections=PAGE_SECTIONS)
    sections = [
        {"key": s.key, "title": s.title, "paragraphs": s.paragraphs, "tables": s.tables,
         "images": [(c, "data:image/png;base64," + base64.b64encode(png).decode()) for c, png in s.images]}
        for s in anev.sections
    ]  # fmt: skip
    return render(request, "analysis/htmx/sections.html", {"sections": sections})
