"""Writes of the register: every service takes `actor` and asks siaga.core.access first."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from siaga.analysis.models import Case, CaseStatusChange, CrimeType
from siaga.analysis.rules import cleared_statuses, desa_in_unit, lp_normalise, lp_problem, status_problem
from siaga.core import access

EDITABLE = (
    "crime_type",
    "occurred_at",
    "reported_at",
    "desa",
    "lat",
    "lon",
    "place",
    "station",
    "object_name",
    "victims",
    "suspects",
    "loss_rp",
    "evidence_type",
    "evidence_grams",
    "gakkumdu",
    "summary",
)


def _check(case: Case) -> None:
    errors = {}
    now = timezone.now()
    if problem := lp_problem(case.lp_number):
        errors["lp_number"] = problem
    if case.occurred_at and case.occurred_at > now:
        errors["occurred_at"] = "Waktu kejadian tidak boleh di masa depan."
    if case.reported_at and case.reported_at > now:
        errors["reported_at"] = "Waktu lapor tidak boleh di masa depan."
    if case.occurred_at and case.reported_at and case.reported_at < case.occurred_at:
        errors["reported_at"] = "Waktu lapor tidak boleh sebelum waktu kejadian."
    if case.desa_id and case.unit_id and not desa_in_unit(case.desa, case.unit):
        errors["desa"] = f"Desa {case.desa.name} berada di luar wilayah hukum {case.unit.name}."
    if case.evidence_grams is not None and case.evidence_grams < 0:
        errors["evidence_grams"] = "Berat barang bukti tidak boleh negatif."
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def case_create(
    *,
    unit,
    lp_number: str,
    crime_type: CrimeType,
    occurred_at,
    reported_at=None,
    status="lidik",
    status_on: dt.date | None = None,
    client_id=None,
    actor,
    **fields,
) -> Case:
    """Record a case; a retry with the same client id returns the case already recorded."""
    access.require(actor, "analysis.change", unit=unit)
    if client_id is not None:
        existing = Case.objects.filter(client_id=client_id).first()
        if existing is not None:
            return existing
    lp = lp_normalise(lp_number)
    case = Case(
        unit=unit,
        lp_number=lp,
        crime_type=crime_type,
        occurred_at=occurred_at,
        reported_at=reported_at or occurred_at,
        status="lidik",
        **fields,
    )
    if client_id is not None:
        case.client_id = client_id
    _check(case)
    if Case.objects.filter(lp_number=lp).exists():
        raise ValidationError({"lp_number": f"Nomor LP {lp} sudah tercatat."})
    case.save()
    start = case.reported_at.date()
    CaseStatusChange.objects.create(case=case, status="lidik", reached_on=start, actor=access.acting_user(actor))
    if status != "lidik":
        _advance(case, status, status_on or start, actor)
    return case


@transaction.atomic
def case_update(*, case: Case, actor, **fields) -> Case:
    access.require(actor, "analysis.change", case)
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise ValueError(f"fields not editable: {sorted(unknown)}")
    for key, value in fields.items():
        setattr(case, key, value)
    _check(case)
    case.save()
    return case


def _advance(case: Case, status: str, on: dt.date, actor) -> None:
    if problem := status_problem(case.status, status):
        raise ValidationError({"status": problem})
    last = case.history.order_by("-reached_on").first()
    if last is not None and on < last.reached_on:
        raise ValidationError(
            {"status": f"Tanggal status {on:%d-%m-%Y} sebelum status sebelumnya ({last.reached_on:%d-%m-%Y})."}
        )
    if on > timezone.localdate():
        raise ValidationError({"status": "Tanggal status tidak boleh di masa depan."})
    if status == case.status:
        return
    CaseStatusChange.objects.create(case=case, status=status, reached_on=on, actor=access.acting_user(actor))
    case.status = status
    if status in cleared_statuses() and case.cleared_on is None:
        case.cleared_on = on
    case.save(update_fields=["status", "cleared_on", "updated_at"])


@transaction.atomic
def case_set_status(*, case: Case, status: str, on: dt.date | None = None, actor) -> Case:
    """Move a case forward (never back) and record the date; CC follows the clearance rule (data). The row is
    locked, so two officers moving the same case cannot both pass the forward-only check."""
    access.require(actor, "analysis.change", case)
    case = Case.objects.select_for_update().select_related("unit").get(pk=case.pk)
    _advance(case, status, on or timezone.localdate(), actor)
    return case


def clearance_recompute(*, actor) -> int:
    """After the clearance rule changed: set each case's clearance date from its history under the new rule."""
    access.require(actor, "analysis.import")
    statuses = cleared_statuses()
    changed = 0
    with transaction.atomic():
        for case in Case.objects.prefetch_related("history"):
            dates = [h.reached_on for h in case.history.all() if h.status in statuses]
            cleared = min(dates) if dates else None
            if cleared != case.cleared_on:
                Case.objects.filter(pk=case.pk).update(cleared_on=cleared)
                changed += 1
    return changed


def case_from_report(*, report, lp_number: str, crime_type: CrimeType, actor, **fields) -> Case:
    """Turn a field or public report into a case of the register, keeping the link to the report."""
    access.require(actor, "analysis.change", unit=report.unit)
    existing = Case.objects.filter(report=report).first()
    if existing is not None:
        return existing
    return case_create(
        unit=report.unit,
        lp_number=lp_number,
        crime_type=crime_type,
        occurred_at=report.occurred_at,
        reported_at=max(report.occurred_at, report.created_at),
        desa=report.desa,
        lat=report.lat,
        lon=report.lon,
        place=report.location_text,
        station=report.station,
        object_name=report.object_name,
        summary=report.text[:2000],
        report=report,
        actor=actor,
        **fields,
    )


def anev_request(*, unit, start: dt.date, end: dt.date, kind: str = "custom", report: str = "anev", case=None,
                 actor):  # fmt: skip
    """Queue the Anev document (DOCX + PDF) of a unit and period as a background job with progress."""
    from siaga.analysis.jobs import run_anev
    from siaga.analysis.models import AnevDocument
    from siaga.core.jobs import job_enqueue

    access.require(actor, "analysis.anev", unit=unit)
    if end < start:
        raise ValidationError({"end": "Tanggal akhir periode Anev sebelum tanggal awal."})
    if (end - start).days > 366 * 2:
        raise ValidationError({"end": "Periode Anev paling panjang dua tahun."})
    with transaction.atomic():
        doc = AnevDocument.objects.create(unit=unit, start=start, end=end, report=report, case=case,
                                          created_by=access.acting_user(actor))  # fmt: skip
        doc.job = job_enqueue(
            runner=run_anev,
            title=f"{AnevDocument.Report(report).label} {unit.name} {start:%d-%m-%Y} s.d. {end:%d-%m-%Y}",
            params={"document_id": doc.pk, "kind": kind},
            user=access.acting_user(actor),
            unit=unit,
        )
        doc.save(update_fields=["job"])
    return doc


def anev_write(*, document, kind: str = "custom", actor, progress=lambda *a, **k: None) -> dict:
    """Build the Anev of a queued document and store its DOCX and PDF (called by the job)."""
    from django.core.files.base import ContentFile

    from siaga.analysis.anev import anev_build
    from siaga.analysis.documents import to_docx, to_pdf
    from siaga.analysis.formulas import Period
    from siaga.analysis.sislap import REPORTS, incident_build, sislap_build

    access.require(actor, "analysis.anev", unit=document.unit)
    period = Period(kind, document.start, document.end)
    layout = template = None
    if document.report in REPORTS:
        anev = sislap_build(user=actor, unit=document.unit, kind=document.report, period=period)
    elif document.report == "insidentil" and document.case_id:
        anev = incident_build(case=document.case)
    else:
        from siaga.analysis.templating import TemplateError, template_bytes, template_layout

        template, row = template_bytes(document.unit)
        try:
            layout = template_layout(template)
        except TemplateError as exc:  # checked on upload; a file changed on disk since is still told plainly
            raise ValidationError(f"Templat Anev {row.name if row else ''} tidak dapat dipakai: {exc}") from exc
        anev = anev_build(user=actor, unit=document.unit, period=period, sections=layout.sections,
                          titles=layout.titles, progress=progress)  # fmt: skip
    progress(8, 10, "Menyusun DOCX")
    docx = to_docx(anev, template) if layout is not None else to_docx(anev)
    progress(9, 10, "Menyusun PDF")
    pdf = to_pdf(anev, layout)
    stem = f"{document.report}-{document.unit.code}-{document.start:%Y%m%d}-{document.end:%Y%m%d}"
    document.docx.save(f"{stem}.docx", ContentFile(docx), save=False)
    document.pdf.save(f"{stem}.pdf", ContentFile(pdf), save=False)
    document.save(update_fields=["docx", "pdf", "updated_at"])
    progress(10, 10, "Selesai")
    return {"empty": anev.empty, "sections": len(anev.sections)}


def sislap_due_chore(today: dt.date | None = None) -> int:
    """Housekeeping: make each Polres' and Polsek's LHGK, LMGK and LBGK once its period has ended (once each).
    Only units that keep the register (a case recorded in their subtree) get them; their nihil reports included."""
    from siaga.analysis.models import AnevDocument
    from siaga.analysis.sislap import REPORTS, periods_due
    from siaga.units.models import Unit

    today = today or timezone.localdate()
    made = 0
    keeping = set(Unit.objects.filter(pk__in=Case.objects.values("unit_id")).values_list("path", flat=True))
    if not keeping:
        return 0
    units = [
        u for u in Unit.objects.filter(kind__in=["polres", "polsek"]) if any(p.startswith(u.path) for p in keeping)
    ]
    for report in REPORTS:
        period = periods_due(report, today)
        for unit in units:
            if AnevDocument.objects.filter(unit=unit, report=report, start=period.start, end=period.end).exists():
                continue
            anev_request(unit=unit, start=period.start, end=period.end, kind=period.kind, report=report,
                         actor=access.SYSTEM)  # fmt: skip
            made += 1
    return made


def incident_report(*, case: Case, actor):
    """The Laporan Insidentil of one case, as DOCX and PDF (background job)."""
    access.require(actor, "analysis.change", case)
    day = case.reported_at.date()
    return anev_request(unit=case.unit, start=day, end=day, kind="day", report="insidentil", case=case, actor=actor)


MAX_TEMPLATE_BYTES = 5 * 1024 * 1024


def anev_template_upload(*, unit, upload, actor):
    """Check an uploaded Anev template (DOCX) and make it the unit's template; the previous one is kept,
    inactive. A broken template is refused with every reason (ValidationError), nothing stored."""
    from django.core.files.base import ContentFile

    from siaga.analysis.models import AnevTemplate
    from siaga.analysis.templating import TemplateError, template_layout

    access.require(actor, "analysis.template", unit=unit)
    if unit.kind not in ("polres", "polda", "mabes"):
        raise ValidationError("Templat Anev disimpan untuk Polres (atau Polda); Polsek memakai templat Polresnya.")
    if upload is None:
        raise ValidationError("Pilih berkas templat (.docx).")
    if getattr(upload, "size", 0) > MAX_TEMPLATE_BYTES:
        raise ValidationError(f"Berkas templat terlalu besar (paling besar {MAX_TEMPLATE_BYTES // 1024 // 1024} MB).")
    data = upload.read(MAX_TEMPLATE_BYTES + 1)
    name = (getattr(upload, "name", "") or "templat.docx").rsplit("/", 1)[-1][:150]
    if not name.lower().endswith(".docx"):
        raise ValidationError("Templat harus berkas Word .docx.")
    try:
        layout = template_layout(data)
    except TemplateError as exc:
        raise ValidationError(exc.problems) from exc
    with transaction.atomic():
        for old in AnevTemplate.objects.select_for_update().filter(unit=unit, is_active=True):
            old.is_active = False
            old.save(update_fields=["is_active", "updated_at"])
        sections = [[key, layout.titles[key]] for key in layout.sections]
        row = AnevTemplate(unit=unit, name=name, sections=sections, uploaded_by=access.acting_user(actor))
        row.docx.save(f"anev-{unit.code}.docx", ContentFile(data), save=False)
        row.save()
    return row


def anev_template_reset(*, unit, actor) -> int:
    """Go back to the shipped default template (the unit's templates are kept, inactive)."""
    from siaga.analysis.models import AnevTemplate

    access.require(actor, "analysis.template", unit=unit)
    changed = 0
    with transaction.atomic():
        for old in AnevTemplate.objects.select_for_update().filter(unit=unit, is_active=True):
            old.is_active = False
            old.save(update_fields=["is_active", "updated_at"])
            changed += 1
    return changed
