"""Case workflow (flagged → reviewed → action → closed) with preserved evidence and its chain of custody.

Opening a case captures the post as evidence: original text, screenshot and metadata, hashed with SHA-256 over
a canonical form, so that any later change is detectable (`evidence_verify`). Every view and export of the
evidence is written to the custody log with the user and address. Transitions are conditional UPDATEs recorded
as CaseEvent rows: two analysts acting at once cannot overwrite each other."""

from __future__ import annotations

import hashlib
import json

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from siaga.core import access
from siaga.core.errors import ServiceError
from siaga.siber.choices import TRANSITIONS, CaseAction, CaseStatus, CustodyAction


def evidence_digest(text: str, metadata: dict, screenshot: bytes | None) -> str:
    shot = hashlib.sha256(screenshot).hexdigest() if screenshot else ""
    canonical = json.dumps({"text": text, "metadata": metadata, "screenshot_sha256": shot}, sort_keys=True,
                           ensure_ascii=False, separators=(",", ":"))  # fmt: skip
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def evidence_verify(evidence) -> bool:
    shot = bytes(evidence.screenshot) if evidence.screenshot else None
    return evidence_digest(evidence.text, evidence.metadata, shot) == evidence.sha256


def post_metadata(post) -> dict:
    return {
        "platform": post.platform,
        "post_id": post.external_id,
        "account": post.account.handle,
        "account_name": post.account.display_name,
        "posted_at": post.posted_at.isoformat(),
        "url": post.url,
        "media_url": post.media_url,
        "reach": post.reach,
        "engagement": post.engagement,
        "source": post.source,
        "collected_at": post.created_at.isoformat(),
        "labels": post.labels,
        "model_version": post.model_version,
    }


def _number(unit) -> str:
    from siaga.siber.models import Case

    year = timezone.localdate().year
    count = Case.objects.filter(unit=unit, created_at__year=year).count() + 1
    while True:
        number = f"SIBER/{count:04d}/{year}/{unit.code}"[:40]
        if not Case.objects.filter(number=number).exists():
            return number
        count += 1


def case_open(*, post, actor, note: str = "", ip: str | None = None):
    """Open a case on a post (or return its open case) and capture the evidence."""
    from siaga.siber.models import Case, CaseEvent, CustodyEntry, Evidence

    access.require(actor, "siber.change", post)
    existing = Case.objects.filter(post=post).exclude(status=CaseStatus.CLOSED).first()
    if existing is not None:
        return existing
    user = access.acting_user(actor)
    with transaction.atomic():
        case = Case.objects.create(
            unit=post.unit, number=_number(post.unit), post=post, narrative=post.narrative, note=note[:2000],
            opened_by=user, is_demo=post.is_demo,
        )  # fmt: skip
        CaseEvent.objects.create(case=case, to_status=CaseStatus.FLAGGED, note="Kasus dibuka", actor=user)
        metadata = post_metadata(post)
        shot = bytes(post.screenshot) if post.screenshot else None
        evidence = Evidence.objects.create(
            case=case, post=post, text=post.text, metadata=metadata, screenshot=shot,
            sha256=evidence_digest(post.text, metadata, shot), captured_by=user,
        )  # fmt: skip
        CustodyEntry.objects.create(evidence=evidence, action=CustodyAction.CAPTURE, actor=user, ip=ip,
                                    note="Diamankan saat kasus dibuka")  # fmt: skip
    return case


def case_transition(*, case, to_status: str, actor, action: str = "", note: str = ""):
    from siaga.siber.models import Case, CaseEvent

    access.require(actor, "siber.change", case)
    if to_status not in CaseStatus.values:
        raise ValidationError("Status kasus tidak dikenal.")
    allowed = TRANSITIONS[CaseStatus(case.status)]
    if to_status not in allowed:
        raise ServiceError(
            f"Kasus berstatus {case.get_status_display()} tidak dapat diubah menjadi "
            f"{CaseStatus(to_status).label}.", status=409,
        )  # fmt: skip
    if to_status == CaseStatus.ACTION and action not in CaseAction.values:
        raise ValidationError("Pilih tindakan: takedown, kontra-narasi, klarifikasi Humas atau rujukan.")
    fields = {"status": to_status, "updated_at": timezone.now()}
    if action:
        fields["action"] = action
    if to_status == CaseStatus.CLOSED:
        fields["closed_at"] = timezone.now()
    with transaction.atomic():
        updated = Case.objects.filter(pk=case.pk, status=case.status).update(**fields)
        if updated != 1:
            raise ServiceError("Kasus baru saja diubah oleh pengguna lain; muat ulang halaman.", status=409)
        CaseEvent.objects.create(case=case, from_status=case.status, to_status=to_status, action=action,
                                 note=note[:2000], actor=access.acting_user(actor))  # fmt: skip
    case.refresh_from_db()
    return case


def _custody(evidence, action: str, actor, ip, note: str) -> None:
    from siaga.siber.models import CustodyEntry

    access.require(actor, "siber.view", evidence)
    CustodyEntry.objects.create(evidence=evidence, action=action, actor=access.acting_user(actor), ip=ip,
                                note=note[:300])  # fmt: skip


def evidence_view_log(*, evidence, actor, ip: str | None = None, note: str = "") -> None:
    _custody(evidence, CustodyAction.VIEW, actor, ip, note or "Halaman kasus dibuka")


def evidence_export_log(*, evidence, actor, ip: str | None = None, note: str = "") -> None:
    _custody(evidence, CustodyAction.EXPORT, actor, ip, note or "Diekspor")


def account_view_log(*, account, actor, ip: str | None = None) -> None:
    from siaga.siber.models import AccountView

    access.require(actor, "siber.view", account)
    AccountView.objects.create(account=account, user=access.acting_user(actor), ip=ip)
