"""Schemathesis over the whole API (/api/openapi.json) with a valid token: no generated input may cause a 5xx."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings

from siaga.accounts.models import ApiToken

pytestmark = pytest.mark.django_db


@pytest.fixture
def api_schema(db, token):
    """The app over WSGI in this process, inside the test's transaction (as Django's test client does it)."""
    from config.wsgi import application

    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield schemathesis.openapi.from_wsgi("/api/openapi.json", application, headers={"Authorization": f"Bearer {token}"})
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.fixture
def token(district, ops_user, monkeypatch):
    monkeypatch.setenv("SIAGA_GATEWAY_SECRET", "rahasia-skema")
    return ApiToken.issue(user=ops_user, name="skema")[1]


def test_the_api_never_answers_5xx(api_schema, token, kapolres):
    from tests.reports.factories import submit

    submit(kapolres, text="Laporan awal agar ada data untuk dibaca")
    headers = {"Authorization": f"Bearer {token}", "X-Siaga-Gateway-Secret": "rahasia-skema"}
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert any(op.path == "/api/reports/" and op.method.upper() == "POST" for op in operations)
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=8, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True, database=None
        )
        def check(case):
            case.call_and_validate(headers=headers, checks=[schemathesis.checks.not_a_server_error])

        check()
