"""Schemathesis over the whole API (/api/openapi.json), every operation, with a real bearer token of a Polres ops
user in the persona district: no 5xx, every status code documented, content types and bodies as documented."""

from datetime import timedelta

import pytest
from django.utils import timezone
from schemathesis.generation import GenerationMode

from siaga.deployment import services as deployment_services
from siaga.patrols.services import patrol_plan_create
from siaga.risk.services import categories_recompute, profile_get_or_create
from tests.api.contract import failures_report, operation_failures, wsgi_schema
from tests.deployment.factories import election_for, operation_for, strength, tps
from tests.patrols.factories import PatrolTeamFactory, ShiftFactory, VulnerableObjectFactory
from tests.reports.factories import submit

pytestmark = pytest.mark.django_db

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
    monkeypatch.setenv("SIAGA_GATEWAY_SECRET", "rahasia-skema")
    with wsgi_schema(ops_user, extra_headers={"X-Siaga-Gateway-Secret": "rahasia-skema"}) as loaded:
        yield loaded


def test_every_operation_answers_as_documented(api_schema):
    schema, headers = api_schema
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 35, "every router's operations are in the schema"
    failures = operation_failures(operations, headers, EXAMPLES)
    assert not failures, failures_report(failures)
