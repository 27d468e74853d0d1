"""Checklist import: atomic, row/column errors in Bahasa Indonesia, columns absent from the file untouched."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from siaga.core.models import Job, ObjectChange
from siaga.risk.models import StationIndicator
from siaga.risk.services import checklist_set
from siaga.stations.models import Station

pytestmark = pytest.mark.django_db


def _post(client, election_id, name, content, capture):
    upload = SimpleUploadedFile(name, content)
    with capture(execute=True):
        client.post(f"/kerawanan/pemilihan/{election_id}/impor/", {"file": upload})
    return Job.objects.filter(kind="risk.import").latest("created_at")


def _snapshot():
    return sorted(StationIndicator.objects.values_list("station_id", "indicator__code"))


def test_bad_file_leaves_database_unchanged_and_names_rows_and_columns(
    profile, stations, district, intel_user, login, django_capture_on_commit_callbacks
):
    checklist_set(station=stations["a"][0], codes={"dptb"}, actor=intel_user)
    before, categories = _snapshot(), sorted(Station.objects.values_list("pk", "category"))
    d1, d2 = district.desa_a[0].code, district.desa_b[0].code
    csv = (f"Kode Desa;No TPS;dpt_tms;Politik Uang;warna_favorit\n{d1};1;ya;tidak;\n{d1};1;ya;;\n").encode()
    job = _post(login(intel_user), profile.election_id, "kerawanan.csv", csv, django_capture_on_commit_callbacks)
    assert job.status == "failed" and "tidak ada data yang disimpan" in job.message
    assert job.errors == [
        {
            "row": 1,
            "column": "warna_favorit",
            "message": "Kolom 'warna_favorit' tidak dikenal: bukan kode atau nama indikator.",
        }
    ]
    csv = (
        "kode_desa,nomor_tps,dpt_tms,politik_uang\n"
        f"{d1},1,ya,tidak\n"
        f"{d1},1,ya,\n"
        f"{d1},2,mungkin,1\n"
        f"99.99.99.9999,1,ya,\n"
        f"{d2},x,ya,\n"
        f"{d2},2,1,1\n"
    ).encode()
    job = _post(login(intel_user), profile.election_id, "kerawanan.csv", csv, django_capture_on_commit_callbacks)
    assert job.status == "failed"
    assert [(e["row"], e["column"]) for e in job.errors] == [
        (3, "nomor_tps"),
        (4, "dpt_tms"),
        (5, "kode_desa"),
        (6, "nomor_tps"),
    ]
    assert "sudah ada di baris 2" in job.errors[0]["message"]
    assert _snapshot() == before
    assert sorted(Station.objects.values_list("pk", "category")) == categories
    assert not ObjectChange.objects.filter(action="import").exists()


def test_xlsx_import_sets_checklists_and_recomputes(
    profile, stations, district, intel_user, login, django_capture_on_commit_callbacks, tmp_path
):
    a1, a2 = stations["a"][:2]
    checklist_set(station=a2, codes={"dptb"}, actor=intel_user)
    wb = Workbook()
    ws = wb.active
    ws.append(["Kode Desa", "Nomor TPS", "Nama Desa", "rawan_bencana", "Riwayat kekerasan di TPS"])
    ws.append([district.desa_a[0].code, 1, "Desa A1", "ya", None])
    ws.append([district.desa_a[0].code, 2, "Desa A1", "tidak", "x"])
    path = tmp_path / "kerawanan.xlsx"
    wb.save(path)
    with open(path, "rb") as fh:
        job = _post(
            login(intel_user), profile.election_id, "kerawanan.xlsx", fh.read(), django_capture_on_commit_callbacks
        )
    assert job.status == "done", (job.message, job.errors)
    assert job.result["changed"] == 2
    flags = _snapshot()
    assert (a1.pk, "rawan_bencana") in flags
    assert (a2.pk, "riwayat_kekerasan") in flags and (a2.pk, "dptb") in flags  # dptb column absent: kept
    assert Station.objects.get(pk=a1.pk).category == "rawan"
    assert ObjectChange.objects.filter(action="import", model="risk.StationIndicator").count() == 1


def test_import_is_limited_to_the_users_sector(
    profile, stations, district, polsek_b_user, login, django_capture_on_commit_callbacks
):
    csv = f"kode_desa,nomor_tps,dpt_tms\n{district.desa_a[0].code},1,ya\n".encode()
    job = _post(login(polsek_b_user), profile.election_id, "k.csv", csv, django_capture_on_commit_callbacks)
    assert job.status == "failed" and job.errors[0]["column"] == "kode_desa"
    assert not StationIndicator.objects.exists()
