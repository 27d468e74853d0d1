"""The dashboard's "Kerawanan TPS" panel: TPS per category of the active election in the user's scope, or
"Belum ada TPS." when the scope has none."""

import datetime
import re

import pytest
from django.utils import timezone

from siaga.elections.models import Stage
from siaga.risk import selectors
from siaga.stations.models import Station
from tests.risk.factories import ElectionFactory, make_stations

pytestmark = pytest.mark.django_db


def _panel(client) -> str:
    page = client.get("/").content.decode()
    start = page.index('data-testid="risk-dashboard-panel"')
    return page[start : page.index("</div>", start)]


def _badges(panel: str) -> dict[str, str]:
    """category code → the badge text ("Rawan: 2")."""
    return dict(re.findall(r'data-category="([^"]*)">([^<]*)<', panel))


def test_the_panel_counts_tps_by_category(profile, stations, kapolres, login):
    Station.objects.filter(pk__in=[s.pk for s in stations["a"][:2]]).update(category="rawan")
    Station.objects.filter(pk=stations["b"][0].pk).update(category="sangat_rawan")
    panel = _panel(login(kapolres))
    assert profile.election.name in panel and "8 TPS" in panel
    assert _badges(panel) == {
        "kurang_rawan": "Kurang rawan: 5",
        "rawan": "Rawan: 2",
        "sangat_rawan": "Sangat rawan: 1",
        "khusus": "Khusus: 0",
    }
    assert "Belum ada TPS" not in panel


def test_the_panel_counts_only_the_users_scope(profile, stations, polsek_b_user, login):
    Station.objects.filter(pk=stations["b"][0].pk).update(category="rawan")
    badges = _badges(_panel(login(polsek_b_user)))
    assert badges["kurang_rawan"] == "Kurang rawan: 3" and badges["rawan"] == "Rawan: 1"


def test_tps_of_an_election_not_yet_opened_in_the_risk_app_are_shown(district, kapolres, login):
    """The reported bug: the election came from its risk profile, so TPS of an election without one (imported,
    never assessed) read "Belum ada TPS"."""
    election = ElectionFactory(unit=district.polres, name="Pilkada Baru")
    make_stations(district, election)
    panel = _panel(login(kapolres))
    assert "Pilkada Baru" in panel and "Belum ada TPS" not in panel
    assert _badges(panel)[""] == "Belum dinilai: 8"
    assert _badges(panel)["rawan"] == "Rawan: 0"


def test_the_panel_reads_the_active_election(district, kapolres, login):
    """Not simply the latest voting day: the one under way, else the nearest upcoming, else the latest; of a
    serentak round on one day, the election with the most TPS in scope."""
    today = timezone.localdate()
    past = ElectionFactory(unit=district.polres, name="Pemilu Lalu", voting_day=today - datetime.timedelta(days=400))
    current = ElectionFactory(unit=district.polres, name="Pilkada Berjalan", voting_day=today + datetime.timedelta(5))
    Stage.objects.create(
        election=current, name="Kampanye", start=today - datetime.timedelta(30), end=current.voting_day
    )
    later = today + datetime.timedelta(days=300)
    small = ElectionFactory(unit=district.polres, name="Pilkades Kecil", type="pilkades", voting_day=later)
    big = ElectionFactory(unit=district.polres, name="Pilkades Besar", type="pilkades", voting_day=later)
    for election, per_desa in ((past, 1), (current, 1), (small, 1), (big, 2)):
        make_stations(district, election, per_desa=per_desa)
    assert "Pilkada Berjalan" in _panel(login(kapolres))
    assert selectors.dashboard_panel(kapolres, today=today + datetime.timedelta(days=10))["election"] == big
    assert selectors.dashboard_panel(kapolres, today=later + datetime.timedelta(days=1))["election"] == big
    assert selectors.dashboard_panel(kapolres, today=past.voting_day)["election"] == past


def test_without_tps_in_scope_the_panel_says_so(district, polsek_a_user, login):
    other = ElectionFactory(unit=district.polres)
    make_stations(district, other)
    Station.objects.filter(unit=district.polsek_a).delete()
    panel = _panel(login(polsek_a_user))
    assert "Belum ada TPS." in panel and "data-category" not in panel
    assert selectors.dashboard_panel(polsek_a_user) == {"election": None}
