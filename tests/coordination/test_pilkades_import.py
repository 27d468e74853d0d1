"""Pilkades serentak import: one file for a whole kabupaten round, atomic, idempotent, with clear row errors."""

import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from siaga.coordination.importer import PilkadesImporter
from siaga.coordination.models import PilkadesDesa, PilkadesRound
from siaga.core.imports import import_now
from siaga.core.jobs import JobError
from siaga.core.models import Job
from siaga.elections.models import Candidate, Election
from siaga.stations.models import Station
from tests.factories import RegionFactory

pytestmark = pytest.mark.django_db

HEADER = ["Tanggal", "Kode Desa", "Desa", "No Urut", "Nama Calon", "No TPS", "DPT L", "DPT P", "Kode TPS"]


def _csv(rows, header=HEADER) -> bytes:
    lines = [";".join(header)] + [";".join("" if c is None else str(c) for c in row) for row in rows]
    return ("\n".join(lines) + "\n").encode("utf-8")


def _rows(district, day="07-12-2022"):
    a1, a2 = district.desa_a
    b1 = district.desa_b[0]
    return [
        [day, a1.code, a1.name, 1, "Ahmad Sholeh", 1, 250, 260, "A1-01"],
        [day, a1.code, a1.name, 2, "Budi Santoso", 2, 240, 230, "A1-02"],
        [day, a2.code, a2.name, 1, "Siti Aminah", 1, 300, 310, "A2-01"],
        [day, a2.code, a2.name, 2, "Slamet Riyadi", None, None, None, ""],
        [day, a2.code, a2.name, 3, "Joko Susilo", None, None, None, ""],
        [day, b1.code, b1.name, 1, "Hari Purnomo", 1, 400, 410, "B1-01"],
        [day, b1.code, b1.name, 2, "Wahyu Hidayat", 2, 100, 90, "B1-02"],
    ]


def _run(user, district, content, name="pilkades.csv"):
    return import_now(
        importer=PilkadesImporter, actor=user, filename=name, content=content, params={"unit_id": district.polres.pk}
    )


def test_it_imports_a_whole_round_into_elections_candidates_tps_and_board_rows(district, ops_user):
    result = _run(ops_user, district, _csv(_rows(district)))
    assert result["desa"] == 3 and result["elections_created"] == 3
    assert result["candidates_created"] == 7 and result["tps_created"] == 5
    rnd = PilkadesRound.objects.get()
    assert rnd.voting_day == date(2022, 12, 7) and rnd.unit == district.polres and "Jember" in rnd.name
    elections = Election.objects.filter(type="pilkades")
    assert elections.count() == 3
    a2 = elections.get(regions=district.desa_a[1])
    assert list(a2.candidates.values_list("number", "name")) == [
        (1, "Siti Aminah"),
        (2, "Slamet Riyadi"),
        (3, "Joko Susilo"),
    ]
    b1_tps = Station.objects.filter(election__regions=district.desa_b[0]).order_by("number")
    assert [(s.number, s.voters, s.unit_id) for s in b1_tps] == [
        (1, 810, district.polsek_b.pk),
        (2, 190, district.polsek_b.pk),
    ]
    rows = {r.desa_id: r.unit_id for r in PilkadesDesa.objects.all()}
    assert rows == {
        district.desa_a[0].code: district.polsek_a.pk,
        district.desa_a[1].code: district.polsek_a.pk,
        district.desa_b[0].code: district.polsek_b.pk,
    }


def test_importing_the_same_file_twice_changes_nothing_and_a_changed_file_updates(district, ops_user):
    content = _csv(_rows(district))
    _run(ops_user, district, content)
    again = _run(ops_user, district, content)
    assert again["elections_created"] == 0 and again["candidates_created"] == 0 and again["tps_created"] == 0
    assert again["tps_updated"] == 0 and again["candidates_updated"] == 0
    assert (Election.objects.count(), Candidate.objects.count(), Station.objects.count()) == (3, 7, 5)
    assert PilkadesRound.objects.count() == 1 and PilkadesDesa.objects.count() == 3
    rows = _rows(district)
    rows[1][4] = "Budi Santoso, S.H."
    rows[0][6] = 255
    del rows[4]  # Joko Susilo withdrew
    changed = _run(ops_user, district, _csv(rows))
    assert (changed["candidates_updated"], changed["candidates_deleted"], changed["tps_updated"]) == (1, 1, 1)
    assert Candidate.objects.filter(name="Budi Santoso, S.H.").exists()
    assert Candidate.objects.count() == 6


def test_xlsx_with_a_title_row_imports_too(district, ops_user):
    book = Workbook()
    sheet = book.active
    sheet.append(["DAFTAR CALON DAN TPS PILKADES SERENTAK 2022"])
    sheet.append(HEADER)
    for row in _rows(district):
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    result = _run(ops_user, district, buffer.getvalue(), "pilkades.xlsx")
    assert result["desa"] == 3


def _errors(exc) -> list[str]:
    return [f"{e['row']}|{e['column']}|{e['message']}" for e in exc.errors]


def test_bad_rows_are_named_and_nothing_is_written(district, ops_user):
    other_kab = RegionFactory(
        code="35.10", name="Kabupaten Banyuwangi", level=2, kind="kabupaten", parent=district.province
    )
    other_kec = RegionFactory(code="35.10.01", name="Pesanggaran", level=3, kind="kecamatan", parent=other_kab)
    outside = RegionFactory(code="35.10.01.2001", name="Sarongan", level=4, kind="desa", parent=other_kec)
    rows = _rows(district)
    rows.append(["07-12-2022", outside.code, "Sarongan", 1, "Calon Luar", 1, 10, 10, ""])  # row 9
    rows.append(["07-12-2022", district.desa_a[0].code, "", 2, "Calon Ganda", None, None, None, ""])  # row 10
    rows.append(["07-12-2022", district.desa_b[1].code, "", 1, "Calon B2", 3, 50, 50, "A1-01"])  # row 11
    with pytest.raises(JobError) as caught:
        _run(ops_user, district, _csv(rows))
    errors = _errors(caught.value)
    assert any(
        e.startswith("9|Kode Desa|") and "Sarongan" in e and "di luar wilayah hukum Polres Jember" in e for e in errors
    )
    assert any(e.startswith("10|No Urut|") and "Nomor urut 2" in e and "Budi Santoso" in e for e in errors)
    assert any(e.startswith("11|Kode TPS|") and "tercatat di dua desa" in e and "Desa A1" in e for e in errors)
    assert "tidak ada data yang disimpan" in str(caught.value)
    assert not Election.objects.exists() and not Station.objects.exists() and not PilkadesRound.objects.exists()


def test_two_dates_in_one_file_and_a_desa_without_tps_are_refused(district, ops_user):
    rows = _rows(district)
    rows[2][0] = "08-12-2022"
    rows = [r for r in rows if r[1] != district.desa_b[0].code]
    rows.append(["07-12-2022", district.desa_b[0].code, "", 1, "Tanpa TPS", None, None, None, ""])
    with pytest.raises(JobError) as caught:
        _run(ops_user, district, _csv(rows))
    text = " ".join(_errors(caught.value))
    assert "berbeda dengan 07-12-2022" in text
    assert "Desa B1 belum memiliki TPS" in text
    assert not Election.objects.exists()


def test_a_polsek_may_not_import_a_round(district, polsek_a_user):
    with pytest.raises(JobError) as caught:
        _run(polsek_a_user, district, _csv(_rows(district)))
    assert "Peran Anda tidak berwenang" in str(caught.value) or "Hanya satuan tingkat Polres" in str(caught.value)
    assert not Election.objects.exists()


def test_the_upload_page_runs_the_import_as_a_job(district, ops_user, login, django_capture_on_commit_callbacks):
    client = login(ops_user)
    assert client.get("/koordinasi/pilkades/impor/").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/koordinasi/pilkades/impor/",
            {"file": SimpleUploadedFile("pilkades.csv", _csv(_rows(district))), "unit": district.polres.pk},
        )
    assert response.status_code == 200
    job = Job.objects.get(kind="coordination.import")
    assert job.status == "done", job.message
    assert PilkadesDesa.objects.count() == 3
