import pytest

from siaga.risk.services import categories_recompute, profile_get_or_create
from tests.risk.factories import ElectionFactory, make_stations


@pytest.fixture
def election(district):
    return ElectionFactory(unit=district.polres, type="pemilu")


@pytest.fixture
def stations(district, election):
    return make_stations(district, election)


@pytest.fixture
def profile(election, stations):
    profile = profile_get_or_create(election=election)
    categories_recompute(election=election)
    return profile
