"""The import framework itself: reading (encodings, delimiters, XLSX), column parsing, the pipeline, the page,
and formula escaping on export."""

import codecs
import csv
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from siaga.core.exports import safe_cell, safe_row, safe_workbook
from siaga.core.imports import CellError, Column, ImportFileError, importers, quote
from siaga.core.imports.columns import clean_cell
from siaga.core.imports.reader import MAX_CELL_CHARS, decode, read_rows, sniff_delimiter
from siaga.core.models import Job, ObjectChange
from tests.elections.factories import ElectionFactory

HEADER = "NRP;Nama;Pangkat;Satuan\n"
ROW = "88010009;Dédi “Hidayat”;Brigpol;polsek-kencong\n"


def _rows(tmp_path, name: str, content: bytes, max_rows: int = 1000) -> list:
    path = tmp_path / name
    path.write_bytes(content)
    return list(read_rows(path, name, max_rows=max_rows))


# --- reading ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    [
        (HEADER + ROW).encode("utf-8"),
        codecs.BOM_UTF8 + (HEADER + ROW).encode("utf-8"),
        (HEADER + ROW).encode("utf-16"),  # with BOM
        codecs.BOM_UTF16_BE + (HEADER + ROW).encode("utf-16-be"),
        (HEADER + ROW).encode("utf-16-le"),  # no BOM: recognised by its NUL bytes
        (HEADER + ROW).encode("cp1252"),
    ],
    ids=["utf8", "utf8-bom", "utf16-bom", "utf16be-bom", "utf16le-no-bom", "cp1252"],
)
def test_csv_encodings_are_detected(raw):
    assert decode(raw) == HEADER + ROW


def test_latin1_is_the_last_resort():
    raw = "Kec. \x81Ñ".encode("latin-1")  # 0x81 is undefined in cp1252 and starts no UTF-8 sequence
    assert decode(raw) == "Kec. \x81Ñ"


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_delimiters_are_sniffed(tmp_path, delimiter):
    text = f"a{delimiter}b{delimiter}c\n1{delimiter}2,5{delimiter}x\n3{delimiter}4{delimiter}y\n"
    if delimiter == ",":
        text = text.replace("2,5", '"2,5"')
    assert sniff_delimiter(text) == delimiter
    rows = _rows(tmp_path, "f.csv", text.encode())
    assert rows[0] == (1, ("a", "b", "c")) and rows[1][1][1] == "2,5"


def test_a_single_column_file_falls_back_to_comma_without_an_english_error(tmp_path):
    assert _rows(tmp_path, "f.csv", b"nama\nsatu\n") == [(1, ("nama",)), (2, ("satu",))]


def test_an_unclosed_quote_or_huge_field_is_reported_in_indonesian(tmp_path):
    # the csv module's own field limit or the reader's cell cap, whichever comes first (the limit is global)
    with pytest.raises(ImportFileError, match="terlalu panjang") as exc:
        _rows(tmp_path, "f.csv", b'a,b\n1,"' + b"x" * 200_000 + b"\n")
    assert "field" not in str(exc.value) and "200,001" not in str(exc.value)


def test_cells_longer_than_the_cap_are_refused_with_row_and_column(tmp_path):
    with pytest.raises(ImportFileError, match=r"Baris 2, kolom ke-2: isi sel terlalu panjang \(2\.001 karakter"):
        _rows(tmp_path, "f.csv", b"a,b\n1," + b"y" * (MAX_CELL_CHARS + 1) + b"\n")


def test_the_row_cap_is_enforced(tmp_path):
    with pytest.raises(ImportFileError, match="lebih dari 3 baris"):
        _rows(tmp_path, "f.csv", b"a\n1\n2\n3\n4\n", max_rows=3)


def _formula_xlsx() -> bytes:
    """An XLSX as Excel saves it: a formula with its cached value, and a text cell that only looks like one."""
    wb = Workbook()
    ws = wb.active
    ws.append(["Nama", "Jumlah"])
    ws.append(["Pos", "=1+1"])
    ws["A3"] = '=HYPERLINK("http://x","klik")'
    ws["A3"].data_type = "s"
    buf = io.BytesIO()
    wb.save(buf)
    src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"<f>1+1</f><v></v>", b"<f>1+1</f><v>2</v>").replace(
                    b"<f>1+1</f><v />", b"<f>1+1</f><v>2</v>"
                )
            dst.writestr(item, data)
    return out.getvalue()


def test_xlsx_formulas_are_read_as_their_values_and_text_is_never_evaluated(tmp_path):
    rows = _rows(tmp_path, "f.xlsx", _formula_xlsx())
    assert rows[1] == (2, ("Pos", 2))
    assert rows[2][1][0].startswith("=HYPERLINK")  # text, to be flagged by the column


def test_a_file_that_is_not_a_zip_is_reported_in_indonesian(tmp_path):
    with pytest.raises(ImportFileError, match="bukan XLSX yang sah") as exc:
        _rows(tmp_path, "f.xlsx", b"NRP;Nama\n1;2\n")
    assert "zip file" not in str(exc.value)


def test_an_unsupported_suffix_is_refused(tmp_path):
    with pytest.raises(ImportFileError, match="tidak didukung"):
        _rows(tmp_path, "f.pdf", b"%PDF")


# --- cells and columns -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("a\x00b", "NUL"),
        ("a\x07b", "karakter kendali"),
        (float("nan"), "NaN"),
        (float("inf"), "NaN"),
        (1e20, "terlalu besar"),
        (10**18, "terlalu besar"),
    ],
)
def test_clean_cell_refuses_hostile_values(raw, message):
    with pytest.raises(CellError, match=message):
        clean_cell(raw)


@pytest.mark.parametrize("text", ["nan", "inf", "-inf", "1e20", "NaN"])
def test_numeric_text_that_is_not_a_finite_number_is_a_cell_error(text):
    with pytest.raises(CellError):
        Column("n", "Jumlah", kind="float").value(text)
    with pytest.raises(CellError):
        Column("lat", "Lintang", kind="lat").value(text)


def test_column_types():
    assert Column("n", "N", kind="int").value("1.234") == 1234
    assert Column("n", "N", kind="float").value("-8,17") == -8.17
    assert Column("lat", "Lintang", kind="lat").value(-8.17) == -8.17
    with pytest.raises(CellError, match="di luar wilayah Indonesia"):
        Column("lon", "Bujur", kind="lon").value("-74.0")
    assert str(Column("d", "Tanggal", kind="date").value("27/11/2024")) == "2024-11-27"
    assert Column("b", "B", kind="bool").value("Ya") is True and Column("b", "B", kind="bool").value("0") is False
    assert Column("c", "Jenis", kind="choice", choices={"gudang": "g"}).value("GUDANG") == "g"
    with pytest.raises(CellError, match="wajib diisi"):
        Column("s", "Nama", required=True).value("  ")
    assert Column("s", "Telepon").value("+62 812 3456") == "+62 812 3456"  # a phone number is no formula


def test_long_text_is_refused_not_truncated_and_the_quote_is_short():
    with pytest.raises(CellError) as exc:
        Column("s", "Nama", max_length=10).value("x" * 1500)
    assert "1500 karakter" in str(exc.value) and len(str(exc.value)) < 120
    assert quote("y" * 500) == "'" + "y" * 40 + "…'"


@pytest.mark.parametrize("text", ['=HYPERLINK("http://x")', "@SUM(A1)", "+cmd|' /C calc'!A0", "-2+3*cmd|x"])
def test_formula_looking_text_is_flagged_on_import(text):
    with pytest.raises(CellError, match="rumus"):
        Column("s", "Alamat").value(text)


# --- export escaping ---------------------------------------------------------------------------------------------


def test_safe_cell_neutralises_formulas_and_keeps_numbers():
    assert safe_row(["=1+1", "+62", "-x", "@a", "\tb", "\rc", "ok", -8.2, 5, None, "-8.2"]) == [
        "'=1+1",
        "+62",
        "'-x",
        "'@a",
        "'\tb",
        "'\rc",
        "ok",
        -8.2,
        5,
        None,
        "-8.2",
    ]
    assert safe_cell('=HYPERLINK("http://x")').startswith("'=")


def test_safe_workbook_turns_formulas_into_text():
    wb = Workbook()
    wb.active.append(['=HYPERLINK("http://x","y")', -3.5])
    safe_workbook(wb)
    buf = io.BytesIO()
    wb.save(buf)
    cell, number = next(load_workbook(io.BytesIO(buf.getvalue())).active.iter_rows(values_only=False))
    assert cell.data_type == "s" and cell.value.startswith("'=") and number.value == -3.5


@pytest.mark.django_db
def test_station_exports_escape_formula_addresses(district, login, ops_user):
    from tests.elections.factories import ElectionFactory
    from tests.stations.factories import stations_for

    election = ElectionFactory(unit=district.polres, regions=[district.kabupaten])
    station = stations_for(district, election)[0]
    station.address = '=HYPERLINK("http://jahat.example","klik")'
    station.save()
    client = login(ops_user)
    text = client.get(f"/pemilihan/{election.pk}/tps/ekspor.csv").content.decode("utf-8-sig")
    addresses = [row[4] for row in csv.reader(io.StringIO(text), delimiter=";")]
    assert '\'=HYPERLINK("http://jahat.example","klik")' in addresses
    data = client.get(f"/pemilihan/{election.pk}/tps/ekspor.xlsx").content
    cells = [c for row in load_workbook(io.BytesIO(data)).active.iter_rows() for c in row]
    assert not any(c.data_type == "f" for c in cells)
    assert any(str(c.value).startswith("'=HYPERLINK") for c in cells)


@pytest.mark.django_db
def test_personnel_exports_escape_formula_names(district, login, ops_user):
    from tests.personnel.factories import PersonnelFactory

    PersonnelFactory(nrp="88010001", name="=cmd|' /C calc'!A0", unit=district.polsek_a)
    client = login(ops_user)
    assert "'=cmd" in client.get("/personel/ekspor.csv").content.decode()
    data = client.get("/personel/ekspor.xlsx").content
    names = [row[1] for row in load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True)]
    assert "'=cmd|' /C calc'!A0" in names


# --- the pipeline and the page -----------------------------------------------------------------------------------


def test_every_importer_declares_a_permission_a_size_cap_and_columns():
    found = {imp.job_name: imp for imp in importers()}
    assert {"stations.import", "personnel.import", "risk.import", "patrols.import"} <= set(found)
    for importer in found.values():
        assert importer.permission and 0 < importer.max_bytes <= 25 * 1024 * 1024 and 0 < importer.max_rows <= 200_000


@pytest.mark.django_db
def test_the_import_page_stages_and_queues_with_htmx_and_refuses_without_permission(
    district, login, ops_user, field_a_user, django_capture_on_commit_callbacks, settings, tmp_path
):
    settings.SIAGA_IMPORT_STAGING_DIR = str(tmp_path)
    client = login(ops_user)
    page = client.get("/personel/impor/").content.decode()
    assert "<b>NRP</b>" in page and "Telepon" in page and "5 MB" in page
    upload = SimpleUploadedFile("p.csv", b"NRP,Nama,Pangkat,Satuan\n88010009,Dedi,Bripda,polsek-kencong\n")
    with django_capture_on_commit_callbacks(execute=True):
        fragment = client.post("/personel/impor/", {"file": upload}, HTTP_HX_REQUEST="true")
    assert fragment.status_code == 200 and "<html" not in fragment.content.decode()
    job = Job.objects.get(kind="personnel.import")
    assert job.status == "done" and job.params["filename"] == "p.csv" and not list(tmp_path.iterdir())
    upload = SimpleUploadedFile("p.docx", b"x")
    refused = client.post("/personel/impor/", {"file": upload}, HTTP_HX_REQUEST="true").content.decode()
    assert "tidak didukung" in refused and Job.objects.count() == 1
    assert login(field_a_user).get("/personel/impor/").status_code == 403


@pytest.mark.django_db
def test_imports_audit_the_acting_user(
    profile, stations, district, ops_user, intel_user, login, django_capture_on_commit_callbacks
):
    from siaga.personnel.services import personnel_import

    personnel_import(
        user=ops_user, filename="p.csv", content=b"NRP,Nama,Pangkat,Satuan\n88010009,A,Bripda,polres-jember\n"
    )
    change = ObjectChange.objects.get(model="personnel.Personnel", action="import")
    assert change.user_id == ops_user.pk and change.channel == "impor"
    csv_text = f"kode_desa,nomor_tps,dpt_tms\n{district.desa_a[0].code},1,ya\n".encode()
    with django_capture_on_commit_callbacks(execute=True):
        login(intel_user).post(
            f"/kerawanan/pemilihan/{profile.election_id}/impor/", {"file": SimpleUploadedFile("k.csv", csv_text)}
        )
    assert Job.objects.get(kind="risk.import").status == "done"
    change = ObjectChange.objects.get(model="risk.StationIndicator", action="import")
    assert change.user_id == intel_user.pk
    assert not ObjectChange.objects.filter(model="risk.StationIndicator", user__isnull=True).exists()


@pytest.fixture
def election(district):
    from tests.risk.factories import ElectionFactory

    return ElectionFactory(unit=district.polres, type="pemilu")


@pytest.fixture
def stations(district, election):
    from tests.risk.factories import make_stations

    return make_stations(district, election)


@pytest.fixture
def profile(election, stations):
    from siaga.risk.services import categories_recompute, profile_get_or_create

    profile = profile_get_or_create(election=election)
    categories_recompute(election=election)
    return profile


@pytest.mark.django_db
def test_a_tps_whose_polsek_is_outside_the_users_scope_is_a_row_error(district, ops_user):
    from siaga.core.imports import import_now
    from siaga.core.jobs import JobError
    from siaga.stations.importer import StationImporter
    from siaga.stations.models import Station
    from tests.conftest import _region
    from tests.factories import UnitFactory

    kab = _region("35.10", "Kabupaten Banyuwangi", 2, "kabupaten", district.province, -8.2, 114.3)
    kec = _region("35.10.01", "Pesanggaran", 3, "kecamatan", kab, -8.5, 114.0)
    desa = _region("35.10.01.2001", "Sarongan", 4, "desa", kec, -8.55, 114.0)
    other = UnitFactory(code="polres-bwi", name="Polres Banyuwangi", kind="polres", parent=district.polda)
    UnitFactory(code="polsek-psg", name="Polsek Pesanggaran", kind="polsek", parent=other).regions.set([kec])
    election = ElectionFactory(unit=district.polres, regions=[district.kabupaten, kab])
    content = f"No TPS;Kode Desa;DPT L;DPT P\n1;{district.desa_a[0].code};10;10\n1;{desa.code};10;10\n".encode()
    with pytest.raises(JobError) as exc:
        import_now(
            importer=StationImporter,
            actor=ops_user,
            filename="t.csv",
            content=content,
            params={"election_id": election.pk},
        )
    assert [(e["row"], e["column"]) for e in exc.value.errors] == [(3, "Kode Desa")]
    assert "Polsek Pesanggaran, di luar cakupan Anda" in exc.value.errors[0]["message"]
    assert not Station.objects.exists()


@pytest.mark.django_db
def test_a_missing_staged_file_ends_the_job_in_indonesian_and_stale_files_are_swept(
    district, ops_user, settings, tmp_path, django_capture_on_commit_callbacks
):
    import os
    import time

    from siaga.core.imports import import_enqueue
    from siaga.core.imports.base import STALE_SECONDS
    from siaga.core.jobs import job_execute
    from siaga.personnel.importer import PersonnelImporter

    settings.SIAGA_IMPORT_STAGING_DIR = str(tmp_path)
    stale = tmp_path / "lama.csv"
    stale.write_bytes(b"x")
    os.utime(stale, (time.time() - STALE_SECONDS - 10,) * 2)
    upload = SimpleUploadedFile("p.csv", b"NRP,Nama,Pangkat,Satuan\n")
    job = import_enqueue(importer=PersonnelImporter, actor=ops_user, upload=upload)  # not run: no on_commit here
    assert not stale.exists() and (tmp_path / job.params["staged"]).exists()
    (tmp_path / job.params["staged"]).unlink()
    job_execute(job)
    job.refresh_from_db()
    assert job.status == "failed" and "unggah ulang" in job.message


@pytest.mark.django_db
def test_the_job_reports_progress_against_the_estimated_row_count(district, ops_user, tmp_path):
    from siaga.personnel.importer import PersonnelImporter

    lines = ["NRP;Nama;Pangkat;Satuan"] + [f"{88010000 + i};Nama {i};Bripda;polsek-kencong" for i in range(1200)]
    path = tmp_path / "p.csv"
    path.write_text("\n".join(lines) + "\n")
    calls = []
    result = PersonnelImporter(actor=ops_user, progress=lambda *args: calls.append(args)).execute(path, "p.csv")
    assert result["created"] == 1200
    assert calls[0] == (0, 1202, "Membaca berkas…")
    assert (501, 1202, "Memeriksa baris 501…") in calls and calls[-1][:2] == (1200, 1200)


@pytest.mark.django_db
def test_an_election_gone_while_the_job_waited_fails_the_job_in_indonesian(
    profile, ops_user, settings, tmp_path, django_capture_on_commit_callbacks
):
    from siaga.core.imports import import_enqueue
    from siaga.core.jobs import job_execute
    from siaga.risk.imports import ChecklistImporter

    settings.SIAGA_IMPORT_STAGING_DIR = str(tmp_path)
    upload = SimpleUploadedFile("k.csv", b"kode_desa,nomor_tps\n")
    params = {"election_id": profile.election_id}
    job = import_enqueue(importer=ChecklistImporter, actor=ops_user, upload=upload, params=params)
    profile.election.delete()
    job_execute(job)
    job.refresh_from_db()
    assert job.status == "failed" and "tidak ditemukan" in job.message and not list(tmp_path.iterdir())
