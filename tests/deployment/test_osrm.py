"""Optional OSRM road times: used when it answers, straight line x circuity (plus a problem) when it fails."""

import json

import numpy as np
import pytest

from siaga.deployment import osrm, services

pytestmark = pytest.mark.django_db

ORIGINS = np.array([[-8.17, 113.70], [-8.20, 113.60]])
DESTS = np.array([[-8.25, 113.40], [-8.30, 113.50], [-8.10, 113.80]])


def test_it_falls_back_to_straight_line_when_the_server_is_unreachable():
    travel = osrm.OsrmTravel("http://127.0.0.1:9", speed_kmh=40, circuity=1.3, timeout=0.5)
    minutes = travel(ORIGINS, DESTS)
    assert minutes.shape == (2, 3) and np.all(minutes > 0)
    np.testing.assert_allclose(minutes, travel.straight(ORIGINS, DESTS))
    assert travel.problem["code"] == "osrm_fallback" and "garis lurus" in travel.problem["message"]


def test_it_uses_the_osrm_table_when_it_answers(monkeypatch):
    calls = []

    class Response:
        def __init__(self, body):
            self.body = body

        def read(self):
            return self.body

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

    def fake_urlopen(url, timeout):
        calls.append(url)
        return Response(json.dumps({"code": "Ok", "durations": [[600, 1200, 60], [300, None, 90]]}).encode())

    monkeypatch.setattr(osrm.urllib.request, "urlopen", fake_urlopen)
    travel = osrm.OsrmTravel("http://osrm.example", speed_kmh=40, circuity=1.3)
    minutes = travel(ORIGINS, DESTS)
    assert "/table/v1/driving/113.700000,-8.170000;" in calls[0] and "sources=0;1" in calls[0]
    assert minutes[0].tolist() == [10.0, 20.0, 1.0]
    assert minutes[1, 1] == pytest.approx(travel.straight(ORIGINS, DESTS)[1, 1])  # null duration -> straight line
    assert travel.problem is None


def test_a_plan_with_a_dead_osrm_server_completes_and_reports_it(
    settings, district, computed_plan, operation, election, ops_user
):
    settings.SIAGA_OSRM_URL = "http://127.0.0.1:9"
    plan = services.deployment_plan_create(user=ops_user, operation=operation, election=election)
    services.deployment_plan_compute(plan=plan)
    codes = [p["code"] for p in plan.result["app_problems"]]
    assert "osrm_fallback" in codes and plan.summary["posts"] == computed_plan.summary["posts"]
