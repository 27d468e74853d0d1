"""The roll-up's patrol coverage and CT/CC agree with what the patrols and analysis apps compute themselves."""

import datetime as dt
from datetime import timedelta

import pytest
from django.utils import timezone

from siaga.command.figures import figures_refresh
from siaga.command.models import PolresFigures
from siaga.patrols.coverage import coverage_summary
from siaga.patrols.models import PatrolStop
from siaga.patrols.services import patrol_checkin_record
from tests.analysis.conftest import at, make_case  # noqa: F401  (the analysis fixtures)
from tests.patrols.conftest import make_plan, world  # noqa: F401  (the patrol world)

pytestmark = pytest.mark.django_db


def test_patrol_coverage_matches_the_patrol_app(world, make_plan, field_a_user, ops_user, district):  # noqa: F811
    import uuid

    make_plan()
    today = timezone.localdate()
    end_of_day = timezone.now() + timedelta(days=1)
    stop = PatrolStop.objects.filter(team=world.team_a).order_by("arrival").first()
    patrol_checkin_record(user=field_a_user, client_id=uuid.uuid4(), team=stop.team, obj=stop.object, stop=stop)
    figures_refresh(full=True, now=end_of_day)
    own = coverage_summary(user=ops_user, day_from=today, day_to=today, now=end_of_day)["totals"]
    f = PolresFigures.objects.get(unit=district.polres)
    assert (f.patrol_due, f.patrol_done) == (own.due, own.achieved) and own.achieved == 1 and own.due > 1
    assert f.patrol_pct == round(100 * own.achieved / own.due, 1)


def test_ct_and_cc_of_the_month_match_the_anev_rule(district, make_case, at):  # noqa: F811
    a, b = district.polsek_a, district.polsek_b
    make_case(a, at(2024, 1, 3, 22), "curat", "tahap2", dt.date(2024, 1, 20))
    make_case(a, at(2024, 1, 10, 2), "curas", "sp3", dt.date(2024, 1, 25))
    make_case(b, at(2024, 1, 15, 22), "narkotika", "lidik")
    make_case(b, at(2024, 1, 16, 9), "bencana")  # not a crime: not in CT
    make_case(b, at(2023, 12, 16, 9), "curat")  # last month
    figures_refresh(full=True, now=at(2024, 1, 31, 12))
    f = PolresFigures.objects.get(unit=district.polres)
    assert (f.ct, f.cc, f.cc_pct) == (3, 2, 66.7)
