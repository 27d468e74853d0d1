import pytest

from siaga.deployment import services
from tests.deployment.factories import election_for, operation_for, strength, tps


@pytest.fixture
def election(district):
    return election_for(district)


@pytest.fixture
def operation(district, election):
    return operation_for(district, election)


@pytest.fixture
def mixed_tps(district, election):
    """24 TPS: per desa 6, cycling kurang rawan / rawan / sangat rawan."""
    return tps(district, election, per_desa=6, categories=("kurang_rawan", "rawan", "sangat_rawan"))


@pytest.fixture
def computed_plan(district, election, operation, mixed_tps, ops_user):
    strength(district, per_polsek=20, at_polres=10)
    plan = services.deployment_plan_create(user=ops_user, operation=operation, election=election)
    return services.deployment_plan_compute(plan=plan)
