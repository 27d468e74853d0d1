import pytest

from siaga.hq.demo import DEMO_PASSWORD, build_units, build_users
from siaga.regions.models import Region
from siaga.regions.services import regions_load
from siaga.units.models import Unit

pytestmark = pytest.mark.django_db


def test_the_demo_district_has_a_polsek_per_kecamatan_and_a_user_per_role():
    regions_load(prefix="35.09")
    kab = Region.objects.get(code="35.09")
    polda, polres, polseks, partners = build_units(kab)
    assert polres.name == "Polres Jember" and polres.parent == polda
    assert len(polseks) == 31 and all(p.regions.count() == 1 for p in polseks)
    assert set(partners) == {"kodim", "kpu", "bawaslu", "satpolpp", "dishub"}
    assert Unit.objects.filter(is_demo=True).count() == 1 + 1 + 31 + 5
    users = build_users(polres, polseks, partners)
    roles = {u.role for u in users.values()}
    assert roles == {"kapolres", "wakapolres", "ops", "intel", "kapolsek", "field", "partner", "viewer", "admin"}
    assert users["kapolsek"].check_password(DEMO_PASSWORD)
    kapolsek_sees = set(Unit.objects.restrict(users["kapolsek"]).values_list("pk", flat=True))
    assert kapolsek_sees == {polseks[0].pk}


def test_the_whole_demo_builds_every_app_in_order():
    from siaga.deployment.models import DeploymentPlan
    from siaga.hq.demo import build_demo
    from siaga.reports.models import Report
    from siaga.risk.models import StationRisk

    lines = []
    build_demo(kabupaten_code="35.09", log=lines.append)
    assert Report.objects.filter(is_demo=True).exists()
    assert DeploymentPlan.objects.filter(is_demo=True, status="approved").exists()
    assert StationRisk.objects.exclude(computed_category="").exists()
    assert any(line.startswith("Kerawanan:") for line in lines) and any(line.startswith("Plotting:") for line in lines)


def test_the_demo_refuses_to_build_in_production_unless_forced(settings):
    from django.core.management import CommandError, call_command

    from siaga.hq.demo import DemoRefused, build_demo

    settings.DEBUG, settings.TESTING = False, False
    with pytest.raises(DemoRefused, match="mode pengembangan"):
        build_demo(kabupaten_code="35.09")
    with pytest.raises(CommandError, match="SIAGA_DEBUG=1"):
        call_command("demo", kabupaten="35.09")
    assert not Unit.objects.exists()


def test_the_demo_never_takes_over_a_real_account_nor_resets_a_demo_password():
    from siaga.hq.demo import DemoRefused
    from tests.factories import UserFactory

    regions_load(prefix="35.09")
    polda, polres, polseks, partners = build_units(Region.objects.get(code="35.09"))
    real = UserFactory(username="admin", role="viewer", unit=polres)
    real.set_password("kata-sandi-asli-yang-panjang")
    real.save()
    with pytest.raises(DemoRefused, match="admin"):
        build_users(polres, polseks, partners)
    real.refresh_from_db()
    assert real.role == "viewer" and not real.is_superuser and real.check_password("kata-sandi-asli-yang-panjang")
    real.delete()
    users = build_users(polres, polseks, partners)
    users["kabagops"].set_password("diganti-oleh-petugas-2025")
    users["kabagops"].save()
    build_users(polres, polseks, partners)  # a second demo build
    users["kabagops"].refresh_from_db()
    assert users["kabagops"].check_password("diganti-oleh-petugas-2025")
