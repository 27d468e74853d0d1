"""The synthetic Polda of the demo: a few flagged Polres around the demo Polres, its Karoops and Kapolda, the roll-up
filled and BKO proposed; built again, nothing doubles."""

import random
from types import SimpleNamespace

import pytest

from siaga.command import demo
from siaga.command.models import BkoProposal, PolresFigures
from siaga.units.models import Unit
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db


def _ctx(district, kapolres):
    return SimpleNamespace(
        kabupaten=district.kabupaten, polda=district.polda, polres=district.polres, polseks=[district.polsek_a],
        partners={}, users={"kapolres": kapolres}, rng=random.Random(1), log=lambda *a: None, extras={},
    )  # fmt: skip


def test_demo_builds_a_synthetic_polda_once(district, kapolres):
    ctx = _ctx(district, kapolres)
    demo.build(ctx)
    demo.build(ctx)
    synthetic = Unit.objects.filter(code__startswith="polres-sintetis-", is_demo=True, parent=district.polda)
    assert synthetic.count() == 4
    assert PolresFigures.objects.filter(polda=district.polda).count() == 5
    short = PolresFigures.objects.get(unit__code="polres-sintetis-timur")
    assert short.bko_needed > 0 and short.is_demo
    proposals = BkoProposal.objects.filter(status="proposed", receiver=short.unit)
    assert proposals.exists() and {p.giver.code for p in proposals} <= {
        "polres-sintetis-utara", "polres-sintetis-barat", district.polda.code,
    }  # fmt: skip
    assert sum(p.personnel for p in proposals) <= short.bko_needed
    karoops = ctx.users["karoops"]
    assert karoops.role == "ops" and karoops.unit == district.polda and karoops.is_demo
    karoops.refresh_from_db()
    assert karoops.check_password(TEST_PASSWORD)  # the demo Kapolres's password
