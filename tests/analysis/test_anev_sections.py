"""The Anev's election-security, Binmas, side-by-side and findings sections: figures from the other apps (through
their selectors), and a period with no data says so in words in every section (no division by zero)."""

import datetime as dt
import uuid

import pytest
from django.utils import timezone

from siaga.analysis.anev import SECTIONS, anev_build
from siaga.analysis.formulas import Period

pytestmark = pytest.mark.django_db


def _table(section, title_part):
    found = [t for t in section.tables if title_part in t.title]
    assert found, f"no table '{title_part}' in {section.title}: {[t.title for t in section.tables]}"
    return found[0]


@pytest.fixture
def election_side(district, kapolres, make_case):
    """Ten days up to today: TPS whose category rose, a plan posting only some of them, patrol stops half achieved,
    reports acted upon, an alert level change; and a desa with rising cases but no patrol object."""
    from siaga.deployment.models import DeploymentPlan, PlanPost
    from siaga.patrols.models import PatrolCheckin, PatrolPlan, PatrolStop, PlanPeriod
    from siaga.reports.models import AlertLevel
    from siaga.reports.services import report_start_handling, report_verify
    from siaga.risk.models import CategoryChange
    from tests.deployment.factories import election_for, operation_for, tps
    from tests.patrols.factories import PatrolTeamFactory, VulnerableObjectFactory
    from tests.reports.factories import desa_point, submit

    now = timezone.now()
    today = timezone.localdate()
    election = election_for(district)
    operation = operation_for(district, election)
    stations = tps(district, election, per_desa=2, categories=("kurang_rawan", "rawan"))
    # two TPS rose to rawan during the period (from kurang_rawan), one of them posted in the plan
    risen = [s for s in stations if s.category == "rawan"][:2]
    for s in risen:
        CategoryChange.objects.create(station=s, old="kurang_rawan", new="rawan", source="rule",
                                      at=now - dt.timedelta(days=3))  # fmt: skip
    plan = DeploymentPlan.objects.create(
        operation=operation, election=election, unit=district.polres, version=2, status="approved",
        summary={"bko_needed": 7, "reserve_held": 10, "reserve_target": 15},
    )  # fmt: skip
    PlanPost.objects.create(plan=plan, number=1, category="rawan", unit=district.polsek_a,
                            station_ids=[risen[0].pk], required=4, assigned=4, linmas=2)  # fmt: skip
    PlanPost.objects.create(plan=plan, number=2, category="kurang_rawan", unit=district.polsek_b,
                            station_ids=[stations[-1].pk], required=2, assigned=1, linmas=2)  # fmt: skip
    # patrols: 4 stops of Polsek A's team, 1 checked in
    team = PatrolTeamFactory(unit=district.polsek_a)
    obj = VulnerableObjectFactory(unit=district.polsek_a, desa=district.desa_a[1])
    patrol = PatrolPlan.objects.create(unit=district.polsek_a, title="Patroli uji", status="done", seed="x",
                                       date_from=today - dt.timedelta(days=5), date_to=today)  # fmt: skip
    day = today - dt.timedelta(days=2)
    period = PlanPeriod.objects.create(plan=patrol, day=day, period="pagi", result={})
    start = timezone.make_aware(dt.datetime.combine(day, dt.time(8)))
    stops = [
        PatrolStop.objects.create(plan=patrol, plan_period=period, team=team, object=obj, day=day, seq=i,
                                  arrival=start + dt.timedelta(hours=i),
                                  departure=start + dt.timedelta(hours=i, minutes=15))
        for i in range(4)
    ]  # fmt: skip
    PatrolCheckin.objects.create(client_id=uuid.uuid4(), team=team, object=obj, stop=stops[0], at=stops[0].arrival)
    # reports: two verified, one of them handled
    first = submit(kapolres, text="pembagian amplop uang oleh tim sukses", **desa_point(district.desa_a[0]))
    second = submit(kapolres, text="keributan massa pendukung di depan balai desa", **desa_point(district.desa_b[0]))
    report_verify(report=first, user=kapolres)
    report_start_handling(report=first, user=kapolres)
    report_verify(report=second, user=kapolres)
    # alert level: Siaga II in force before the period, Siaga I set during it
    old = AlertLevel.objects.create(unit=district.polres, level=2, note="Kampanye")
    AlertLevel.objects.filter(pk=old.pk).update(created_at=now - dt.timedelta(days=40))
    AlertLevel.objects.create(unit=district.polres, level=1, note="Pemungutan suara")
    # cases: Desa A1 rises (0 → 2) with no patrol object there
    for hours in (30, 50):
        make_case(district.polsek_a, now - dt.timedelta(hours=hours), "curat", desa=district.desa_a[0])
    return {"election": election, "risen": risen, "period": Period("custom", today - dt.timedelta(days=9), today)}


def test_the_election_side_and_findings_come_from_the_other_apps(district, kapolres, election_side):
    anev = anev_build(user=kapolres, unit=district.polres, period=election_side["period"])
    s = {section.key: section for section in anev.sections}
    assert list(s) == list(SECTIONS)

    spread = _table(s["kerawanan"], "Sebaran kategori")
    rows = {r[0]: r for r in spread.rows}
    assert rows["Rawan"][1:3] == ["2", "4"] and rows["Kurang rawan"][1:3] == ["6", "4"]
    assert _table(s["kerawanan"], "Perubahan kategori").rows == [["Kurang rawan", "Rawan", "2"]]
    assert "2 TPS naik ke kategori lebih rawan" in " ".join(s["kerawanan"].paragraphs)

    plan = _table(s["pengerahan"], "Status rencana").rows[0]
    assert plan[1:4] == ["v2", "Disetujui", "1 / 2 (50 %)"] and plan[4] == "5 / 6" and plan[5:] == ["10 / 15", "7"]

    patrol = s["patroli"].paragraphs[0]
    assert "direncanakan 4" in patrol and "tercapai (check-in) 1: 25 %" in patrol
    assert _table(s["patroli"], "per kesatuan").rows == [["Polsek Jombang", "4", "4", "1", "25 %"]]

    statuses = dict(_table(s["laporan"], "menurut status").rows)
    assert statuses["Ditangani"] == "1" and statuses["Terverifikasi"] == "1" and statuses["Baru"] == "0"
    assert sum(int(r[2]) for r in _table(s["laporan"], "kategori dan status").rows) == 2

    times = {r[0]: r for r in _table(s["respons"], "Waktu tanggap").rows}
    assert times["Sampai tindakan pertama"][1] == "2" and times["Sampai ditangani di lapangan"][1] == "1"
    assert times["Sampai tindakan pertama"][2].endswith("menit")

    assert _table(s["siaga"], "awal periode").rows[0][:2] == ["Polres Jember", "Siaga II"]
    assert _table(s["siaga"], "selama periode").rows[0][1:3] == ["Polres Jember", "Siaga I"]

    side = {r[0]: r for r in _table(s["polsek"], "Perbandingan").rows}
    assert side["Polsek Jombang"][1] == "2" and side["Polsek Jombang"][-1] == "25 %"
    assert side["Polsek Jombang"][5] == "1" and side["Polsek Kencong"][5] == "1"

    found = " ".join(s["temuan"].paragraphs)
    assert "Desa A1: kejadian naik dari 0 menjadi 2 dan belum ada objek patroli" in found
    assert "1 TPS naik menjadi lebih rawan tanpa pos" in found and str(election_side["risen"][1]) in found
    assert "7 personel BKO dibutuhkan" in found
    assert "Patroli Polsek Jombang hanya tercapai 25 %" not in found  # fewer than 5 stops due: no finding
    assert "Saran:" in found
    assert "Patroli tercapai 25 %" in anev.fields["ringkasan"] and "Laporan diterima 2" in anev.fields["ringkasan"]


def test_a_polsek_anev_sees_its_own_sector_only(district, polsek_a_user, election_side):
    anev = anev_build(user=polsek_a_user, unit=district.polsek_a, period=election_side["period"],
                      sections=("kerawanan", "patroli", "laporan", "polsek"))  # fmt: skip
    s = {section.key: section for section in anev.sections}
    rows = {r[0]: r for r in _table(s["kerawanan"], "Sebaran kategori").rows}
    assert rows["Rawan"][2] == "2" and rows["Kurang rawan"][2] == "2"  # Polsek A's 4 TPS only
    assert "Laporan diterima pada periode ini: 1." in s["laporan"].paragraphs
    assert "tidak membawahi kesatuan" in s["polsek"].paragraphs[0]


def test_a_period_with_no_data_says_so_in_every_section(district, kapolres):
    period = Period("month", dt.date(2021, 3, 1), dt.date(2021, 3, 31))
    anev = anev_build(user=kapolres, unit=district.polres, period=period)
    wording = {
        "ringkasan": "Tidak ada data gangguan kamtibmas",
        "golongan": "Tidak ada perkara pada periode ini",
        "tren": "Tidak ada perkara dalam 12 bulan",
        "peta": "Tidak ada kejadian berkoordinat",
        "narkotika": "Tidak ada perkara narkotika",
        "pemilu": "Tidak ada tindak pidana pemilihan",
        "kerawanan": "Tidak ada TPS terdaftar",
        "pengerahan": "Belum ada rencana pengerahan",
        "patroli": "Tidak ada patroli yang direncanakan",
        "laporan": "Tidak ada laporan lapangan atau masyarakat",
        "respons": "waktu tanggap tidak dapat dihitung",
        "siaga": "Tidak ada penetapan tingkat siaga",
        "binmas": "Tidak ada data kegiatan Binmas",
        "polsek": "Tidak ada perkara, laporan maupun patroli",
        "temuan": "Tidak ada temuan menonjol",
    }
    assert set(wording) == set(SECTIONS)
    for section in anev.sections:
        text = " ".join(section.paragraphs)
        assert wording[section.key] in text, (section.key, text)
        assert not section.images
    assert anev.empty and "CC -" in anev.fields["ringkasan"]


def test_findings_name_a_polsek_whose_cc_fell_three_months_running(district, kapolres, make_case, at):
    # Polsek A: CC % 100 → 50 → 33,3 → 0 over January-April; Polsek B: steady
    plan = {1: (2, 2), 2: (2, 1), 3: (3, 1), 4: (4, 0)}
    for month, (reported, cleared) in plan.items():
        for i in range(reported):
            status = "tahap2" if i < cleared else "lidik"
            make_case(district.polsek_a, at(2024, month, 2 + i), "curat", status, dt.date(2024, month, 20))
        make_case(district.polsek_b, at(2024, month, 3), "curat", "tahap2", dt.date(2024, month, 21))
    period = Period("month", dt.date(2024, 4, 1), dt.date(2024, 4, 30))
    anev = anev_build(user=kapolres, unit=district.polres, period=period, sections=("temuan",))
    found = " ".join(anev.sections[0].paragraphs)
    assert "CC % Polsek Jombang turun tiga bulan berturut-turut (100,0 % → 50,0 % → 33,3 % → 0,0 %)" in found
    assert "Polsek Kencong" not in found and "Saran: Kasatreskrim" in found


def test_no_desa_finding_where_a_patrol_object_stands(district, kapolres, make_case):
    from tests.patrols.factories import VulnerableObjectFactory

    now = timezone.now()
    for hours in (30, 50):
        make_case(district.polsek_a, now - dt.timedelta(hours=hours), "curat", desa=district.desa_a[0])
    VulnerableObjectFactory(unit=district.polsek_a, desa=district.desa_a[0])
    today = timezone.localdate()
    period = Period("custom", today - dt.timedelta(days=9), today)
    anev = anev_build(user=kapolres, unit=district.polres, period=period, sections=("temuan",))
    assert "Desa A1" not in " ".join(anev.sections[0].paragraphs)
