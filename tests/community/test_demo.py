"""The Binmas demo on the real Jember regions: beats, tokoh, visits, campaigns and a weekly plan, all demo data."""

import random

import pytest

from siaga.community.models import Beat, Campaign, Tokoh, Visit, VisitPlan
from siaga.hq.demo import DemoContext, build_units, build_users
from siaga.regions.models import Region
from siaga.regions.services import regions_load

pytestmark = pytest.mark.django_db


def test_the_demo_builds_binmas_data_marked_as_demo():
    from siaga.community import demo

    regions_load(prefix="35.09")
    kab = Region.objects.get(code="35.09")
    polda, polres, polseks, partners = build_units(kab)
    users = build_users(polres, polseks, partners)
    lines = []
    ctx = DemoContext(kab, polda, polres, polseks, partners, users, random.Random(1), lines.append)
    demo.build(ctx)
    assert Beat.objects.filter(kind="desa").count() > 200 and Beat.objects.filter(kind="rw").count() > 500
    assert not Beat.objects.filter(is_demo=False).exists() and not Tokoh.objects.filter(is_demo=False).exists()
    assert Visit.objects.filter(is_demo=True).count() > 150 and Campaign.objects.count() == 2
    plan = VisitPlan.objects.get()
    assert plan.result["officers"] and plan.result["officers"][0]["stops"]
    assert lines and lines[-1].startswith("Binmas:")
    demo.build(ctx)  # a second run leaves the data alone
    assert VisitPlan.objects.count() == 1 and "dilewati" in lines[-1]
