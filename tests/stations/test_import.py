"""TPS import: the background job, all-or-nothing validation, idempotent re-import."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from siaga.core.models import Job, ObjectChange
from siaga.stations.models import Station

pytestmark = pytest.mark.django_db

HEADER = ["No TPS", "Kode Desa", "Alamat", "Latitude", "Longitude", "DPT L", "DPT P", "Disabilitas", "Lokasi Khusus"]


def _csv(rows, header=HEADER, delimiter=";") -> bytes:
    lines = [delimiter.join(header)] + [delimiter.join(str(c) for c in row) for row in rows]
    return ("\n".join(lines) + "\n").encode("utf-8")


def _xlsx(rows, header=HEADER) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["DAFTAR TPS PILKADA 2024 - KPU KABUPATEN JEMBER"])  # a title row above the header
    sheet.append(header)
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _good_rows(district):
    a1, a2 = district.desa_a
    b1 = district.desa_b[0]
    return [
        [1, a1.code, "Balai desa", "-8.2250", "113.3310", 240, 251, 2, ""],
        [2, a1.code, "SDN 1", "-8,2261", "113,3322", 198, 205, 0, ""],
        [1, a2.code, "Masjid", "", "", 300, 310, 1, "Pesantren"],
        [1, b1.code, "Lapas", "-8.28", "113.37", 400, 20, 0, "Lapas"],
    ]


@pytest.fixture
def upload(login, ops_user, election, django_capture_on_commit_callbacks):
    def _upload(content: bytes, name: str):
        client = login(ops_user)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(f"/pemilihan/{election.pk}/tps/impor/", {"file": SimpleUploadedFile(name, content)})
        assert response.status_code == 200
        job = Job.objects.order_by("-pk").first()
        if job is None or "tidak didukung" in response.content.decode():
            return job, response
        return job, client.get(f"/pekerjaan/{job.pk}/")  # the progress fragment the upload page polls

    return _upload


def test_it_imports_a_csv_as_a_background_job_with_polsek_derived(district, election, upload):
    job, response = upload(_csv(_good_rows(district)), "tps.csv")
    assert job.status == "done", job.errors
    assert job.result["created"] == 4 and job.total > 0
    assert "4 TPS baru" in response.content.decode()
    tps = Station.objects.get(election=election, desa=district.desa_a[0], number=2)
    assert (tps.lat, tps.lon, tps.voters_male, tps.voters_female) == (-8.2261, 113.3322, 198, 205)
    assert tps.unit == district.polsek_a
    lapas = Station.objects.get(election=election, desa=district.desa_b[0])
    assert lapas.unit == district.polsek_b and lapas.special_type == "lapas"
    assert ObjectChange.objects.filter(model="stations.Station", action="import").count() == 1


def test_it_imports_an_xlsx_with_a_title_row_and_header_variants(district, election, upload):
    header = ["Nomor TPS", "Kode Kelurahan", "Alamat", "Lintang", "Bujur", "Laki-laki", "Perempuan", "Disabilitas", "X"]
    job, _ = upload(_xlsx(_good_rows(district), header=header), "tps.xlsx")
    assert job.status == "done", job.errors
    assert Station.objects.filter(election=election).count() == 4
    assert job.result["ignored_columns"] == ["X"]


def test_it_accepts_desa_and_kecamatan_names_instead_of_the_code(district, election, upload):
    header = ["TPS", "Desa/Kelurahan", "Kecamatan", "DPT L", "DPT P"]
    rows = [[3, "desa a1", "JOMBANG", 100, 110], [4, "Desa B2", "Kencong", 90, 95]]
    job, _ = upload(_csv(rows, header=header, delimiter=","), "tps.csv")
    assert job.status == "done", job.errors
    assert set(Station.objects.values_list("desa_id", "number")) == {
        (district.desa_a[0].code, 3),
        (district.desa_b[1].code, 4),
    }


def test_a_bad_file_leaves_the_database_unchanged_and_names_every_bad_row(district, election, upload):
    upload(_csv(_good_rows(district)), "tps.csv")
    before = list(Station.objects.order_by("pk").values())
    a1 = district.desa_a[0]
    rows = [
        [1, a1.code, "ok", "-8.2", "113.3", 10, 10, 0, ""],  # row 2: fine (an update)
        [2, "35.09.99.9999", "x", "", "", 10, 10, 0, ""],  # row 3: desa code does not exist
        [1, a1.code, "dup", "", "", 10, 10, 0, ""],  # row 4: duplicate of row 2
        [5, a1.code, "neg", "", "", -3, 10, 0, ""],  # row 5: negative voters
        [6, a1.code, "koord", "abc", "113.3", 10, 10, 0, ""],  # row 6: malformed latitude
        [7, a1.code, "luar", "-8.2", "150.1", 10, 10, 0, ""],  # row 7: longitude outside Indonesia
        [8, a1.code, "khusus", "", "", 10, 10, 0, "Bandara"],  # row 8: unknown special location
    ]
    job, response = upload(_csv(rows), "tps.csv")
    assert job.status == "failed"
    found = {(e["row"], e["column"]) for e in job.errors}
    assert found == {
        (3, "Kode Desa"),
        (4, "No TPS"),
        (5, "DPT L"),
        (6, "Latitude"),
        (7, "Longitude"),
        (8, "Lokasi Khusus"),
    }
    messages = " ".join(e["message"] for e in job.errors)
    assert "tidak ditemukan" in messages and "baris 2" in messages and "negatif" in messages
    assert "di luar wilayah Indonesia" in messages
    assert list(Station.objects.order_by("pk").values()) == before
    assert "tidak ada data yang disimpan" in job.message
    assert "35.09.99.9999" in response.content.decode()


def test_a_wrong_header_is_rejected_with_the_missing_column(district, election, upload):
    header = ["Nmr TPS", "Kode Desa", "DPT L", "DPT P"]
    job, _ = upload(_csv([[1, district.desa_a[0].code, 1, 1]], header=header), "tps.csv")
    assert job.status == "failed"
    assert [(e["row"], e["column"]) for e in job.errors] == [(1, "No TPS")]
    assert not Station.objects.exists()


def test_a_desa_outside_the_election_scope_is_rejected(district, election, upload):
    election.regions.set([district.kec_a])
    job, _ = upload(_csv([[1, district.desa_b[0].code, "", "", "", 1, 1, 0, ""]]), "tps.csv")
    assert job.status == "failed"
    assert "di luar cakupan" in job.errors[0]["message"]
    assert job.errors[0]["row"] == 2


def test_reimport_is_idempotent_and_updates_in_place(district, election, upload):
    rows = _good_rows(district)
    upload(_csv(rows), "tps.csv")
    Station.objects.update(category="rawan")  # set by the risk app: an import must not touch it
    ids = set(Station.objects.values_list("pk", flat=True))
    job, _ = upload(_csv(rows), "tps.csv")
    assert job.result == {**job.result, "created": 0, "updated": 0, "unchanged": 4}
    rows[0][5] = 260
    rows.append([3, district.desa_a[0].code, "baru", "", "", 10, 12, 0, ""])
    job, _ = upload(_csv(rows), "tps.csv")
    assert (job.result["created"], job.result["updated"], job.result["unchanged"]) == (1, 1, 3)
    assert ids < set(Station.objects.values_list("pk", flat=True))
    assert Station.objects.get(desa=district.desa_a[0], number=1).voters_male == 260
    assert set(Station.objects.exclude(number=3).values_list("category", flat=True)) == {"rawan"}


def test_it_refuses_an_unsupported_file_and_users_without_the_right(district, election, login, field_a_user, upload):
    job_count = Job.objects.count()
    _, response = upload(b"hello", "tps.pdf")
    assert "tidak didukung" in response.content.decode() and Job.objects.count() == job_count
    assert login(field_a_user).get(f"/pemilihan/{election.pk}/tps/impor/").status_code == 403


def test_export_can_be_reimported_unchanged(district, election, stations, login, ops_user, upload):
    content = login(ops_user).get(f"/pemilihan/{election.pk}/tps/ekspor.xlsx").content
    job, _ = upload(content, "ekspor.xlsx")
    assert job.status == "done", job.errors
    assert job.result["unchanged"] == len(stations)
