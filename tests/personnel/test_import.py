"""Personnel import: atomic, row-level errors in Indonesian, idempotent by NRP, run as a background job."""

import io

import pytest
from openpyxl import Workbook, load_workbook

from siaga.core.jobs import JobError
from siaga.core.models import Job, ObjectChange
from siaga.personnel.models import Personnel
from siaga.personnel.services import personnel_import
from siaga.units.models import Unit
from tests.personnel.factories import PersonnelFactory

pytestmark = pytest.mark.django_db

HEADER = ["NRP", "Nama", "Pangkat", "Satuan", "Fungsi", "Lintang", "Bujur", "Telepon"]


def xlsx(rows, header=HEADER) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(header)
    for row in rows:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


GOOD = [
    ["88010001", "Agus Santoso", "Bripda", "polsek-jombang", "Samapta", -8.23, 113.33, "0812"],
    ["88010002", "Budi Wibowo", "Aiptu", "Polsek Kencong", "Bhabinkamtibmas", "", "", ""],
    [88010003, "Siti Rahma", "AKP", "polres-jember", "Lantas", "-8,17", "113,70", ""],
]


def test_it_imports_xlsx_and_is_idempotent_by_nrp(district, ops_user):
    result = personnel_import(user=ops_user, filename="personel.xlsx", content=xlsx(GOOD))
    assert result["created"] == 3 and result["updated"] == 0
    siti = Personnel.objects.get(nrp="88010003")
    assert siti.rank == "akp" and siti.unit == district.polres and siti.home_lat == -8.17
    assert Personnel.objects.get(nrp="88010002").home_lat is None
    again = personnel_import(user=ops_user, filename="personel.xlsx", content=xlsx(GOOD))
    assert again["created"] == 0 and again["updated"] == 0 and Personnel.objects.count() == 3
    changed = [GOOD[0][:1] + ["Agus Santoso Baru"] + GOOD[0][2:]]
    assert personnel_import(user=ops_user, filename="p.xlsx", content=xlsx(changed))["updated"] == 1
    assert Personnel.objects.get(nrp="88010001").name == "Agus Santoso Baru"
    assert ObjectChange.objects.filter(model="personnel.Personnel", action="import").count() == 3


def test_it_imports_semicolon_csv(district, ops_user):
    csv = b"NRP;Nama;Pangkat;Satuan\n88010009;Dedi Hidayat;brigpol;polsek-kencong\n"
    assert personnel_import(user=ops_user, filename="p.csv", content=csv)["created"] == 1
    assert Personnel.objects.get(nrp="88010009").unit == district.polsek_b


def test_a_bad_file_leaves_the_db_unchanged_and_lists_rows_and_columns(district, ops_user):
    PersonnelFactory(nrp="77010001", name="Tetap", unit=district.polsek_a)
    outside = Unit.objects.create(code="polres-lain", name="Polres Lain", kind="polres", parent=district.polda)
    PersonnelFactory(nrp="99990001", unit=outside)
    bad = GOOD + [
        ["12ab", "", "Jenderal", "polsek-entah", "Sulap", "-30", "", ""],
        ["88010001", "Ganda", "Bripda", "polsek-jombang", "", "", "", ""],
        ["99990001", "Curian", "Bripda", "polsek-jombang", "", "", "", ""],
    ]
    with pytest.raises(JobError) as exc:
        personnel_import(user=ops_user, filename="p.xlsx", content=xlsx(bad))
    errors = {(e["row"], e["column"]) for e in exc.value.errors}
    assert {(5, "NRP"), (5, "Nama"), (5, "Pangkat"), (5, "Satuan"), (5, "Fungsi"), (5, "Lintang")} <= errors
    assert (6, "NRP") in errors and (7, "NRP") in errors
    messages = " ".join(e["message"] for e in exc.value.errors)
    assert "ganda" in messages and "di luar cakupan" in messages and "tidak dikenal" in messages
    assert "tidak ada data yang disimpan" in str(exc.value)
    assert set(Personnel.objects.values_list("nrp", flat=True)) == {"77010001", "99990001"}


def test_missing_columns_and_wrong_type_are_file_errors(district, ops_user):
    with pytest.raises(JobError, match="Kolom wajib tidak ada: Pangkat, Satuan"):
        personnel_import(user=ops_user, filename="p.xlsx", content=xlsx([["1", "x"]], header=["NRP", "Nama"]))
    with pytest.raises(JobError, match="tidak didukung"):
        personnel_import(user=ops_user, filename="p.pdf", content=b"%PDF")
    assert not Personnel.objects.exists()


def test_import_page_runs_a_job_with_errors_shown(district, ops_user, login, django_capture_on_commit_callbacks):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = login(ops_user)
    upload = SimpleUploadedFile("personel.xlsx", xlsx(GOOD + [["1", "", "", "", "", "", "", ""]]))
    with django_capture_on_commit_callbacks(execute=True):
        page = client.post("/personel/impor/", {"file": upload})
    job = Job.objects.get(kind="personnel.import")
    assert job.status == Job.Status.FAILED and any(e["row"] == 5 for e in job.errors)
    status = client.get(f"/pekerjaan/{job.pk}/").content.decode()
    assert "Nama wajib diisi" in status and page.status_code == 200
    assert not Personnel.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/personel/impor/", {"file": SimpleUploadedFile("personel.xlsx", xlsx(GOOD))})
    done = Job.objects.filter(kind="personnel.import").first()
    assert done.status == Job.Status.DONE and Personnel.objects.count() == 3


def test_only_ops_may_import(district, polsek_a_user, login):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = login(polsek_a_user).post("/personel/impor/", {"file": SimpleUploadedFile("p.csv", b"NRP")})
    assert response.status_code == 403


def test_export_round_trips_into_import(district, ops_user, login):
    personnel_import(user=ops_user, filename="personel.xlsx", content=xlsx(GOOD))
    data = login(ops_user).get("/personel/ekspor.xlsx").content
    rows = list(load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True))
    assert list(rows[0]) == HEADER and len(rows) == 4
    Personnel.objects.all().delete()
    assert personnel_import(user=ops_user, filename="ekspor.xlsx", content=data)["created"] == 3
