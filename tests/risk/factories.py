"""Factories for kerawanan tests: an election over the test district and its TPS."""

import datetime

import factory

from siaga.elections.models import Election
from siaga.stations.models import Station


class ElectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Election

    name = factory.Sequence(lambda n: f"Pilkada Uji {n}")
    type = "pemilu"
    voting_day = datetime.date(2024, 2, 14)


class StationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Station

    election = factory.SubFactory(ElectionFactory)
    number = factory.Sequence(lambda n: n + 1)
    address = "Balai desa"
    lat = -8.2
    lon = 113.4
    voters_male = 120
    voters_female = 130


def make_stations(district, election, per_desa: int = 2) -> dict[str, list[Station]]:
    """`per_desa` TPS in each desa of both Polsek sectors: {"a": [...], "b": [...]}."""
    out = {"a": [], "b": []}
    for key, desas, unit in (("a", district.desa_a, district.polsek_a), ("b", district.desa_b, district.polsek_b)):
        for desa in desas:
            for number in range(1, per_desa + 1):
                out[key].append(StationFactory(election=election, desa=desa, number=number, unit=unit))
    return out
