"""Official boundaries replace the approximate outlines: matching, validation, all-or-nothing, command."""

import io
import zipfile

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from siaga.core.access import SYSTEM
from siaga.core.models import ObjectChange
from siaga.regions import boundary_files
from siaga.regions.boundaries import BoundaryError, boundaries_import, normalize_code
from siaga.regions.models import Region
from tests.regions.boundary_data import circle, feature, geojson_bytes, shapefile_zip, square

pytestmark = pytest.mark.django_db

SOURCE = "BIG RBI 2023"


def _desa_features(district, code_key="kode_desa", dotted=True):
    out = []
    for desa in district.desa_a + district.desa_b:
        code = desa.code if dotted else desa.code.replace(".", "")
        out.append(feature({code_key: code, "nama": desa.name}, square(desa.lon, desa.lat)))
    return out


def _import_desa(district, *, actor=SYSTEM, source=SOURCE):
    data = geojson_bytes(*_desa_features(district))
    return boundaries_import(actor=actor, data=data, filename="desa.geojson", source=source)


def test_geojson_desa_outlines_are_stored_with_their_source(district):
    result = boundaries_import(
        actor=SYSTEM, data=geojson_bytes(*_desa_features(district)), filename="desa.geojson", source=SOURCE
    )
    assert result["desa"] == 4 and result["kecamatan"] == 0
    desa = Region.objects.get(code=district.desa_a[0].code)
    assert desa.boundary_source == SOURCE and desa.boundary_is_official
    assert desa.boundary["type"] == "Polygon"
    ring = desa.boundary["coordinates"][0]
    assert ring[0] == ring[-1] and len(ring) == 5
    assert ObjectChange.objects.filter(model="regions.Region", action="import").count() == 1


@pytest.mark.parametrize("key", ["KDEPUM", "kode", "Kode_Desa", "code"])
def test_codes_are_read_under_their_usual_attribute_names_with_or_without_dots(district, key):
    data = geojson_bytes(*_desa_features(district, code_key=key, dotted=False))
    assert boundaries_import(actor=SYSTEM, data=data, filename="desa.json", source=SOURCE)["desa"] == 4


def test_a_zipped_shapefile_is_read(district):
    records = [({"KDEPUM": d.code, "WADMKD": d.name}, square(d.lon, d.lat)) for d in district.desa_a]
    result = boundaries_import(actor=SYSTEM, data=shapefile_zip(records), filename="RBI_desa.zip", source=SOURCE)
    assert result["desa"] == 2
    assert Region.objects.get(code=district.desa_a[1].code).boundary_source == SOURCE


def test_kecamatan_are_matched_by_name_within_the_kabupaten(district):
    data = geojson_bytes(
        feature({"WADMKC": "KECAMATAN JOMBANG"}, square(113.33, -8.23, 0.05)),
        feature({"nama_kec": "Kencong"}, square(113.37, -8.28, 0.05)),
    )
    result = boundaries_import(actor=SYSTEM, data=data, filename="kec.geojson", source="Bappeda", kabupaten="35.09")
    assert result["kecamatan"] == 2
    assert Region.objects.get(code=district.kec_a.code).boundary_source == "Bappeda"


def test_a_desa_name_found_in_two_kecamatan_is_told_apart_by_its_kecamatan(district):
    from tests.factories import RegionFactory

    twin = RegionFactory(code="35.09.02.2003", name="Desa A1", level=4, kind="desa", parent=district.kec_b)
    ambiguous = geojson_bytes(feature({"desa": "Desa A1"}, square(113.33, -8.225)))
    with pytest.raises(BoundaryError) as exc:
        boundaries_import(actor=SYSTEM, data=ambiguous, filename="d.geojson", source=SOURCE, kabupaten="35.09")
    assert "ada di 2 wilayah" in exc.value.errors[0]["message"]
    told_apart = geojson_bytes(feature({"desa": "Desa A1", "kecamatan": "Kencong"}, square(113.37, -8.27)))
    boundaries_import(actor=SYSTEM, data=told_apart, filename="d.geojson", source=SOURCE, kabupaten="35.09")
    twin.refresh_from_db()
    assert twin.boundary_is_official
    assert not Region.objects.get(code=district.desa_a[0].code).boundary_is_official


def test_one_unmatched_feature_stops_the_import_and_is_reported_by_its_position(district):
    features = _desa_features(district)
    features.insert(2, feature({"kode_desa": "35.09.09.9999"}, square(113.3, -8.2)))
    with pytest.raises(BoundaryError) as exc:
        boundaries_import(actor=SYSTEM, data=geojson_bytes(*features), filename="desa.geojson", source=SOURCE)
    assert "tidak ada batas yang disimpan" in str(exc.value)
    assert [e["row"] for e in exc.value.errors] == [3]
    assert "Fitur #3" in exc.value.errors[0]["message"] and "35.09.09.9999" in exc.value.errors[0]["message"]
    assert not Region.objects.exclude(boundary_source="").exists()


@pytest.mark.parametrize(
    ("geometry", "expected"),
    [
        (
            {"type": "Polygon", "coordinates": [[[113.3, -8.2], [113.31, -8.2], [113.31, -8.21], [113.3, -8.21]]]},
            "tidak tertutup",
        ),
        (
            {
                "type": "Polygon",
                "coordinates": [[[500000, 9090000], [500100, 9090000], [500100, 9090100], [500000, 9090000]]],
            },
            "di luar Indonesia",
        ),
        ({"type": "Point", "coordinates": [113.3, -8.2]}, "bukan Polygon"),
        ({"type": "Polygon", "coordinates": [[[113.3, -8.2], [113.31, -8.2], [113.3, -8.2]]]}, "kurang dari 4 titik"),
        ({"type": "Polygon", "coordinates": [[["x", -8.2]]]}, "koordinat tidak sah"),
        (None, "tidak memiliki geometri"),
    ],
)
def test_invalid_geometries_are_refused_in_indonesian(district, geometry, expected):
    data = geojson_bytes(
        feature({"kode": district.desa_a[0].code}, square(113.33, -8.225)),
        {"type": "Feature", "properties": {"kode": district.desa_a[1].code}, "geometry": geometry},
    )
    with pytest.raises(BoundaryError) as exc:
        boundaries_import(actor=SYSTEM, data=data, filename="desa.geojson", source=SOURCE)
    assert exc.value.errors[0]["row"] == 2 and expected in exc.value.errors[0]["message"]
    assert not Region.objects.exclude(boundary_source="").exists()


def test_a_huge_outline_is_simplified_to_the_vertex_budget(district):
    data = geojson_bytes(feature({"kode": district.kec_a.code}, circle(113.33, -8.23, 20_000)))
    result = boundaries_import(actor=SYSTEM, data=data, filename="kec.geojson", source=SOURCE)
    assert result["simplified"] == 1 and "disederhanakan" in result["summary"]
    ring = Region.objects.get(code=district.kec_a.code).boundary["coordinates"][0]
    assert 4 <= len(ring) <= boundary_files.MAX_VERTICES_STORED and ring[0] == ring[-1]


def test_islands_of_one_desa_become_one_multipolygon(district):
    code = district.desa_a[0].code
    data = geojson_bytes(
        feature({"kode": code}, square(113.33, -8.225)), feature({"kode": code}, square(113.36, -8.225))
    )
    boundaries_import(actor=SYSTEM, data=data, filename="pulau.geojson", source=SOURCE)
    boundary = Region.objects.get(code=code).boundary
    assert boundary["type"] == "MultiPolygon" and len(boundary["coordinates"]) == 2


def test_a_projected_shapefile_is_refused_with_a_hint(district):
    records = [({"KDEPUM": district.desa_a[0].code}, square(113.33, -8.225))]
    with pytest.raises(BoundaryError, match="WGS84"):
        boundaries_import(
            actor=SYSTEM,
            data=shapefile_zip(records, prj='PROJCS["WGS_1984_UTM_Zone_49S",GEOGCS[]]'),
            filename="x.zip",
            source=SOURCE,
        )


def test_a_zip_bomb_is_stopped(district, monkeypatch):
    monkeypatch.setattr(boundary_files, "MAX_UNZIPPED_BYTES", 1024 * 1024)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("bom.dbf", b"\0" * (8 * 1024 * 1024))  # 8 MB of zeros packs into a few KB
        archive.writestr("bom.shp", b"\0" * 100)
    assert len(out.getvalue()) < 100_000
    with pytest.raises(BoundaryError, match="terlalu besar"):
        boundaries_import(actor=SYSTEM, data=out.getvalue(), filename="bom.zip", source=SOURCE)


def test_a_zip_whose_headers_understate_its_size_is_refused(monkeypatch):
    monkeypatch.setattr(boundary_files, "MAX_UNZIPPED_BYTES", 1024 * 1024)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("bom.dbf", b"\0" * (2 * 1024 * 1024))
    original = zipfile.ZipFile.infolist

    def lying_infolist(self):
        infos = original(self)
        for info in infos:
            info.file_size = 10  # a crafted header; the reader must count the inflated bytes itself
        return infos

    monkeypatch.setattr(zipfile.ZipFile, "infolist", lying_infolist)
    with pytest.raises(boundary_files.BoundaryFileError, match="terlalu besar|tidak dapat dibuka"):
        boundary_files._unzip(out.getvalue())


def test_an_oversized_file_and_an_unknown_format_are_refused(district, monkeypatch):
    with pytest.raises(BoundaryError, match="Format berkas tidak didukung"):
        boundaries_import(actor=SYSTEM, data=b"x", filename="batas.kml", source=SOURCE)
    monkeypatch.setattr(boundary_files, "MAX_FILE_BYTES", 100)
    with pytest.raises(BoundaryError, match="terlalu besar"):
        boundaries_import(
            actor=SYSTEM, data=geojson_bytes(*_desa_features(district)), filename="desa.geojson", source=SOURCE
        )


def test_the_source_is_required(district):
    with pytest.raises(BoundaryError, match="Sumber batas wajib"):
        boundaries_import(
            actor=SYSTEM, data=geojson_bytes(*_desa_features(district)), filename="desa.geojson", source="  "
        )


def test_reloading_regions_keeps_official_outlines(district, monkeypatch):
    from siaga.regions import services

    boundaries_import(
        actor=SYSTEM, data=geojson_bytes(*_desa_features(district)), filename="desa.geojson", source=SOURCE
    )
    kept = Region.objects.get(code=district.desa_a[0].code).boundary
    services.regions_load(prefix="35.09")
    desa = Region.objects.get(code=district.desa_a[0].code)
    assert desa.boundary == kept and desa.boundary_source == SOURCE
    other = Region.objects.filter(level=3, code__startswith="35.09.").exclude(code__in=[district.kec_a.code]).first()
    assert other.boundary["approx"] is True and other.boundary_source == ""


def test_normalize_code():
    assert normalize_code("3509012001") == "35.09.01.2001"
    assert normalize_code(3509012001.0) == "35.09.01.2001"
    assert normalize_code("350901") == "35.09.01"
    assert normalize_code(" 35.09.01 ") == "35.09.01"
    assert normalize_code("35090") == ""


def test_the_command_imports_and_reports_failures(district, tmp_path):
    good = tmp_path / "desa.geojson"
    good.write_bytes(geojson_bytes(*_desa_features(district)))
    out = io.StringIO()
    call_command("regions_boundaries", str(good), source=SOURCE, stdout=out)
    assert "4 desa/kelurahan memakai batas resmi (BIG RBI 2023)" in out.getvalue()
    bad = tmp_path / "salah.geojson"
    bad.write_bytes(geojson_bytes(feature({"nama": "Entah"}, square(113.3, -8.2))))
    err = io.StringIO()
    with pytest.raises(CommandError, match="tidak ada batas yang disimpan"):
        call_command("regions_boundaries", str(bad), source=SOURCE, stderr=err)
    assert "Fitur #1" in err.getvalue()


def test_only_an_administrator_may_replace_outlines(district, kapolres):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        boundaries_import(
            actor=kapolres, data=geojson_bytes(*_desa_features(district)), filename="d.json", source=SOURCE
        )
    assert not Region.objects.exclude(boundary_source="").exists()


def test_with_a_kabupaten_an_unknown_code_and_name_are_both_reported(district):
    data = geojson_bytes(feature({"kode": "35.10.01.2001", "desa": "Entah"}, square(113.3, -8.2)))
    with pytest.raises(BoundaryError) as exc:
        boundaries_import(actor=SYSTEM, data=data, filename="d.geojson", source=SOURCE, kabupaten="35.09")
    message = exc.value.errors[0]["message"]
    assert "kode '35.10.01.2001' tidak dikenal di Kabupaten Jember" in message
    assert "nama 'Entah' tidak ditemukan" in message
