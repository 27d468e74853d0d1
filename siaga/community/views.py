"""Binmas pages: dashboard, the phone visit form (offline-capable), tokoh, aspirations, intel notes, the daily
report, imports, plans and the coverage map layer. Thin: parse, call a selector or a service, render."""

import csv
import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from siaga.community import selectors, services
from siaga.community.forms import (
    AnswerForm,
    BeatForm,
    CampaignForm,
    DirectiveForm,
    ReachForm,
    RouteForm,
    TokohForm,
    UnitImportForm,
    VisitForm,
)
from siaga.community.importer import RwImporter, TokohImporter
from siaga.community.models import Aspiration, Beat, Campaign, Tokoh, Visit, VisitPlan
from siaga.core import access
from siaga.core.errors import ServiceError
from siaga.core.exports import safe_row
from siaga.core.images import photo_response
from siaga.core.imports.views import import_page
from siaga.core.maps import map_config
from siaga.core.params import date_param, int_param


def _days(request) -> int:
    return int_param(request.GET.get("hari"), name="hari", default=selectors.COVERAGE_DAYS, minimum=1, maximum=365)


@login_required
def dashboard(request):
    access.require(request.user, "community.view")
    days = _days(request)
    layers = [
        {"key": "cakupan", "label": "Cakupan sambang", "url": reverse("community:coverage_geojson"), "refresh": 0}
    ]
    context = {
        "cov": selectors.coverage(user=request.user, days=days),
        "asp": selectors.aspiration_stats(user=request.user),
        "campaigns": selectors.campaign_reach(user=request.user),
        "directives": selectors.directive_progress(user=request.user),
        "recent": selectors.visits_for(request.user)[:20],
        "map_config": map_config(layers),
        "can_plan": access.can(request.user, "community.plan"),
        "plans": VisitPlan.objects.restrict(request.user).select_related("unit")[:5],
    }
    return render(request, "community/dashboard.html", context)


def _visit_form(request, data=None, files=None):
    user = request.user
    return VisitForm(
        data,
        files,
        initial={"client_id": uuid.uuid4()},
        desa_qs=selectors.officer_desa(user=user),
        tokoh_qs=selectors.tokoh_for(user).filter(is_active=True).order_by("desa__name", "name"),
        campaign_qs=selectors.inherited(Campaign, user).filter(end__gte=timezone.localdate()),
    )


@login_required
def visit_form(request):
    access.require(request.user, "community.visit")
    if request.method != "POST":
        return render(request, "community/visit_form.html", {"form": _visit_form(request)})
    form = _visit_form(request, request.POST, request.FILES)
    error, status, visit, created = None, 200, None, False
    if form.is_valid():
        d = form.cleaned_data
        aspirations = [{"text": d["aspiration"], "topic": d["aspiration_topic"]}] if d["aspiration"] else []
        try:
            visit, created = services.visit_record(
                actor=request.user,
                client_id=d["client_id"],
                desa=d["desa"],
                kind=d["kind"],
                at=d["at"],
                lat=d["lat"],
                lon=d["lon"],
                accuracy_m=d["accuracy_m"],
                audience=d["audience"],
                headcount=d["headcount"],
                tokoh_ids=[t.pk for t in d["tokoh"]],
                topics=d["topics"],
                himbauan=d["himbauan"],
                campaign_ids=[c.pk for c in d["campaigns"]],
                photo=d["photo"],
                early_warning=d["early_warning"],
                early_warning_source=d["early_warning_source"],
                aspirations=aspirations,
            )
        except ServiceError as exc:
            error, status = exc.message, 400
        except PermissionDenied as exc:
            error, status = str(exc), 403
    else:
        error = "Isian kunjungan tidak valid: " + "; ".join(f"{k}: {' '.join(v)}" for k, v in form.errors.items())
        status = 400
    context = {"visit": visit, "created": created, "error": error}
    if request.htmx:
        return render(request, "community/htmx/visit_result.html", context, status=status)
    context["form"] = _visit_form(request)
    return render(request, "community/visit_form.html", context, status=status)


@login_required
def visit_list(request):
    access.require(request.user, "community.view")
    day = date_param(request.GET.get("tanggal"), name="tanggal", default=timezone.localdate())
    return render(request, "community/daily_report.html", selectors.daily_report(user=request.user, day=day))


@login_required
def daily_report_csv(request):
    access.require(request.user, "community.view")
    day = date_param(request.GET.get("tanggal"), name="tanggal", default=timezone.localdate())
    report = selectors.daily_report(user=request.user, day=day)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="laporan-sambang-{day:%Y%m%d}.csv"'
    writer = csv.writer(response)
    writer.writerow(["Satuan", "Waktu", "Petugas", "Desa", "Jenis", "Jumlah orang", "Topik", "Himbauan", "Posisi"])
    for group in report["units"]:
        for v in group["visits"]:
            officer = v.officer.get_full_name() or v.officer.username if v.officer else ""
            writer.writerow(
                safe_row(
                    [
                        group["unit"].name,
                        timezone.localtime(v.at).strftime("%H.%M"),
                        officer,
                        v.desa.name,
                        v.get_kind_display(),
                        v.headcount,
                        v.topics,
                        v.himbauan,
                        v.get_position_check_display(),
                    ]
                )
            )
    return response


@login_required
def visit_photo(request, pk: int):
    visit = access.get_for_user(Visit, request.user, None, pk=pk)
    if not visit.photo:
        raise Http404("Foto tidak ditemukan.")
    return photo_response(visit.photo, filename=f"sambang-{visit.pk}")


@login_required
def tokoh_list(request):
    access.require(request.user, "community.view")
    qs = selectors.tokoh_for(request.user)
    q = (request.GET.get("q") or "").strip()[:100]
    if q:
        qs = qs.filter(name__icontains=q)
    return render(request, "community/tokoh_list.html", {"tokoh": qs[:500], "q": q})


@login_required
def tokoh_detail(request, pk: int):
    access.require(request.user, "community.view")
    tokoh = access.get_for_user(Tokoh, request.user, None, pk=pk)
    return render(request, "community/tokoh_detail.html", selectors.tokoh_view(user=request.user, tokoh=tokoh))


@login_required
def tokoh_export(request):
    access.require(request.user, "community.view")
    contact = access.can(request.user, "community.contact")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="tokoh.csv"'
    writer = csv.writer(response)
    writer.writerow(["nama", "jenis", "kode_desa", "pengaruh", "afiliasi", "telepon", "alamat", "lintang", "bujur"])
    for t in selectors.tokoh_for(request.user):
        phone, address = (t.phone, t.address) if contact else ("", "")
        writer.writerow(
            safe_row([t.name, t.kind, t.desa.code, t.influence, t.affiliations, phone, address, t.lat, t.lon])
        )
    return response


def _import(request, importer):
    return import_page(
        request,
        importer=importer,
        form_class=UnitImportForm,
        form_kwargs={"user": request.user},
        form_params=lambda cleaned: {"unit_id": cleaned["unit"].pk},
    )


@login_required
def tokoh_import(request):
    return _import(request, TokohImporter)


@login_required
def rw_import(request):
    return _import(request, RwImporter)


@login_required
def aspiration_list(request):
    access.require(request.user, "community.answer")
    qs = Aspiration.objects.restrict(request.user).select_related("desa", "routed_to", "unit")
    return render(
        request,
        "community/aspiration_list.html",
        {"items": qs[:300], "asp": selectors.aspiration_stats(user=request.user)},
    )


@login_required
def aspiration_detail(request, pk: int):
    item = access.get_for_user(Aspiration, request.user, "community.answer", pk=pk)
    from siaga.units.selectors import command_root

    root = command_root(unit=item.unit)
    route_form = RouteForm(request.POST or None, root=root)
    answer_form = AnswerForm(request.POST or None)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "route" and route_form.is_valid():
                d = route_form.cleaned_data
                services.aspiration_route(actor=request.user, aspiration=item, to=d["to"], due=d["due"])
            elif action == "answer" and answer_form.is_valid():
                services.aspiration_answer(
                    actor=request.user, aspiration=item, answer=answer_form.cleaned_data["answer"]
                )
            elif action == "return":
                services.aspiration_return(actor=request.user, aspiration=item)
            else:
                raise ServiceError("Isian tidak lengkap.")
        except ServiceError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "Aspirasi diperbarui.")
        return redirect("community:aspiration_detail", pk=item.pk)
    context = {
        "item": item,
        "events": item.events.select_related("actor"),
        "route_form": route_form,
        "answer_form": answer_form,
        "can_route": access.can(request.user, "community.aspiration", item),
    }
    return render(request, "community/aspiration_detail.html", context)


@login_required
def early_warning_list(request):
    access.require(request.user, "community.intel")
    return render(request, "community/early_warnings.html", {"items": selectors.early_warnings_for(request.user)[:300]})


@login_required
def coverage_geojson(request):
    access.require(request.user, "community.view")
    return JsonResponse(selectors.coverage_geojson(user=request.user, days=_days(request)))


@login_required
@require_POST
def plan_create(request):
    access.require(request.user, "community.plan")
    week = date_param(request.POST.get("minggu"), name="minggu", default=timezone.localdate())
    plan = services.visit_plan_create(actor=request.user, unit=request.user.unit, week_start=week)
    return redirect("community:plan_detail", pk=plan.pk)


@login_required
def plan_detail(request, pk: int):
    plan = access.get_for_user(VisitPlan, request.user, "community.view", pk=pk)
    labels = (plan.result or {}).get("labels", {})
    officers = [
        {**o, "stops": [{**s, "label": labels.get(s["target_id"], s["target_id"])} for s in o["stops"]]}
        for o in (plan.result or {}).get("officers", [])
    ]
    return render(request, "community/plan_detail.html", {"plan": plan, "officers": officers})


def _form_page(request, form, title, cancel, save, done):
    """GET: the form; POST: call `save(cleaned_data)` (a service) and go to `done(result)`, errors on the form."""
    if request.method == "POST" and form.is_valid():
        try:
            result = save(form.cleaned_data)
        except ServiceError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, "Tersimpan.")
            return redirect(done(result))
    return render(request, "community/form.html", {"form": form, "title": title, "cancel_url": cancel})


@login_required
def beat_list(request):
    access.require(request.user, "community.view")
    beats = selectors.beats_for(request.user).order_by("desa__name", "kind", "rw", "rt")[:1000]
    return render(
        request,
        "community/beat_list.html",
        {"beats": beats, "can_change": access.can(request.user, "community.change")},
    )


@login_required
def beat_edit(request, pk: int | None = None):
    access.require(request.user, "community.change")
    beat = access.get_for_user(Beat, request.user, "community.change", pk=pk) if pk else None
    initial = {f: getattr(beat, f) for f in BEAT_FIELDS + ("unit", "desa", "kind", "rw", "rt")} if beat else {}
    form = BeatForm(request.POST or None, user=request.user, initial=initial)

    def save(d):
        fields = {f: d[f] for f in BEAT_FIELDS}
        return services.beat_save(
            actor=request.user,
            beat=beat,
            unit=d["unit"],
            desa=d["desa"],
            kind=d["kind"],
            rw=d["rw"],
            rt=d["rt"],
            **fields,
        )

    title = f"Ubah {beat}" if beat else "Wilayah binaan baru"
    return _form_page(
        request, form, title, reverse("community:beat_list"), save, lambda b: reverse("community:beat_list")
    )


BEAT_FIELDS = ("officer", "babinsa_name", "babinsa_phone", "lat", "lon", "radius_m", "boundary")


@login_required
def tokoh_edit(request, pk: int | None = None):
    access.require(request.user, "community.change")
    tokoh = access.get_for_user(Tokoh, request.user, "community.change", pk=pk) if pk else None
    contact = access.can(request.user, "community.contact")
    keys = ["unit", "desa", "name", "kind", "influence", "affiliations", "lat", "lon"] + (
        ["phone", "address"] if contact else []
    )
    initial = {k: getattr(tokoh, k) for k in keys} if tokoh else {}
    form = TokohForm(request.POST or None, user=request.user, contact=contact, initial=initial)

    def save(d):
        extra = {k: d[k] for k in keys if k not in ("unit", "desa", "name", "kind")}
        return services.tokoh_save(
            actor=request.user, tokoh=tokoh, unit=d["unit"], desa=d["desa"], name=d["name"], kind=d["kind"], **extra
        )

    title = f"Ubah {tokoh}" if tokoh else "Tokoh baru"
    done = lambda t: reverse("community:tokoh_detail", kwargs={"pk": t.pk})  # noqa: E731
    return _form_page(request, form, title, reverse("community:tokoh_list"), save, done)


@login_required
def campaign_create(request):
    access.require(request.user, "community.change")
    form = CampaignForm(request.POST or None, user=request.user)

    def save(d):
        return services.campaign_save(actor=request.user, **d)

    return _form_page(
        request,
        form,
        "Kampanye himbauan baru",
        reverse("community:dashboard"),
        save,
        lambda c: reverse("community:campaign_reach", kwargs={"pk": c.pk}),
    )


@login_required
def campaign_reach(request, pk: int):
    access.require(request.user, "community.visit")
    campaign = selectors.inherited(Campaign, request.user).filter(pk=pk).first()
    if campaign is None:
        raise Http404("Kampanye tidak ditemukan.")
    form = ReachForm(request.POST or None, user=request.user)

    def save(d):
        return services.reach_record(actor=request.user, campaign=campaign, **d)

    return _form_page(
        request,
        form,
        f"Catat jangkauan: {campaign.title}",
        reverse("community:dashboard"),
        save,
        lambda r: reverse("community:dashboard"),
    )


@login_required
def directive_create(request):
    access.require(request.user, "community.change")
    form = DirectiveForm(request.POST or None, user=request.user)

    def save(d):
        return services.directive_save(actor=request.user, **d)

    return _form_page(
        request,
        form,
        "Arahan kunjungan baru",
        reverse("community:dashboard"),
        save,
        lambda d: reverse("community:dashboard"),
    )


HEADERS = ["Waktu", "Petugas", "Desa", "Kegiatan", "Topik / himbauan"]


@login_required
def daily_report_docx(request):
    """The day's Binmas activity report as a Word document a Polsek sends up."""
    from io import BytesIO

    from docx import Document

    access.require(request.user, "community.view")
    day = date_param(request.GET.get("tanggal"), name="tanggal", default=timezone.localdate())
    report = selectors.daily_report(user=request.user, day=day)
    doc = Document()
    doc.add_heading(f"Laporan Kegiatan Binmas {day:%d-%m-%Y}", level=1)
    doc.add_paragraph(
        f"{report['total']} kunjungan di {report['desa']} desa, {report['people']} orang ditemui, "
        f"{report['aspirations']} aspirasi/keluhan, {report['outside']} di luar wilayah binaan."
    )
    for group in report["units"]:
        doc.add_heading(f"{group['unit'].name}: {len(group['visits'])} kunjungan, {group['people']} orang", level=2)
        table = doc.add_table(rows=1, cols=5)
        for cell, text in zip(table.rows[0].cells, HEADERS, strict=True):
            cell.text = text
        for v in group["visits"]:
            officer = (v.officer.get_full_name() or v.officer.username) if v.officer else ""
            row = table.add_row().cells
            values = [
                timezone.localtime(v.at).strftime("%H.%M"),
                officer,
                v.desa.name,
                f"{v.get_kind_display()} ({v.headcount} orang)",
                f"{v.topics} {v.himbauan}".strip(),
            ]
            for cell, text in zip(row, values, strict=True):
                cell.text = text
    buf = BytesIO()
    doc.save(buf)
    response = HttpResponse(
        buf.getvalue(), content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    response["Content-Disposition"] = f'attachment; filename="laporan-binmas-{day:%Y%m%d}.docx"'
    return response
