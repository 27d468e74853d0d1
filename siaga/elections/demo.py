"""Demo: a Pilkada Bupati 2024 for the demo kabupaten with the PKPU 2/2024 stages, fictitious candidate pairs,
the Ops Mantap Praja operation and a few local events (Nataru) on the calendar. All flagged as demo."""

from datetime import date

from siaga.core.access import SYSTEM
from siaga.elections.models import CalendarEvent
from siaga.elections.services import (
    calendar_event_create,
    candidate_create,
    election_apply_template,
    election_create,
    operation_create,
)
from siaga.regions.selectors import short_name

CANDIDATES = [
    ("Paslon Demo Satu (fiktif) – Wakil Demo Satu", "Koalisi Demo A"),
    ("Paslon Demo Dua (fiktif) – Wakil Demo Dua", "Koalisi Demo B"),
    ("Paslon Demo Tiga (fiktif) – Wakil Demo Tiga", "Jalur perseorangan (demo)"),
]
EVENTS = [
    ("Pengajian akbar dan haul (demo)", CalendarEvent.Kind.RELIGIOUS, date(2024, 11, 10), date(2024, 11, 10)),
    (
        "Pengamanan Natal dan Tahun Baru / Ops Lilin (demo)",
        CalendarEvent.Kind.POLICE,
        date(2024, 12, 23),
        date(2025, 1, 2),
    ),
    ("Perayaan malam Tahun Baru di alun-alun (demo)", CalendarEvent.Kind.CULTURE, date(2024, 12, 31), date(2025, 1, 1)),
]


def build(ctx) -> None:
    name = short_name(ctx.kabupaten)
    title = "Bupati" if ctx.kabupaten.kind != "kota" else "Wali Kota"
    election = election_create(
        name=f"Pilkada {title} {name} 2024",
        type="pilkada",
        unit=ctx.polres,
        regions=[ctx.kabupaten],
        voting_day=date(2024, 11, 27),
        is_demo=True,
        actor=SYSTEM,
    )
    election_apply_template(election=election, template_code="pilkada_2024", actor=SYSTEM)
    for number, (pair, parties) in enumerate(CANDIDATES, start=1):
        candidate_create(election=election, number=number, name=pair, parties=parties, is_demo=True, actor=SYSTEM)
    operation = operation_create(
        name="Ops Mantap Praja Semeru 2024",
        unit=ctx.polres,
        start=date(2024, 8, 19),
        end=date(2024, 12, 31),
        elections=[election],
        units=[ctx.polres, *ctx.polseks],
        is_demo=True,
        actor=SYSTEM,
    )
    for event_title, kind, start, end in EVENTS:
        calendar_event_create(
            unit=ctx.polres, title=event_title, kind=kind, start=start, end=end, is_demo=True, actor=SYSTEM
        )
    ctx.extras["election"] = election
    ctx.extras["operation"] = operation
    ctx.log(f"Pemilihan: {election.name} ({election.stages.count()} tahapan), operasi {operation.name}.")
