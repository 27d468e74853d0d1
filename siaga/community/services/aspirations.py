"""Aspirations and complaints: recorded → routed (to a unit or partner of the same Polres) → answered → returned
to the resident. Each transition is a conditional UPDATE plus an event row."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from siaga.community.choices import AspirationKind, AspirationStatus, AspirationTopic
from siaga.community.models import Aspiration, AspirationEvent
from siaga.community.services.beats import desa_in_unit
from siaga.core import access
from siaga.core.errors import ServiceError

S = AspirationStatus


def aspiration_record(
    *,
    actor,
    unit,
    desa,
    topic: str,
    text: str,
    kind: str = "aspirasi",
    resident: str = "",
    due: date | None = None,
    visit=None,
) -> Aspiration:
    access.require(actor, "community.aspiration", unit=unit)
    if not desa_in_unit(desa, unit):
        raise ServiceError("Desa ini di luar wilayah hukum satuan tersebut.", 422, "desa")
    if topic not in AspirationTopic.values or kind not in AspirationKind.values:
        raise ServiceError("Jenis atau topik aspirasi tidak dikenal.", 422, "topic")
    text = (text or "").strip()
    if not text:
        raise ServiceError("Isi aspirasi atau keluhan wajib diisi.", 422, "text")
    with transaction.atomic():
        item = Aspiration.objects.create(
            unit=unit,
            desa=desa,
            kind=kind,
            topic=topic,
            text=text[:4000],
            resident=(resident or "")[:150],
            due=due,
            visit=visit,
            recorded_by=access.acting_user(actor),
        )
        AspirationEvent.objects.create(aspiration=item, new=S.RECORDED, actor=access.acting_user(actor))
    return item


def aspiration_route(*, actor, aspiration: Aspiration, to, due: date | None = None, note: str = "") -> Aspiration:
    """Route to whoever must answer: a unit or partner agency under the same Polres (never outside it)."""
    from siaga.units.selectors import command_root

    access.require(actor, "community.aspiration", aspiration)
    root = command_root(unit=aspiration.unit)
    if to is None or not to.path.startswith(root.path):
        raise ServiceError(f"Aspirasi hanya dapat diteruskan ke satuan atau mitra di bawah {root.name}.", 422, "to")
    fields = {"routed_to": to}
    if due is not None:
        if due < timezone.localdate():
            raise ServiceError("Tenggat tidak boleh di masa lalu.", 422, "due")
        fields["due"] = due
    return _move(actor, aspiration, (S.RECORDED, S.ROUTED), S.ROUTED, note or f"Diteruskan ke {to.name}", fields)


def aspiration_answer(*, actor, aspiration: Aspiration, answer: str) -> Aspiration:
    access.require(actor, "community.answer", aspiration)
    if actor is not access.SYSTEM and getattr(actor, "is_partner", False) and aspiration.routed_to_id != actor.unit_id:
        raise ServiceError("Aspirasi ini tidak diteruskan ke instansi Anda.", 403)
    answer = (answer or "").strip()
    if not answer:
        raise ServiceError("Jawaban wajib diisi.", 422, "answer")
    fields = {"answer": answer[:4000], "answered_at": timezone.now()}
    return _move(actor, aspiration, (S.ROUTED,), S.ANSWERED, "", fields)


def aspiration_return(*, actor, aspiration: Aspiration, note: str = "") -> Aspiration:
    """The answer was taken back to the resident."""
    access.require(actor, "community.aspiration", aspiration)
    return _move(actor, aspiration, (S.ANSWERED,), S.RETURNED, note, {"returned_at": timezone.now()})


def _move(actor, aspiration, allowed, new, note, fields) -> Aspiration:
    old = aspiration.status
    if old not in allowed:
        label = S(old).label
        raise ServiceError(f"Aspirasi berstatus '{label}' tidak dapat diubah menjadi '{S(new).label}'.", 409)
    with transaction.atomic():
        done = Aspiration.objects.filter(pk=aspiration.pk, status=old).update(
            status=new, updated_at=timezone.now(), **fields
        )
        if done != 1:
            raise ServiceError("Aspirasi baru saja diubah orang lain; muat ulang halaman.", 409)
        AspirationEvent.objects.create(
            aspiration=aspiration, old=old, new=new, actor=access.acting_user(actor), note=(note or "")[:1000]
        )
    aspiration.refresh_from_db()
    return aspiration
