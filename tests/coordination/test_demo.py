"""The demo district gets its partner directory, a Pilkades serentak round, the rakor and its arahan."""

import pytest

from siaga.coordination.models import DirectiveTarget, Meeting, PartnerContact, PilkadesDesa, PilkadesRound
from siaga.coordination.selectors import matrix
from siaga.units.models import Unit

pytestmark = pytest.mark.django_db


def test_the_demo_builds_coordination():
    from siaga.hq.demo import build_demo

    lines = []
    ctx = build_demo(kabupaten_code="35.09", log=lines.append)
    assert any(line.startswith("Koordinasi:") for line in lines)
    assert {"fkub", "kesbangpol", "dai_kamtibmas", "media", "ormas"} <= set(
        Unit.objects.filter(is_demo=True).values_list("kind", flat=True)
    )
    assert PartnerContact.objects.filter(is_demo=True).count() >= 6
    rnd = PilkadesRound.objects.get(is_demo=True)
    rows = PilkadesDesa.objects.filter(round=rnd)
    assert rows.count() >= 50 and rows.filter(result="disputed").exists() and rows.filter(result="accepted").exists()
    assert all(row.election.candidates.count() >= 2 for row in rows.select_related("election")[:10])
    assert Meeting.objects.filter(is_demo=True, kind="dialog_kesiapan").get().link.startswith("https://")
    states = {c["state"] for row in matrix(user=ctx.users["kapolres"])["rows"] for c in row["cells"] if c}
    assert {"done", "in_progress", "acknowledged", "pending", "escalated"} <= states
    assert DirectiveTarget.objects.filter(directive=ctx.extras["directive"]).count() == len(ctx.polseks)
