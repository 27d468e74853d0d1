"""Pages of the coordination app: thin — parse, call one service or selector, render."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from siaga.coordination import documents, selectors, services
from siaga.coordination.board_html import board_rows_html
from siaga.coordination.forms import (
    ContactForm,
    DirectiveForm,
    MeetingForm,
    MinutesForm,
    PilkadesImportForm,
    ReportForm,
)
from siaga.coordination.importer import PilkadesImporter
from siaga.coordination.models import DirectiveTarget, Invitee, PilkadesDesa
from siaga.coordination.pilkades import board, round_list
from siaga.core import access
from siaga.core.errors import ServiceError
from siaga.core.imports.views import import_page
from siaga.core.params import date_param, id_param
from siaga.units.models import Unit


def _police_only(user) -> None:
    if getattr(user, "is_partner", False):
        raise PermissionDenied("Halaman ini hanya untuk satuan Polri.")


def _error(request, exc) -> None:
    text = " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
    messages.error(request, text)


# --- meetings -------------------------------------------------------------------------------------------------


@login_required
def meetings(request):
    items = selectors.meeting_list(user=request.user).order_by("-starts_at")[:100]
    can_create = access.can(request.user, "coordination.meeting")
    return render(request, "coordination/meetings.html", {"meetings": items, "can_create": can_create})


@login_required
def meeting_create(request):
    access.require(request.user, "coordination.meeting")
    form = MeetingForm(request.POST or None, user=request.user, initial={"client_id": uuid.uuid4()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            meeting = services.meeting_create(
                unit=data["unit"],
                title=data["title"],
                kind=data["kind"],
                mode=data["mode"],
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
                place=data["place"],
                link=data["link"],
                election=data["election"],
                agenda=data["agenda"],
                invite_units=list(data["invite_units"]) + list(data["invite_partners"]),
                invite_contacts=list(data["invite_contacts"]),
                client_id=data["client_id"],
                actor=request.user,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"Rapat “{meeting.title}” dibuat dan undangan tercatat.")
            return redirect("coordination:meeting", pk=meeting.pk)
    return render(request, "coordination/form.html", {"form": form, "title": "Rapat baru"})


def _meeting(request, pk: int):
    meeting = selectors.meeting_get(user=request.user, pk=pk)
    if meeting is None:
        raise Http404("Rapat tidak ditemukan.")
    return meeting


@login_required
def meeting_detail(request, pk: int):
    meeting = _meeting(request, pk)
    can_manage = access.can(request.user, "coordination.meeting", meeting)
    invitees = selectors.meeting_invitees(meeting)
    mine = services.invitee_for(meeting=meeting, user=request.user)
    directives = list(selectors.directive_list(user=request.user).filter(meeting=meeting))
    context = {
        "meeting": meeting,
        "invitees": invitees,
        "mine": mine,
        "can_manage": can_manage,
        "minutes_form": MinutesForm(initial={"minutes": meeting.minutes, "decisions": meeting.decisions}),
        "directive_form": DirectiveForm(user=request.user, initial={"client_id": uuid.uuid4()})
        if access.can(request.user, "coordination.directive")
        else None,
        "directives": directives,
        "checkin_url": request.build_absolute_uri(
            reverse("coordination:meeting_checkin", args=[meeting.pk, meeting.checkin_token])
        )
        if can_manage
        else "",
        "present": sum(1 for i in invitees if i.status == Invitee.Status.PRESENT),
    }
    return render(request, "coordination/meeting_detail.html", context)


@login_required
def meeting_qr(request, pk: int):
    """The QR code shown at the door (SVG), pointing at the meeting's check-in link."""
    meeting = _meeting(request, pk)
    access.require(request.user, "coordination.meeting", meeting)
    from reportlab.graphics import renderSVG
    from reportlab.graphics.barcode.qr import QrCodeWidget
    from reportlab.graphics.shapes import Drawing

    url = request.build_absolute_uri(reverse("coordination:meeting_checkin", args=[meeting.pk, meeting.checkin_token]))
    widget = QrCodeWidget(url, barWidth=240, barHeight=240)
    drawing = Drawing(240, 240)
    drawing.add(widget)
    return HttpResponse(renderSVG.drawToString(drawing), content_type="image/svg+xml")


@login_required
def meeting_checkin(request, pk: int, token: str):
    """The page the door's QR code opens: the invitee signs in on their phone with one tap."""
    meeting = selectors.meeting_get(user=request.user, pk=pk)
    valid = meeting is not None and str(meeting.checkin_token) == token
    if not valid:
        # an invitee of another unit may not see the meeting yet: the token itself opens it
        try:
            token_uuid = uuid.UUID(token)
        except ValueError:
            raise Http404("Kode QR presensi tidak dikenal.") from None
        from siaga.coordination.models import Meeting

        meeting = Meeting.objects.filter(pk=pk, checkin_token=token_uuid).first()
        if meeting is None:
            raise Http404("Kode QR presensi tidak dikenal.")
    invitee = services.invitee_for(meeting=meeting, user=request.user)
    if request.method == "POST":
        try:
            invitee = services.meeting_checkin(meeting=meeting, actor=request.user, token=token)
        except ServiceError as exc:
            return render(
                request, "coordination/checkin.html", {"meeting": meeting, "error": exc.message}, status=exc.status
            )
        messages.success(request, f"Kehadiran Anda di “{meeting.title}” tercatat.")
        return redirect("coordination:meeting", pk=meeting.pk)
    error = "" if invitee else "Anda tidak termasuk undangan rapat ini: kehadiran tidak dapat dicatat."
    return render(request, "coordination/checkin.html", {"meeting": meeting, "invitee": invitee, "error": error})


@login_required
@require_POST
def meeting_confirm(request, pk: int):
    meeting = _meeting(request, pk)
    present = request.POST.get("hadir") == "1"
    try:
        services.meeting_checkin(meeting=meeting, actor=request.user, confirm_only=not present)
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Kehadiran tercatat." if present else "Konfirmasi kehadiran tercatat.")
    return redirect("coordination:meeting", pk=meeting.pk)


@login_required
@require_POST
def invitee_mark(request, pk: int):
    invitee = Invitee.objects.select_related("meeting__unit").filter(pk=pk).first()
    if invitee is None or selectors.meeting_get(user=request.user, pk=invitee.meeting_id) is None:
        raise Http404("Undangan tidak ditemukan.")
    try:
        services.invitee_mark(
            invitee=invitee,
            status=request.POST.get("status", ""),
            attendee_name=request.POST.get("attendee_name", ""),
            actor=request.user,
        )
    except ValidationError as exc:
        _error(request, exc)
    return redirect("coordination:meeting", pk=invitee.meeting_id)


@login_required
@require_POST
def meeting_minutes(request, pk: int):
    meeting = _meeting(request, pk)
    form = MinutesForm(request.POST)
    if form.is_valid():
        services.meeting_minutes_save(meeting=meeting, actor=request.user, **form.cleaned_data)
        messages.success(request, "Notulen tersimpan.")
    return redirect("coordination:meeting", pk=meeting.pk)


CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


@login_required
def meeting_document(request, pk: int, doc: str, fmt: str):
    if doc not in documents.BUILDERS or fmt not in CONTENT_TYPES:
        raise Http404("Dokumen tidak dikenal.")
    meeting = _meeting(request, pk)
    built = documents.build(doc, meeting, selectors.meeting_invitees(meeting), user=request.user)
    content = documents.to_docx(built) if fmt == "docx" else documents.to_pdf(built)
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{doc}-rapat-{meeting.pk}.{fmt}"'
    return response


# --- directives -----------------------------------------------------------------------------------------------


@login_required
def directives(request):
    _police_only(request.user)
    items = list(selectors.directive_list(user=request.user).order_by("-created_at")[:100])
    form = None
    if access.can(request.user, "coordination.directive"):
        form = DirectiveForm(user=request.user, initial={"client_id": uuid.uuid4()})
    mine = list(selectors.my_targets(user=request.user)[:50])
    return render(
        request,
        "coordination/directives.html",
        {"directives": items, "form": form, "mine": mine, "today": timezone.localdate()},
    )


@login_required
@require_POST
def directive_create(request):
    _police_only(request.user)
    access.require(request.user, "coordination.directive")
    form = DirectiveForm(request.POST, user=request.user)
    meeting = None
    meeting_id = id_param(request.POST.get("meeting"), name="meeting")
    if meeting_id:
        meeting = _meeting(request, meeting_id)
    if form.is_valid():
        data = form.cleaned_data
        try:
            directive = services.directive_issue(
                unit=data["unit"],
                title=data["title"],
                body=data["body"],
                deadline=data["deadline"],
                units=list(data["units"]),
                measure=data["measure"] or "",
                meeting=meeting,
                election=meeting.election if meeting else None,
                client_id=data["client_id"],
                actor=request.user,
            )
        except ValidationError as exc:
            _error(request, exc)
        else:
            messages.success(request, f"Arahan diterbitkan kepada {directive.targets.count()} satuan.")
            return redirect("coordination:directive", pk=directive.pk)
    else:
        messages.error(request, "Arahan belum lengkap: " + "; ".join(
            f"{form.fields[k].label if k in form.fields else ''} {' '.join(v)}".strip() for k, v in form.errors.items()
        ))  # fmt: skip
    return redirect("coordination:meeting", pk=meeting.pk) if meeting else redirect("coordination:directives")


@login_required
def directive_detail(request, pk: int):
    _police_only(request.user)
    directive = selectors.directive_get(user=request.user, pk=pk)
    if directive is None:
        raise Http404("Arahan tidak ditemukan.")
    today = timezone.localdate()
    targets = selectors.directive_targets(user=request.user, directive=directive)
    can_extend = access.can(request.user, "coordination.directive", directive)
    proof = selectors.measured(directive=directive, targets=targets)
    rows = [
        {
            "target": t,
            "state": t.state(today),
            "label": selectors.STATE_LABELS[t.state(today)],
            "can_extend": can_extend,
            "proof": proof.get(t.pk),
            "can_respond": access.can(request.user, "coordination.respond", t)
            and t.unit.path.startswith(request.user.unit.path if request.user.unit_id else "\0"),
            "reports": list(t.reports.all()),
        }
        for t in targets
    ]
    return render(
        request,
        "coordination/directive_detail.html",
        {"directive": directive, "rows": rows, "report_form": ReportForm(initial={"client_id": uuid.uuid4()})},
    )


def _target(request, pk: int) -> DirectiveTarget:
    return access.get_for_user(
        DirectiveTarget.objects.select_related("directive", "unit"), request.user, "coordination.respond", pk=pk
    )


@login_required
@require_POST
def target_acknowledge(request, pk: int):
    target = _target(request, pk)
    services.directive_acknowledge(target=target, actor=request.user)
    messages.success(request, f"Arahan “{target.directive.title}” diterima {target.unit.name}.")
    return redirect("coordination:directive", pk=target.directive_id)


@login_required
@require_POST
def target_report(request, pk: int):
    target = _target(request, pk)
    form = ReportForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.directive_report(
                target=target,
                text=data["text"],
                number=data["number"],
                photo=data["photo"],
                closes=data["closes"],
                client_id=data["client_id"],
                actor=request.user,
            )
        except (ValidationError, ServiceError) as exc:
            _error(request, exc)
        else:
            messages.success(
                request, "Laporan tindak lanjut tersimpan." + (" Arahan ditutup." if data["closes"] else "")
            )
    else:
        messages.error(request, "Laporan tindak lanjut wajib diisi.")
    return redirect("coordination:directive", pk=target.directive_id)


@login_required
@require_POST
def target_extend(request, pk: int):
    target = access.get_for_user(DirectiveTarget.objects.select_related("directive", "unit"), request.user, None, pk=pk)
    deadline = date_param(request.POST.get("deadline"), name="deadline")
    try:
        services.directive_extend(target=target, deadline=deadline, actor=request.user)
    except ValidationError as exc:
        _error(request, exc)
    else:
        messages.success(request, f"Batas waktu {target.unit.name} diperpanjang sampai {deadline:%d-%m-%Y}.")
    return redirect("coordination:directive", pk=target.directive_id)


@login_required
def directive_matrix(request):
    _police_only(request.user)
    data = selectors.matrix(user=request.user)
    return render(request, "coordination/matrix.html", {"matrix": data})


# --- partner directory ----------------------------------------------------------------------------------------


@login_required
def directory(request):
    _police_only(request.user)
    agencies = list(selectors.partner_directory(user=request.user))
    contacts = list(selectors.contacts_for(user=request.user, units=agencies))
    by_unit: dict[int, list] = {}
    for c in contacts:
        by_unit.setdefault(c.unit_id, []).append(c)
    can_contacts = access.can(request.user, "coordination.contacts")
    form = None
    if access.can(request.user, "coordination.directory"):
        form = ContactForm(request.POST or None, user=request.user)
        if request.method == "POST" and form.is_valid():
            try:
                services.contact_save(actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, "Kontak mitra tersimpan.")
                return redirect("coordination:directory")
    elif request.method == "POST":
        access.require(request.user, "coordination.directory")
    rows = [{"unit": u, "contacts": by_unit.get(u.pk, [])} for u in agencies]
    return render(request, "coordination/directory.html", {"rows": rows, "can_contacts": can_contacts, "form": form})


# --- Pilkades serentak ------------------------------------------------------------------------------------------


@login_required
def rounds(request):
    _police_only(request.user)
    items = list(round_list(user=request.user).order_by("-voting_day"))
    return render(
        request,
        "coordination/rounds.html",
        {"rounds": items, "can_import": access.can(request.user, "coordination.pilkades")},
    )


@login_required
def pilkades_import(request):
    _police_only(request.user)
    return import_page(
        request,
        importer=PilkadesImporter,
        form_class=PilkadesImportForm,
        form_kwargs={"user": request.user},
        form_params=lambda data: {"unit_id": data["unit"].pk},
        context={"title": "Impor Pilkades serentak", "back_url": reverse("coordination:rounds")},
        params={"unit_id": request.user.unit_id},
    )


@login_required
def round_board(request, pk: int):
    _police_only(request.user)
    rnd = round_list(user=request.user).filter(pk=pk).first()
    if rnd is None:
        raise Http404("Pilkades serentak tidak ditemukan.")
    polsek = None
    polsek_id = id_param(request.GET.get("polsek"), name="polsek")
    if polsek_id:
        polsek = Unit.objects.restrict(request.user).filter(pk=polsek_id).first()
    data = board(user=request.user, rnd=rnd, unit=polsek)
    can_update = access.can(request.user, "coordination.pilkades_status")
    data["rows_html"] = board_rows_html(data["rows"], can_update=can_update, csrf_token=get_token(request))
    polseks = Unit.objects.restrict(request.user).filter(kind=Unit.Kind.POLSEK, path__startswith=rnd.unit.path)
    context = {
        "round": rnd,
        "board": data,
        "polsek": polsek,
        "polseks": polseks,
        "can_update": can_update,
    }
    template = "coordination/htmx/board_table.html" if request.htmx else "coordination/board.html"
    return render(request, template, context)


@login_required
@require_POST
def desa_status(request, pk: int):
    row = access.get_for_user(
        PilkadesDesa.objects.select_related("election", "round"), request.user, "coordination.pilkades_status", pk=pk
    )
    winner = id_param(request.POST.get("winner_number"), name="winner_number")
    try:
        services.pilkades_status_update(
            row=row,
            voting=request.POST.get("voting") or None,
            counting=request.POST.get("counting") or None,
            result=request.POST.get("result", None),
            winner_number=winner,
            actor=request.user,
        )
    except ValidationError as exc:
        _error(request, exc)
    else:
        messages.success(request, f"Status Pilkades {row.desa.name} diperbarui.")
    return redirect(reverse("coordination:round", args=[row.round_id]) + f"#desa-{row.pk}")
