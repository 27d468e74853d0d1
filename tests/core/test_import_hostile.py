"""Hostile uploads against every registered importer, through the real pipeline (stage, job, read, validate):
each is refused or handled with bounded memory (tracemalloc peak, measured here) and a message in Bahasa
Indonesia, and nothing is written. The hostile files are generated on the fly in a temporary directory."""

import tracemalloc
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files import File

from siaga.core.imports import import_enqueue, importers
from siaga.core.imports.reader import MAX_CELL_CHARS
from siaga.core.models import Job, ObjectChange
from tests.elections.factories import ElectionFactory
from tests.stations.factories import stations_for

pytestmark = pytest.mark.django_db

MB = 1024 * 1024
MEMORY_LIMIT = 100 * MB  # the files took 1.3 GB and 5 GB
ENGLISH = ("File is not", "Could not determine", "Traceback", "Error", "invalid literal", "line ")
FORMULA = '=HYPERLINK("x")'


@dataclass(frozen=True)
class Sample:
    header: list[str]
    row: list[str]
    text_column: int  # a free-text column, to poison
    number_column: int  # a numeric column


def _samples(district) -> dict[str, Sample]:
    desa = district.desa_a[0].code
    return {
        "stations.import": Sample(
            ["No TPS", "Kode Desa", "Alamat", "DPT L", "DPT P"], ["7", desa, "Balai", "10", "12"], 2, 3
        ),
        "personnel.import": Sample(
            ["NRP", "Nama", "Pangkat", "Satuan", "Lintang", "Bujur"],
            ["88010009", "Dedi", "Bripda", "polsek-kencong", "-8.2", "113.7"],
            1,
            4,
        ),
        "risk.import": Sample(["kode_desa", "nomor_tps", "dpt_tms"], [desa, "1", "ya"], 0, 1),
        "community.import_tokoh": Sample(
            ["nama", "jenis", "kode_desa", "pengaruh", "lintang", "bujur"],
            ["Ustadz Hasan", "tokoh_agama", district.desa_a[1].code, "4", "-8.2", "113.7"],
            0,
            3,
        ),
        "community.import_rw": Sample(
            ["kode_desa", "rw", "polisi_rw", "jumlah_kk", "lintang", "bujur"],
            [district.desa_a[1].code, "03", "", "120", "-8.2", "113.7"],
            2,
            3,
        ),
        "coordination.import": Sample(
            ["tanggal", "kode_desa", "desa", "no_urut", "nama_calon", "no_tps", "dpt_laki", "dpt_perempuan"],
            ["07-12-2022", desa, district.desa_a[0].name, "1", "Ahmad Sholeh", "1", "250", "260"],
            4,
            6,
        ),
        "analysis.import": Sample(
            ["No LP", "Tanggal kejadian", "Jenis", "Kode desa", "Tempat kejadian", "Korban"],
            ["LP/B/1/I/2024/SPKT", "02/01/2024", "curat", desa, "Jl. Mawar", "1"],
            4,
            5,
        ),
        "analysis.import_population": Sample(
            ["Kode wilayah", "Nama wilayah", "Jumlah penduduk", "Tahun", "Sumber"],
            [desa, "", "5210", "2024", "Disdukcapil"],
            4,
            2,
        ),
        "siber.import": Sample(  # the post text may start with '=' (stored, never evaluated): poison the name
            ["platform", "id_unggahan", "akun", "nama_akun", "teks", "waktu", "jangkauan"],
            ["facebook", "123", "warga_jember", "Warga Jember", "Ayo jaga TPS", "2024-11-20 14:30", "100"],
            3,
            6,
        ),
        "patrols.import": Sample(
            ["nama", "jenis", "lintang", "bujur", "bobot"], ["Gudang", "gudang", "-8.2", "113.7", "5"], 0, 4
        ),
    }


def _csv(sample: Sample, row: list[str] | None = None, encoding: str = "utf-8") -> bytes:
    lines = [";".join(sample.header), ";".join(row or sample.row)]
    return ("\n".join(lines) + "\n").encode(encoding)


def _poisoned(sample: Sample, column: int, value: str) -> bytes:
    row = list(sample.row)
    row[column] = value
    return _csv(sample, row)


def _zip(path: Path, parts: dict[str, bytes], big: tuple[str, bytes, int] | None = None) -> Path:
    """A zip named .xlsx; `big` streams (name, prefix, size in MB of filler) without holding it in memory."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
        if big is not None:
            name, prefix, size_mb = big
            with archive.open(name, "w", force_zip64=True) as handle:
                handle.write(prefix)
                chunk = b"A" * MB
                for _ in range(size_mb):
                    handle.write(chunk)
                handle.write(b"</t></si></sst>" if "sharedStrings" in name else b"</sheetData></worksheet>")
    return path


CONTENT_TYPES = (
    b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="xml" ContentType="application/xml"/></Types>'
)


@pytest.fixture(scope="module")
def hostile_files(tmp_path_factory) -> dict[str, Path]:
    """Files that do not depend on the importer (big ones are made once)."""
    folder = tmp_path_factory.mktemp("hostile")
    big_csv = folder / "besar.csv"
    with big_csv.open("wb") as handle:
        handle.write(b"a;b;c\n")
        line = b"1;" + b"x" * 1000 + b";2\n"
        for _ in range(50 * 1024):  # 50 MB
            handle.write(line)
    sheet = (
        b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    )
    strings = b'<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>'
    return {
        "csv_50mb": big_csv,
        "zip_bomb": _zip(
            folder / "bom.xlsx", {"[Content_Types].xml": CONTENT_TYPES}, ("xl/worksheets/sheet1.xml", sheet, 200)
        ),
        "shared_string_300mb": _zip(
            folder / "string.xlsx", {"[Content_Types].xml": CONTENT_TYPES}, ("xl/sharedStrings.xml", strings, 300)
        ),
        "not_a_zip": _write(folder / "palsu.xlsx", b"NRP;Nama\n1;2\n"),
    }


def _write(path: Path, content: bytes) -> Path:
    path.write_bytes(content)
    return path


@pytest.fixture
def setups(district, ops_user, intel_user):
    election = ElectionFactory(unit=district.polres, regions=[district.kabupaten])
    stations_for(district, election)
    return {
        "stations.import": (ops_user, {"election_id": election.pk}),
        "personnel.import": (ops_user, {}),
        "risk.import": (ops_user, {"election_id": election.pk}),
        "patrols.import": (ops_user, {"unit_id": district.polres.pk}),
        "community.import_tokoh": (ops_user, {"unit_id": district.polsek_a.pk}),
        "community.import_rw": (ops_user, {"unit_id": district.polsek_a.pk}),
        "coordination.import": (ops_user, {"unit_id": district.polres.pk}),
        "siber.import": (intel_user, {"unit_id": district.polres.pk}),
        "analysis.import": (ops_user, {"unit_id": district.polres.pk}),
        "analysis.import_population": (ops_user, {"unit_id": district.polres.pk}),
    }


def _run(importer, actor, params, path: Path, capture) -> tuple[str, str, list, int]:
    """(outcome, message, errors, peak bytes): outcome "refused" (at upload), or the job's status."""
    with path.open("rb") as handle:
        upload = File(handle, name=path.name)
        tracemalloc.start()
        try:
            with capture(execute=True):
                job = import_enqueue(importer=importer, actor=actor, upload=upload, params=params)
        except ValidationError as exc:
            outcome, message, errors = "refused", " ".join(exc.messages), []
        else:
            job.refresh_from_db()
            outcome, message, errors = job.status, job.message, job.errors
        finally:
            peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
    return outcome, message, errors, peak


IMPORTERS = sorted(imp.job_name for imp in importers())
SHAPES = [
    "csv_50mb",
    "zip_bomb",
    "shared_string_300mb",
    "not_a_zip",
    "utf16",
    "formula",
    "nul_byte",
    "control_char",
    "nan",
    "inf",
    "huge_number",
    "long_text",
    "giant_cell",
]


def test_every_registered_importer_is_in_this_suite(district, setups):
    missing = set(IMPORTERS) - (set(_samples(district)) & set(setups))
    assert not missing, f"give {sorted(missing)} a Sample and a setup in tests/core/test_import_hostile.py"


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("name", IMPORTERS)
def test_hostile_upload(
    name, shape, hostile_files, setups, district, tmp_path, settings, django_capture_on_commit_callbacks
):
    from siaga.core.jobs import runner_get

    settings.SIAGA_IMPORT_STAGING_DIR = str(tmp_path / "staging")
    importer = runner_get(name)
    sample = _samples(district).get(name)
    assert sample is not None and name in setups, f"{name}: add a Sample and a setup to this suite"
    actor, params = setups[name]
    expected = {  # shape → (outcome, text the message or a row error must contain)
        "csv_50mb": ("refused", "terlalu besar"),
        "zip_bomb": ("failed", "terlalu besar"),
        "shared_string_300mb": ("failed", "terlalu besar"),
        "not_a_zip": ("failed", "bukan XLSX"),
        "utf16": ("done", ""),
        "formula": ("failed", "rumus"),
        "nul_byte": ("failed", "NUL"),
        "control_char": ("failed", "karakter kendali"),
        "nan": ("failed", ""),
        "inf": ("failed", ""),
        "huge_number": ("failed", ""),
        "long_text": ("failed", "terlalu panjang"),
        "giant_cell": ("failed", "isi sel terlalu panjang"),
    }[shape]
    if shape in hostile_files:
        path = hostile_files[shape]
    else:
        content = {
            "utf16": lambda: _csv(sample, encoding="utf-16"),
            "formula": lambda: _poisoned(sample, sample.text_column, FORMULA),
            "nul_byte": lambda: _poisoned(sample, sample.text_column, "Bal\x00ai"),
            "control_char": lambda: _poisoned(sample, sample.text_column, "Bal\x1bai"),
            "nan": lambda: _poisoned(sample, sample.number_column, "nan"),
            "inf": lambda: _poisoned(sample, sample.number_column, "inf"),
            "huge_number": lambda: _poisoned(sample, sample.number_column, "1e20"),
            "long_text": lambda: _poisoned(sample, sample.text_column, "x" * 1500),
            "giant_cell": lambda: _poisoned(sample, sample.text_column, "x" * (MAX_CELL_CHARS * 50)),
        }[shape]()
        path = _write(tmp_path / f"{shape}.csv", content)
    changes_before = ObjectChange.objects.filter(action="import").count()

    outcome, message, errors, peak = _run(importer, actor, params, path, django_capture_on_commit_callbacks)

    assert peak < MEMORY_LIMIT, f"{shape}: {peak / MB:.0f} MB"
    assert outcome == expected[0], (message, errors[:3])
    shown = " ".join([message, *(str(e.get("message", e)) for e in errors)])
    assert expected[1] in shown
    assert not any(word in shown for word in ENGLISH), shown
    assert "Kesalahan sistem" not in shown and len(message) <= 300
    assert all(len(str(e.get("message", ""))) <= 300 for e in errors)
    assert not list((tmp_path / "staging").glob("*")), "the staged upload must be deleted"
    if outcome != "done":
        assert ObjectChange.objects.filter(action="import").count() == changes_before
        if outcome == "failed" and shape not in ("zip_bomb", "shared_string_300mb", "not_a_zip", "giant_cell"):
            assert errors and all(isinstance(e["row"], int) and e["row"] == 2 for e in errors), errors
    else:
        assert Job.objects.get(kind=name).result["rows"] == 1
