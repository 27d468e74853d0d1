"""Writes of the coordination app: partner contacts, meetings and attendance, directives and their follow-up,
the Pilkades day status. Every write takes `actor` and asks siaga.core.access first."""

from __future__ import annotations

import uuid
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from siaga.coordination.models import (
    Directive,
    DirectiveReport,
    DirectiveTarget,
    Invitee,
    Meeting,
    PartnerContact,
    PilkadesDesa,
)
from siaga.core import access
from siaga.core.errors import ServiceError
from siaga.units.models import Unit


def _today() -> date:
    return timezone.localdate()


def _display_name(user) -> str:
    full = (user.get_full_name() or "").strip() if hasattr(user, "get_full_name") else ""
    return full or getattr(user, "username", "")


# --- partner directory ----------------------------------------------------------------------------------------


@transaction.atomic
def contact_save(
    *, unit: Unit, name: str, actor, position="", phone="", email="", region=None, contact=None, is_demo=False
) -> PartnerContact:
    access.require(actor, "coordination.directory", contact, unit=unit if contact is None else None)
    if not access.in_scope(actor, unit):
        raise PermissionDenied("Instansi ini di luar cakupan satuan Anda.")
    name = (name or "").strip()
    if not name:
        raise ValidationError("Nama kontak wajib diisi.")
    contact = contact or PartnerContact(is_demo=is_demo)
    contact.unit, contact.name, contact.position = unit, name, position.strip()
    contact.phone, contact.email, contact.region = phone.strip(), email.strip(), region
    contact.full_clean()
    contact.save()
    return contact


# --- meetings -------------------------------------------------------------------------------------------------


def _check_link(link: str, mode: str, place: str) -> str:
    link = (link or "").strip()
    if link:
        try:
            URLValidator(schemes=["http", "https"])(link)
        except ValidationError:
            raise ValidationError(
                f"Tautan rapat “{link[:80]}” bukan alamat web yang sah: tulis lengkap, mis. https://zoom.us/j/123."
            ) from None
    if mode in (Meeting.Mode.ONLINE, Meeting.Mode.HYBRID) and not link:
        raise ValidationError("Rapat daring memerlukan tautan rapat (https://…).")
    if mode in (Meeting.Mode.OFFLINE, Meeting.Mode.HYBRID) and not (place or "").strip():
        raise ValidationError("Rapat tatap muka memerlukan tempat.")
    return link


def _invitee_rows(meeting, *, actor, units=(), users=(), contacts=()) -> list[Invitee]:
    rows = []
    for unit in units:
        if unit.is_police and not access.in_scope(actor, unit):
            raise ValidationError(f"{unit.name} di luar cakupan satuan Anda: tidak dapat diundang.")
        head = "Kapolsek" if unit.kind == "polsek" else ("Pimpinan" if not unit.is_police else unit.get_kind_display())
        rows.append(Invitee(meeting=meeting, unit=unit, name=unit.name, position=f"{head} {unit.name}"[:200]))
    for user in users:
        if user.unit_id is None or (
            user.unit.is_police and not access.in_scope(actor, user.unit) and not access.is_admin(actor)
        ):
            raise ValidationError(f"{_display_name(user)} di luar cakupan satuan Anda: tidak dapat diundang.")
        unit_name = user.unit.name if user.unit_id else ""
        rows.append(Invitee(meeting=meeting, user=user, name=_display_name(user), position=unit_name))
    for contact in contacts:
        rows.append(
            Invitee(
                meeting=meeting,
                contact=contact,
                unit=None,
                name=contact.name,
                position=f"{contact.position}, {contact.unit.name}".strip(", ")[:200],
            )
        )
    return rows


@transaction.atomic
def meeting_create(
    *,
    unit: Unit,
    title: str,
    starts_at,
    actor,
    kind=Meeting.Kind.RAKOR,
    mode=Meeting.Mode.OFFLINE,
    ends_at=None,
    place="",
    link="",
    election=None,
    operation=None,
    stage=None,
    agenda="",
    invite_units=(),
    invite_users=(),
    invite_contacts=(),
    client_id=None,
    is_demo=False,
) -> Meeting:
    """A meeting with its invitees; idempotent by `client_id` (a double-tapped submit creates one meeting)."""
    access.require(actor, "coordination.meeting", unit=unit)
    if client_id:
        existing = Meeting.objects.filter(client_id=client_id).first()
        if existing is not None:
            if existing.unit_id != unit.pk:
                raise ServiceError("ID klien ini sudah dipakai untuk rapat lain.", status=409)
            return existing
    title = (title or "").strip()
    if not title:
        raise ValidationError("Judul rapat wajib diisi.")
    if kind not in Meeting.Kind.values:
        raise ValidationError("Jenis rapat tidak dikenal.")
    if mode not in Meeting.Mode.values:
        raise ValidationError("Bentuk rapat tidak dikenal (tatap muka, daring, atau keduanya).")
    link = _check_link(link, mode, place)
    if ends_at and ends_at < starts_at:
        raise ValidationError("Waktu selesai rapat tidak boleh sebelum waktu mulai.")
    if stage is not None and election is not None and stage.election_id != election.pk:
        raise ValidationError("Tahapan yang dipilih bukan tahapan pemilihan ini.")
    meeting = Meeting.objects.create(
        unit=unit,
        title=title,
        kind=kind,
        mode=mode,
        starts_at=starts_at,
        ends_at=ends_at,
        place=place.strip(),
        link=link,
        election=election,
        operation=operation,
        stage=stage,
        agenda=agenda.strip(),
        secretary=access.acting_user(actor),
        client_id=client_id,
        is_demo=is_demo,
    )
    rows = _invitee_rows(meeting, actor=actor, units=invite_units, users=invite_users, contacts=invite_contacts)
    Invitee.objects.bulk_create(rows)
    partner_units = {u.pk for u in invite_units if not u.is_police} | {c.unit_id for c in invite_contacts}
    partner_units |= {u.unit_id for u in invite_users if u.unit_id and not u.unit.is_police}
    meeting.shared_with.set(partner_units)
    return meeting


@transaction.atomic
def meeting_invite(*, meeting: Meeting, actor, units=(), users=(), contacts=()) -> list[Invitee]:
    access.require(actor, "coordination.meeting", meeting)
    existing_units = set(meeting.invitees.exclude(unit=None).values_list("unit_id", flat=True))
    existing_users = set(meeting.invitees.exclude(user=None).values_list("user_id", flat=True))
    existing_contacts = set(meeting.invitees.exclude(contact=None).values_list("contact_id", flat=True))
    rows = _invitee_rows(
        meeting,
        actor=actor,
        units=[u for u in units if u.pk not in existing_units],
        users=[u for u in users if u.pk not in existing_users],
        contacts=[c for c in contacts if c.pk not in existing_contacts],
    )
    Invitee.objects.bulk_create(rows)
    partner_units = {u.pk for u in units if not u.is_police} | {c.unit_id for c in contacts}
    partner_units |= {u.unit_id for u in users if u.unit_id and not u.unit.is_police}
    if partner_units:
        meeting.shared_with.add(*partner_units)
    return rows


@transaction.atomic
def meeting_minutes_save(*, meeting: Meeting, actor, minutes: str, decisions: str = "") -> Meeting:
    access.require(actor, "coordination.meeting", meeting)
    meeting.minutes, meeting.decisions = minutes.strip(), decisions.strip()
    meeting.save(update_fields=["minutes", "decisions", "updated_at"])
    return meeting


def invitee_for(*, meeting: Meeting, user) -> Invitee | None:
    """The invitation a user answers: their own, else their unit's."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    own = meeting.invitees.filter(user=user).first()
    if own is not None:
        return own
    if user.unit_id is None:
        return None
    return meeting.invitees.filter(unit_id=user.unit_id).first()


@transaction.atomic
def meeting_checkin(*, meeting: Meeting, actor, token=None, confirm_only: bool = False) -> Invitee:
    """The invitee confirms (before) or checks in (at the door, with the QR code's token)."""
    access.require(actor, "coordination.attend")
    if token is not None and str(token) != str(meeting.checkin_token):
        raise ServiceError("Kode QR presensi ini tidak berlaku untuk rapat ini.", status=403)
    invitee = invitee_for(meeting=meeting, user=actor)
    if invitee is None:
        raise ServiceError("Anda tidak termasuk undangan rapat ini: kehadiran tidak dicatat.", status=403)
    invitee = Invitee.objects.select_for_update().get(pk=invitee.pk)
    if confirm_only:
        if invitee.status == Invitee.Status.INVITED:
            invitee.status, invitee.method = Invitee.Status.CONFIRMED, Invitee.Method.SELF
            invitee.save(update_fields=["status", "method"])
        return invitee
    if invitee.status != Invitee.Status.PRESENT:  # a second scan changes nothing
        invitee.status = Invitee.Status.PRESENT
        invitee.method = Invitee.Method.QR if token is not None else Invitee.Method.SELF
        invitee.attendee_name = _display_name(actor)[:200]
        invitee.checked_in_at = timezone.now()
        invitee.save(update_fields=["status", "method", "attendee_name", "checked_in_at"])
    return invitee


@transaction.atomic
def invitee_mark(*, invitee: Invitee, status: str, actor, attendee_name: str = "") -> Invitee:
    """The secretary ticks an invitee present or absent."""
    access.require(actor, "coordination.meeting", invitee.meeting)
    if status not in Invitee.Status.values:
        raise ValidationError("Status kehadiran tidak dikenal.")
    invitee.status = status
    invitee.method = Invitee.Method.SECRETARY if status == Invitee.Status.PRESENT else invitee.method
    invitee.attendee_name = (attendee_name or invitee.attendee_name or "").strip()[:200]
    invitee.checked_in_at = timezone.now() if status == Invitee.Status.PRESENT else None
    invitee.save()
    return invitee


# --- directives -----------------------------------------------------------------------------------------------


@transaction.atomic
def directive_issue(
    *,
    unit: Unit,
    title: str,
    deadline: date,
    units,
    actor,
    body: str = "",
    meeting: Meeting | None = None,
    election=None,
    measure: str = "",
    client_id=None,
    today: date | None = None,
    is_demo=False,
) -> Directive:
    """An arahan to one or more units of the issuer's scope; idempotent by `client_id`."""
    access.require(actor, "coordination.directive", unit=unit)
    if client_id:
        existing = Directive.objects.filter(client_id=client_id).first()
        if existing is not None:
            if existing.unit_id != unit.pk:
                raise ServiceError("ID klien ini sudah dipakai untuk arahan lain.", status=409)
            return existing
    title = (title or "").strip()
    if not title:
        raise ValidationError("Isi arahan wajib diisi.")
    if deadline is None:
        raise ValidationError("Batas waktu arahan wajib diisi.")
    if deadline < (today or _today()):
        raise ValidationError("Batas waktu arahan sudah lewat.")
    if measure not in Directive.Measure.values:
        raise ValidationError("Bukti data yang dipilih tidak dikenal.")
    units = list(dict.fromkeys(units))
    if not units:
        raise ValidationError("Pilih sedikitnya satu satuan penerima arahan.")
    outside = [
        u.name for u in units if not u.is_police or not access.in_scope(actor, u) or not u.path.startswith(unit.path)
    ]
    if outside:
        raise ValidationError(f"Di luar cakupan pemberi arahan: {', '.join(outside)}. Arahan tidak diterbitkan.")
    if meeting is not None:
        access.require(actor, "coordination.meeting", meeting)
    try:
        with transaction.atomic():
            directive = Directive.objects.create(
                unit=unit,
                issued_by=access.acting_user(actor),
                meeting=meeting,
                election=election,
                title=title,
                body=body.strip(),
                deadline=deadline,
                measure=measure,
                client_id=client_id,
                is_demo=is_demo,
            )
    except IntegrityError:  # the same client id raced in
        return Directive.objects.get(client_id=client_id)
    DirectiveTarget.objects.bulk_create([DirectiveTarget(directive=directive, unit=u, is_demo=is_demo) for u in units])
    return directive


def _lock_target(target: DirectiveTarget, actor) -> DirectiveTarget:
    access.require(actor, "coordination.respond", target)
    return DirectiveTarget.objects.select_for_update().select_related("directive").get(pk=target.pk)


@transaction.atomic
def directive_acknowledge(*, target: DirectiveTarget, actor) -> DirectiveTarget:
    target = _lock_target(target, actor)
    if target.status == DirectiveTarget.Status.PENDING:
        target.status = DirectiveTarget.Status.ACKNOWLEDGED
        target.acknowledged_at = timezone.now()
        target.save(update_fields=["status", "acknowledged_at", "updated_at"])
    return target


@transaction.atomic
def directive_report(
    *, target: DirectiveTarget, actor, text: str, number: int | None = None, photo=None, closes=False, client_id=None
) -> DirectiveReport:
    """A progress report (text, number, photo) of a recipient unit; `closes` marks its part done."""
    target = _lock_target(target, actor)
    if client_id:
        existing = DirectiveReport.objects.filter(client_id=client_id).first()
        if existing is not None:
            if existing.target_id != target.pk:
                raise ServiceError("ID klien ini sudah dipakai untuk laporan lain.", status=409)
            return existing
    text = (text or "").strip()
    if not text:
        raise ValidationError("Laporan tindak lanjut wajib diisi.")
    if number is not None and number < 0:
        raise ValidationError("Angka capaian tidak boleh negatif.")
    if target.status == DirectiveTarget.Status.DONE:
        raise ValidationError("Arahan ini sudah ditutup oleh satuan Anda.")
    report = DirectiveReport(target=target, author=access.acting_user(actor), text=text, number=number, closes=closes)
    report.client_id = client_id
    if photo is not None:
        from siaga.core.images import ImageRejected, image_reencode

        try:
            content, _ = image_reencode(photo, stem=uuid.uuid4().hex)
        except ImageRejected as exc:
            raise ValidationError(
                "Foto terlalu besar." if exc.too_large else "Foto harus berupa gambar JPEG, PNG atau WebP."
            ) from None
        report.photo.save(content.name, content, save=False)
    report.save()
    now = timezone.now()
    target.acknowledged_at = target.acknowledged_at or now
    if number is not None:
        target.progress = number
    target.status = DirectiveTarget.Status.DONE if closes else DirectiveTarget.Status.IN_PROGRESS
    target.closed_at = now if closes else None
    target.save()
    return report


@transaction.atomic
def directive_extend(*, target: DirectiveTarget, deadline: date, actor, today: date | None = None) -> DirectiveTarget:
    """The issuer extends one recipient's deadline (perpanjangan); an escalation is lifted."""
    access.require(actor, "coordination.directive", target.directive)
    if deadline is None or deadline < (today or _today()):
        raise ValidationError("Batas waktu baru harus hari ini atau sesudahnya.")
    if deadline <= target.directive.deadline:
        raise ValidationError("Batas waktu baru harus sesudah batas waktu arahan.")
    target.deadline, target.escalated_at = deadline, None
    target.save(update_fields=["deadline", "escalated_at", "updated_at"])
    return target


def directive_escalate_overdue(*, actor, today: date | None = None) -> int:
    """Escalate every recipient that has not closed by the deadline: the issuer sees it on the matrix and the
    dashboard. Run by the job worker's housekeeping; idempotent."""
    access.require(actor, "coordination.directive")
    today = today or _today()
    overdue = DirectiveTarget.objects.filter(
        Q(deadline=None, directive__deadline__lt=today) | Q(deadline__lt=today), escalated_at=None
    ).exclude(status=DirectiveTarget.Status.DONE)
    return overdue.update(escalated_at=timezone.now())


def directive_escalate_overdue_chore() -> int:
    return directive_escalate_overdue(actor=access.SYSTEM)


# --- Pilkades day -----------------------------------------------------------------------------------------------


@transaction.atomic
def pilkades_status_update(
    *, row: PilkadesDesa, actor, voting=None, counting=None, result=None, winner_number=None, note=None
) -> PilkadesDesa:
    access.require(actor, "coordination.pilkades_status", row)
    if voting is not None:
        if voting not in PilkadesDesa.Voting.values:
            raise ValidationError("Status pemungutan tidak dikenal.")
        row.voting = voting
    if counting is not None:
        if counting not in PilkadesDesa.Counting.values:
            raise ValidationError("Status penghitungan tidak dikenal.")
        row.counting = counting
    if result is not None:
        if result not in PilkadesDesa.Result.values:
            raise ValidationError("Status hasil tidak dikenal.")
        row.result = result
    if winner_number is not None:
        if not row.election.candidates.filter(number=winner_number).exists():
            raise ValidationError(f"Tidak ada calon nomor urut {winner_number} di desa ini.")
        row.winner_number = winner_number
    if note is not None:
        row.note = note.strip()[:300]
    if row.result and row.counting != PilkadesDesa.Counting.DONE:
        raise ValidationError("Hasil baru dapat dicatat setelah penghitungan selesai.")
    row.save()
    return row
