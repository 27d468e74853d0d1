"""Schemathesis over the command operations with a Polda Karoops's token (the foundation contract test runs them
as a Polres ops user, who is refused): no 5xx, every status code documented, bodies as documented."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.generation import GenerationMode

from siaga.accounts.models import ApiToken
from siaga.command import services
from siaga.command.figures import figures_refresh
from tests.api.test_contract import CHECKS

pytestmark = pytest.mark.django_db
EXAMPLES = {GenerationMode.POSITIVE: 5, GenerationMode.NEGATIVE: 3}


@pytest.fixture
def command_schema(polda_world, karoops):
    from config.wsgi import application

    figures_refresh(full=True)
    services.bko_propose(actor=karoops, scope=polda_world.jatim)
    token = ApiToken.issue(user=karoops, name="skema")[1]
    headers = {"Authorization": f"Bearer {token}"}
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", application, headers=headers)
    yield schema, headers
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


def test_command_operations_answer_as_documented(command_schema):
    schema, headers = command_schema
    operations = [r.ok() for r in schema.get_all_operations()]
    operations = [op for op in operations if op.path.startswith("/api/command/")]
    assert len(operations) == 4
    failures = {}
    for operation in operations:
        for mode, examples in EXAMPLES.items():

            @given(case=operation.as_strategy(generation_mode=mode))
            @settings(max_examples=examples, deadline=None, suppress_health_check=list(HealthCheck),
                      derandomize=True, database=None)  # fmt: skip
            def check(case):
                case.call_and_validate(headers=headers, checks=CHECKS)

            try:
                check()
            except Exception as exc:
                failures[f"{operation.method.upper()} {operation.path} ({mode.value})"] = str(exc)[:1500]
    assert not failures, "\n\n".join(f"{op}\n{text}" for op, text in failures.items())
