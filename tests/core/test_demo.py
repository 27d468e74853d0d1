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
    from siaga.hq.demo import build_demo
    from siaga.deployment.models import DeploymentPlan
    from siaga.reports.models import Report
    from siaga.risk.models import StationRisk

    lines = []
    build_demo(kabupaten_code="35.09", log=lines.append)
    assert Report.objects.filter(is_demo=True).exists()
    assert DeploymentPlan.objects.filter(is_demo=True, status="approved").exists()
    assert StationRisk.objects.exclude(computed_category="").exists()
    assert any(line.startswith("Kerawanan:") for line in lines) and any(line.startswith("Plotting:") for line in lines)
