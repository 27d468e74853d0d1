"""Himbauan campaigns, their reach from sermons and WhatsApp groups, and visit directives."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction

from siaga.community.choices import CampaignKind, ReachChannel, TokohKind
from siaga.community.models import Campaign, CampaignReach, Directive
from siaga.community.services.beats import desa_in_unit
from siaga.core import access
from siaga.core.errors import ServiceError


def _period(start, end) -> None:
    if start is None or end is None or end < start:
        raise ServiceError("Periode tidak sah: tanggal selesai harus sesudah tanggal mulai.", 422, "end")


def _desa_ok(unit, desa_list) -> None:
    bad = [d.name for d in desa_list if not desa_in_unit(d, unit)]
    if bad:
        raise ServiceError("Desa di luar wilayah hukum satuan: " + ", ".join(bad[:5]), 422, "desa")


def campaign_save(
    *,
    actor,
    unit,
    title: str,
    kind: str,
    message: str,
    start,
    end,
    target_desa=(),
    campaign: Campaign | None = None,
    **fields,
) -> Campaign:
    if campaign is not None:
        access.require(actor, "community.change", campaign)
    access.require(actor, "community.change", unit=unit)
    if kind not in CampaignKind.values:
        raise ServiceError("Jenis kampanye tidak dikenal.", 422, "kind")
    if not (title or "").strip() or not (message or "").strip():
        raise ServiceError("Judul dan pesan kampanye wajib diisi.", 422, "title")
    _period(start, end)
    _desa_ok(unit, target_desa)
    campaign = campaign or Campaign()
    campaign.unit, campaign.title, campaign.kind = unit, title.strip()[:200], kind
    campaign.message, campaign.start, campaign.end = message.strip(), start, end
    for key, value in fields.items():
        setattr(campaign, key, value)
    with transaction.atomic():
        campaign.save()
        campaign.target_desa.set(target_desa)
    return campaign


def reach_record(*, actor, campaign: Campaign, channel: str, day, audience: int, note: str = "", desa=None):
    from siaga.community.selectors import inherited

    access.require(actor, "community.visit")
    if not inherited(Campaign, actor).filter(pk=campaign.pk).exists():
        raise PermissionDenied("Kampanye ini di luar cakupan satuan Anda.")
    if desa is not None and actor is not access.SYSTEM and not desa_in_unit(desa, actor.unit):
        raise ServiceError("Desa di luar wilayah hukum satuan Anda.", 422, "desa")
    if channel not in ReachChannel.values or channel == ReachChannel.VISIT:
        raise ServiceError("Saluran harus khotbah/ceramah atau grup WhatsApp (kunjungan dihitung otomatis).", 422)
    if not campaign.start <= day <= campaign.end:
        raise ServiceError("Tanggal di luar periode kampanye.", 422, "day")
    if audience < 0 or audience > 1_000_000:
        raise ServiceError("Jangkauan tidak wajar.", 422, "audience")
    return CampaignReach.objects.create(
        campaign=campaign, channel=channel, day=day, audience=audience, note=(note or "")[:250], desa=desa
    )


def directive_save(
    *,
    actor,
    unit,
    title: str,
    tokoh_kinds: list[str],
    start,
    deadline,
    desa=(),
    directive: Directive | None = None,
    is_demo: bool = False,
) -> Directive:
    if directive is not None:
        access.require(actor, "community.change", directive)
    access.require(actor, "community.change", unit=unit)
    if not tokoh_kinds or any(k not in TokohKind.values for k in tokoh_kinds):
        raise ServiceError("Pilih jenis tokoh yang harus dikunjungi.", 422, "tokoh_kinds")
    if not (title or "").strip():
        raise ServiceError("Judul arahan wajib diisi.", 422, "title")
    _period(start, deadline)
    _desa_ok(unit, desa)
    directive = directive or Directive()
    directive.unit, directive.title, directive.tokoh_kinds = unit, title.strip()[:200], list(tokoh_kinds)
    directive.start, directive.deadline, directive.is_demo = start, deadline, is_demo
    with transaction.atomic():
        directive.save()
        directive.desa.set(desa)
    return directive
