"""Schemathesis over the command operations with a Polda Karoops's token (the foundation contract test runs them
as a Polres ops user, who is refused): no 5xx, every status code documented, bodies as documented."""

import pytest
from schemathesis.generation import GenerationMode

from siaga.command import services
from siaga.command.figures import figures_refresh
from tests.api.contract import failures_report, operation_failures, wsgi_schema

pytestmark = pytest.mark.django_db
EXAMPLES = {GenerationMode.POSITIVE: 5, GenerationMode.NEGATIVE: 3}


@pytest.fixture
def command_schema(polda_world, karoops):
    figures_refresh(full=True)
    services.bko_propose(actor=karoops, scope=polda_world.jatim)
    with wsgi_schema(karoops) as loaded:
        yield loaded


def test_command_operations_answer_as_documented(command_schema):
    schema, headers = command_schema
    operations = [r.ok() for r in schema.get_all_operations()]
    operations = [op for op in operations if op.path.startswith("/api/command/")]
    assert len(operations) == 4
    failures = operation_failures(operations, headers, EXAMPLES)
    assert not failures, failures_report(failures)
