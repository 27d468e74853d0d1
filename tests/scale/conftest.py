"""Scale-out tests: a second Polres for the fan-out, and the `scale` marker.

Tests marked `@pytest.mark.scale` need the scale-out services that `.ci/scale-services` starts (Redis on its own
port, a streaming PostgreSQL replica) and run only when SIAGA_SCALE_TESTS=1 (the third step of `.ci/run`); in the
ordinary runs they are deselected, not skipped."""

from __future__ import annotations

import datetime
import os

import pytest


def pytest_configure(config):
    config.addinivalue_line("markers", "scale: needs Redis and a PostgreSQL replica (SIAGA_SCALE_TESTS=1, .ci/run)")


def pytest_collection_modifyitems(config, items):
    if os.environ.get("SIAGA_SCALE_TESTS") == "1":
        return
    deselected = [item for item in items if item.get_closest_marker("scale")]
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = [item for item in items if not item.get_closest_marker("scale")]


def second_polres(district):
    """Polres Lumajang (35.08) under the same Polda: one Polsek, two desa."""
    from tests.factories import RegionFactory, UnitFactory

    kab = RegionFactory(code="35.08", name="Kabupaten Lumajang", level=2, kind="kabupaten", parent=district.province,
                        lat=-8.13, lon=113.22)  # fmt: skip
    kec = RegionFactory(code="35.08.01", name="Tempursari", level=3, kind="kecamatan", parent=kab, lat=-8.30,
                        lon=113.05)  # fmt: skip
    desa = [
        RegionFactory(
            code=f"35.08.01.200{i}",
            name=f"Desa L{i}",
            level=4,
            kind="desa",
            parent=kec,
            lat=-8.30 + i / 200,
            lon=113.05,
        )  # fmt: skip
        for i in (1, 2)
    ]
    polres = UnitFactory(code="polres-lumajang", name="Polres Lumajang", kind="polres", parent=district.polda,
                         lat=-8.13, lon=113.22)  # fmt: skip
    polres.regions.set([kab])
    polsek = UnitFactory(code="polsek-tempursari", name="Polsek Tempursari", kind="polsek", parent=polres,
                         lat=-8.30, lon=113.05)  # fmt: skip
    polsek.regions.set([kec])
    return polres, polsek, kab, desa


def stations(election, unit, desa_list, per_desa: int):
    from siaga.stations.models import Station

    return [
        Station.objects.create(
            election=election,
            desa=desa,
            number=n,
            unit=unit,
            address=f"Jl. Uji {n}",
            lat=desa.lat + n / 1500,
            lon=desa.lon + (n % 3) / 1500,
            voters_male=200,
            voters_female=210,
            category=("kurang_rawan", "rawan", "sangat_rawan")[(n - 1) % 3],
        )  # fmt: skip
        for desa in desa_list
        for n in range(1, per_desa + 1)
    ]


class Polda:
    def __init__(self, district, operation, elections, polres):
        self.district, self.operation, self.elections, self.polres = district, operation, elections, polres


@pytest.fixture
def polda_operation(district):
    """A Polda-wide operation over two Polres (Jember, Lumajang), each with its Pilkada, TPS and officers."""
    from siaga.elections.models import Election, Operation
    from tests.personnel.factories import squad

    lumajang, tempursari, kab_l, desa_l = second_polres(district)
    jember = Election.objects.create(name="Pilkada Bupati Jember", type="pilkada", unit=district.polres,
                                     voting_day=datetime.date(2024, 11, 27))  # fmt: skip
    jember.regions.set([district.kabupaten])
    lum = Election.objects.create(name="Pilkada Bupati Lumajang", type="pilkada", unit=lumajang,
                                  voting_day=datetime.date(2024, 11, 27))  # fmt: skip
    lum.regions.set([kab_l])
    op = Operation.objects.create(name="Ops Mantap Praja Polda Uji", unit=district.polda,
                                  start=datetime.date(2024, 8, 19), end=datetime.date(2024, 12, 31))  # fmt: skip
    op.elections.set([jember, lum])
    stations(jember, district.polsek_a, district.desa_a, 3)
    stations(jember, district.polsek_b, district.desa_b, 3)
    stations(lum, tempursari, desa_l, 3)
    for unit in (district.polsek_a, district.polsek_b, tempursari):
        squad(unit, 12)
    squad(district.polres, 5)
    squad(lumajang, 5)
    return Polda(district, op, [jember, lum], [district.polres, lumajang])
