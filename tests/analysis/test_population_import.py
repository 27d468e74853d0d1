"""Population per region import (crime rate per 100,000): by code or name, idempotent by region and year, every bad
row and column named in Bahasa Indonesia, nothing written unless all rows are good; the Anev uses the figures and
says when they are the demo's synthetic ones."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from siaga.analysis.anev import anev_build
from siaga.analysis.formulas import Period
from siaga.analysis.models import Population
from siaga.analysis.population import PopulationImporter
from siaga.core.imports import import_now
from siaga.core.jobs import JobError
from siaga.core.models import ObjectChange
from tests.factories import RegionFactory

pytestmark = pytest.mark.django_db

HEADER = ["Kode Wilayah", "Nama Wilayah", "Jumlah Penduduk", "Tahun", "Sumber"]


def _csv(rows, header=HEADER) -> bytes:
    return ("\n".join(";".join(str(c) for c in row) for row in [header, *rows]) + "\n").encode()


def _run(user, district, rows, header=HEADER):
    return import_now(importer=PopulationImporter, actor=user, filename="penduduk.csv", content=_csv(rows, header),
                      params={"unit_id": district.polres.pk})  # fmt: skip


def test_it_imports_by_code_or_name_and_updates_on_a_second_run(district, ops_user):
    rows = [
        [district.desa_a[0].code, "", "5.210", "2024", "Disdukcapil Jember"],
        ["", "A2", "4000", "2024", "Disdukcapil Jember"],  # the name without its 'Desa' prefix
        ["", "Kencong", "61000", "2023", "BPS"],  # a kecamatan
    ]
    result = _run(ops_user, district, rows)
    assert result["created"] == 3
    got = {(p.region_id, p.year): (p.population, p.source, p.is_demo) for p in Population.objects.all()}
    assert got[(district.desa_a[0].pk, 2024)] == (5210, "Disdukcapil Jember", False)
    assert got[(district.desa_a[1].pk, 2024)][0] == 4000
    assert got[(district.kec_b.pk, 2023)] == (61000, "BPS", False)
    assert ObjectChange.objects.filter(action="import", model="analysis.Population", user=ops_user).count() == 1

    rows[0][2] = "5300"
    again = _run(ops_user, district, rows)
    assert (again["created"], again["updated"], again["unchanged"]) == (0, 1, 2)
    assert Population.objects.get(region=district.desa_a[0], year=2024).population == 5300


def test_every_bad_row_is_named_and_nothing_is_written(district, ops_user):
    outside = RegionFactory(code="35.10.01.2001", name="Desa Luar", level=4, kind="desa")
    # a second 'Desa A1' in the Polres
    RegionFactory(code="35.09.02.2009", name="Desa A1", level=4, kind="desa", parent=district.kec_b)
    rows = [
        [district.desa_b[0].code, "", "1000", "2024", "ok"],
        [outside.code, "", "1000", "2024", ""],
        ["", "Desa A1", "1000", "2024", ""],
        ["", "Antah Berantah", "1000", "2024", ""],
        [district.desa_b[0].code, "", "1200", "2024", ""],
        [district.desa_b[1].code, "", "-5", "1890", ""],
        ["", "", "10", "2024", ""],
    ]
    with pytest.raises(JobError) as caught:
        _run(ops_user, district, rows)
    errors = {(e["row"], e["column"]): e["message"] for e in caught.value.errors}
    assert "di luar wilayah hukum Polres Jember" in errors[(3, "Kode Wilayah")]
    assert "lebih dari satu wilayah" in errors[(4, "Nama Wilayah")] and "isi kode" in errors[(4, "Nama Wilayah")]
    assert "tidak dikenal" in errors[(5, "Nama Wilayah")]
    assert "sudah ada di baris 2" in errors[(6, "Kode Wilayah")]
    assert "di bawah batas" in errors[(7, "Jumlah Penduduk")] and "di bawah batas" in errors[(7, "Tahun")]
    assert "Isi kode wilayah atau nama wilayah" in errors[(8, "Kode Wilayah")]
    assert (2, "Kode Wilayah") not in errors
    assert not Population.objects.exists()
    assert not ObjectChange.objects.filter(action="import").exists()


def test_only_polres_staff_import_population(district, polsek_a_user, partner_user, viewer_user):
    for user in (polsek_a_user, partner_user, viewer_user):
        with pytest.raises((PermissionDenied, JobError)):
            _run(user, district, [[district.desa_a[0].code, "", "100", "2024", ""]])
    assert not Population.objects.exists()


def test_the_anev_uses_the_population_and_marks_synthetic_figures(district, kapolres, make_case, at):
    make_case(district.polsek_a, at(2024, 5, 3), "curat", desa=district.desa_a[0])
    period = Period("month", dt.date(2024, 5, 1), dt.date(2024, 5, 31))
    Population.objects.create(region=district.kabupaten, year=2024, population=200_000, source="BPS")
    anev = anev_build(user=kapolres, unit=district.polres, period=period, sections=("ringkasan",))
    text = " ".join(anev.sections[0].paragraphs)
    assert "200.000 jiwa" in text and "sintetis" not in text
    assert "Crime rate 0,5 per 100.000 penduduk" in anev.fields["ringkasan"]

    Population.objects.create(region=district.desa_a[0], year=2024, population=3000, is_demo=True, source="demo")
    anev = anev_build(user=kapolres, unit=district.polres, period=period, sections=("ringkasan",))
    assert "Data penduduk sintetis (demo)" in " ".join(anev.sections[0].paragraphs)


def test_without_population_the_crime_rate_is_not_computed(district, kapolres, make_case, at):
    make_case(district.polsek_a, at(2024, 5, 3), "curat", desa=district.desa_a[0])
    period = Period("month", dt.date(2024, 5, 1), dt.date(2024, 5, 31))
    anev = anev_build(user=kapolres, unit=district.polres, period=period, sections=("ringkasan",))
    assert "crime rate tidak dihitung" in " ".join(anev.sections[0].paragraphs)
    assert "Data penduduk belum ada." in anev.fields["ringkasan"]
