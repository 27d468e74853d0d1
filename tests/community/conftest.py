"""A small Binmas world on the test district: Polsek A's desa with its Bhabinkamtibmas (field_a_user), an RW,
tokoh (one with an intel note and a phone), a campaign and a directive; Polsek B's desa with its own beat."""

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.utils import timezone

from siaga.community import services
from siaga.community.models import Beat, Campaign, Directive, Tokoh
from siaga.core.access import SYSTEM


@dataclass
class BinmasWorld:
    beat_a: Beat
    rw_a: Beat
    beat_b: Beat
    tokoh_a: Tokoh
    calon_a: Tokoh
    tokoh_b: Tokoh
    campaign: Campaign
    directive: Directive


@pytest.fixture
def binmas(district, field_a_user) -> BinmasWorld:
    d = district
    desa_a, desa_b = d.desa_a[0], d.desa_b[0]
    beat_a = services.beat_save(
        actor=SYSTEM, unit=d.polsek_a, desa=desa_a, officer=field_a_user, babinsa_name="Serda Babinsa A", radius_m=1500
    )
    rw_a = services.beat_save(
        actor=SYSTEM,
        unit=d.polsek_a,
        desa=desa_a,
        kind="rw",
        rw="03",
        lat=desa_a.lat + 0.003,
        lon=desa_a.lon,
        radius_m=500,
    )
    beat_b = services.beat_save(actor=SYSTEM, unit=d.polsek_b, desa=desa_b)
    tokoh_a = services.tokoh_save(
        actor=SYSTEM,
        unit=d.polsek_a,
        desa=desa_a,
        name="KH PENANDA Tokoh A",
        kind="tokoh_agama",
        influence=5,
        phone="081234567890",
        intel_note="RAHASIA-INTEL dekat dengan tim sukses",
        lat=desa_a.lat,
        lon=desa_a.lon + 0.004,
    )
    calon_a = services.tokoh_save(
        actor=SYSTEM,
        unit=d.polsek_a,
        desa=desa_a,
        name="Calon Kades A",
        kind="calon_kades",
        influence=4,
        lat=desa_a.lat + 0.002,
        lon=desa_a.lon,
    )
    tokoh_b = services.tokoh_save(
        actor=SYSTEM,
        unit=d.polsek_b,
        desa=desa_b,
        name="Tokoh B",
        kind="tokoh_masyarakat",
        lat=desa_b.lat,
        lon=desa_b.lon,
    )
    today = timezone.localdate()
    campaign = services.campaign_save(
        actor=SYSTEM,
        unit=d.polres,
        title="Pilkades damai",
        kind="pemilu_damai",
        message="Jangan terprovokasi hoaks",
        start=today - timedelta(days=3),
        end=today + timedelta(days=10),
        target_desa=[desa_a, desa_b],
    )
    directive = services.directive_save(
        actor=SYSTEM,
        unit=d.polres,
        title="Sambang semua calon kades",
        tokoh_kinds=["calon_kades"],
        start=today - timedelta(days=3),
        deadline=today + timedelta(days=7),
    )
    return BinmasWorld(beat_a, rw_a, beat_b, tokoh_a, calon_a, tokoh_b, campaign, directive)
