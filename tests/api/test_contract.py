"""Schemathesis over the whole API (/api/openapi.json), every operation, with a real bearer token of a Polres ops
user in the persona district: no 5xx, every status code documented, content types and bodies as documented."""

from datetime import timedelta

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from schemathesis.generation import GenerationMode

from siaga.accounts.models import ApiToken
from siaga.deployment import services as deployment_services
from siaga.patrols.services import patrol_plan_create
from siaga.risk.services import categories_recompute, profile_get_or_create
from tests.deployment.factories import election_for, operation_for, strength, tps
from tests.patrols.factories import PatrolTeamFactory, ShiftFactory, VulnerableObjectFactory
from tests.reports.factories import submit

pytestmark = pytest.mark.django_db

CHECKS = [
    schemathesis.checks.not_a_server_error,
    schemathesis.checks.status_code_conformance,
    schemathesis.checks.content_type_conformance,
    schemathesis.checks.response_schema_conformance,
]
# Valid inputs (must be answered as documented) and invalid ones (must be refused with a documented 4xx).
EXAMPLES = {GenerationMode.POSITIVE: 8, GenerationMode.NEGATIVE: 4}


@pytest.fixture
def world(district, ops_user, kapolres, field_a_user, django_capture_on_commit_callbacks):
    """Something behind most ids a generator tries first: an election with TPS and kerawanan, a computed
    deployment plan, patrol objects, teams and a plan of today, reports."""
    election = election_for(district)
    operation = operation_for(district, election)
    tps(district, election, per_desa=3, categories=("kurang_rawan", "rawan", "sangat_rawan"))
    profile_get_or_create(election=election)
    categories_recompute(election=election)
    strength(district, per_polsek=6, at_polres=3)
    plan = deployment_services.deployment_plan_create(user=ops_user, operation=operation, election=election)
    deployment_services.deployment_plan_compute(plan=plan)
    for i in range(3):
        VulnerableObjectFactory(unit=district.polsek_a, name=f"PPK {i}", lat=-8.23 + i / 300, lon=113.33, desa=None)
    team = PatrolTeamFactory(unit=district.polsek_a, name="Tim Jombang", base_lat=-8.23, base_lon=113.33)
    team.members.set([field_a_user])
    ShiftFactory(team=team)
    today = timezone.localdate()
    with django_capture_on_commit_callbacks(execute=True):
        patrol_plan_create(unit=district.polres, date_from=today, date_to=today + timedelta(days=1), actor=ops_user)
    for text in ("Ada pembagian amplop berisi uang oleh tim sukses", "Baliho calon dirusak orang tak dikenal"):
        submit(kapolres, text=text)
    return election


@pytest.fixture
def api_schema(world, ops_user, monkeypatch):
    """The app over WSGI in this process, inside the test's transaction (as Django's test client does it)."""
    from config.wsgi import application

    monkeypatch.setenv("SIAGA_GATEWAY_SECRET", "rahasia-skema")
    token = ApiToken.issue(user=ops_user, name="skema")[1]
    headers = {"Authorization": f"Bearer {token}", "X-Siaga-Gateway-Secret": "rahasia-skema"}
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", application, headers=headers)
    yield schema, headers
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


def test_every_operation_answers_as_documented(api_schema):
    schema, headers = api_schema
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 35, "every router's operations are in the schema"
    failures = {}
    for operation in operations:
        for mode, examples in EXAMPLES.items():

            @given(case=operation.as_strategy(generation_mode=mode))
            @settings(
                max_examples=examples,
                deadline=None,
                suppress_health_check=list(HealthCheck),
                derandomize=True,
                database=None,
            )
            def check(case):
                case.call_and_validate(headers=headers, checks=CHECKS)

            try:
                check()
            except Exception as exc:  # collect every operation's failure, not only the first one
                failures[f"{operation.method.upper()} {operation.path} ({mode.value})"] = str(exc)[:1500]
    assert not failures, "\n\n".join(f"{op}\n{text}" for op, text in failures.items())
