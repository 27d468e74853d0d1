"""One table of workflow actions (siaga/reports/actions.py) behind both the report page and the API: the page
offers exactly the actions the table allows this user on this report, the API exposes every one of them."""

import json

import pytest

from config.api import api
from siaga.reports.actions import ACTIONS, ActionInput, actions_for, report_action
from siaga.reports.errors import ReportError
from tests.reports.factories import desa_point, submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def report_a(district, kapolres):
    report = submit(kapolres, text="Ada pembagian amplop uang oleh tim sukses", **desa_point(district.desa_a[0]))
    assert report.unit_id == district.polsek_a.pk
    return report


def test_every_action_of_the_table_is_an_api_operation():
    paths = api.get_openapi_schema()["paths"]
    for name in ACTIONS:
        operations = paths.get(f"/api/reports/{{pk}}/{name}", {})
        assert "post" in operations, f"tindakan {name} tidak ada di API"
        assert operations["post"]["operationId"] == f"report_{name}"


def test_the_table_offers_what_the_boundary_allows_in_the_reports_status(
    report_a, ops_user, polsek_a_user, polsek_b_user, partner_user, viewer_user
):
    assert set(actions_for(user=ops_user, report=report_a)) == {
        "verify", "assign", "escalate", "reject", "lokasi", "share"
    }  # fmt: skip
    assert "share" not in actions_for(user=polsek_a_user, report=report_a)  # a Kapolsek does not share
    assert "verify" in actions_for(user=polsek_a_user, report=report_a)
    for outsider in (polsek_b_user, partner_user, viewer_user):
        assert actions_for(user=outsider, report=report_a) == {}
    report_action(report=report_a, user=ops_user, name="verify", data=ActionInput())
    report_a.refresh_from_db()
    assert {"start", "assign", "reject"} <= set(actions_for(user=ops_user, report=report_a))
    assert "verify" not in actions_for(user=ops_user, report=report_a)


def test_an_unknown_action_is_refused():
    with pytest.raises(ReportError) as refused:
        report_action(report=None, user=None, name="hapus", data=ActionInput())
    assert refused.value.status == 404


def test_the_page_shows_exactly_the_offered_forms(report_a, login, ops_user, polsek_b_user):
    page = login(ops_user).get(f"/laporan/{report_a.pk}/").text
    for name in ("verify", "assign", "escalate", "reject", "share"):
        assert f"/laporan/{report_a.pk}/aksi/{name}/" in page, name
    assert f"/laporan/{report_a.pk}/aksi/start/" not in page


def test_page_and_api_run_the_same_action(report_a, login, api_client, ops_user):
    client = login(ops_user)
    response = client.post(f"/laporan/{report_a.pk}/aksi/verify/", {"category": "politik_uang", "severity": "3"})
    assert response.status_code == 302
    report_a.refresh_from_db()
    assert report_a.status == "verified" and report_a.category_id == "politik_uang" and report_a.severity == 3
    api, headers = api_client(ops_user)
    answer = api.post(
        f"/api/reports/{report_a.pk}/start", json.dumps({"note": "Menuju lokasi"}), "application/json", headers=headers
    )
    assert answer.status_code == 200 and answer.json()["status"] == "handling"
