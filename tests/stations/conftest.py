import pytest

from tests.elections.factories import ElectionFactory
from tests.stations.factories import stations_for


@pytest.fixture
def election(district):
    return ElectionFactory(name="Pilkada Bupati Jember 2024", unit=district.polres, regions=[district.kabupaten])


@pytest.fixture
def stations(district, election):
    return stations_for(district, election)
