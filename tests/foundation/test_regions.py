import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from siaga.core.models import ObjectChange
from siaga.regions.models import Region
from siaga.regions.services import RegionError, regions_load

pytestmark = pytest.mark.django_db


def test_it_loads_a_kabupaten_with_real_codes_and_names():
    counts = regions_load(prefix="35.09")
    assert counts == {1: 1, 2: 1, 3: 31, 4: 248}
    jember = Region.objects.get(code="35.09")
    assert jember.name == "Kabupaten Jember" and jember.parent_id == "35"
    kencong = Region.objects.get(level=3, name="Kencong")
    assert kencong.coord_source == "geonames"  # a real GeoNames place
    assert -8.5 < kencong.lat < -8.0 and 113.2 < kencong.lon < 113.5
    desa = Region.objects.filter(level=4, code__startswith="35.09.")
    assert desa.filter(lat=None).count() == 0, "every desa gets a point (real or flagged approximate)"
    assert set(desa.values_list("coord_source", flat=True)) <= {"geonames", "approx"}
    assert Region.objects.get(code=kencong.code).boundary["approx"] is True


def test_reloading_is_idempotent_and_keeps_manual_coordinates():
    regions_load(prefix="35.09")
    desa = Region.objects.filter(level=4).first()
    Region.objects.filter(pk=desa.pk).update(lat=-8.0001, lon=113.0001, coord_source="manual")
    regions_load(prefix="35.09")
    assert Region.objects.filter(code__startswith="35.09").count() == 1 + 31 + 248
    desa.refresh_from_db()
    assert (desa.lat, desa.coord_source) == (-8.0001, "manual")
    assert ObjectChange.objects.filter(model="regions.Region", action="import").count() == 2


def test_unknown_code_is_refused_and_nothing_is_written():
    with pytest.raises(RegionError, match="tidak dikenal"):
        regions_load(prefix="99.99")
    assert Region.objects.count() == 0


def test_the_command_fails_loudly_on_an_unknown_province(capsys):
    with pytest.raises(CommandError, match="tidak dikenal"):
        call_command("regions_load", province="77")
    call_command("regions_load", kabupaten="35.09")
    assert "248 desa/kelurahan" in capsys.readouterr().out


def test_demo_command_refuses_an_unknown_kabupaten():
    with pytest.raises(CommandError, match="tidak ditemukan"):
        call_command("demo", kabupaten="35.99")
    assert Region.objects.count() == 0
