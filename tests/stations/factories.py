import factory

from siaga.stations.models import Station
from tests.elections.factories import ElectionFactory


class StationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Station

    election = factory.SubFactory(ElectionFactory)
    number = factory.Sequence(lambda n: n + 1)
    address = "Jl. Uji"
    lat = -8.2
    lon = 113.4
    voters_male = 240
    voters_female = 245


def stations_for(district, election, *, per_desa=3, categories=("kurang_rawan", "rawan", "sangat_rawan")):
    """Stations in every desa of the test district, Polsek set as the importer would, categories cycling."""
    made = []
    for desa_list, polsek in ((district.desa_a, district.polsek_a), (district.desa_b, district.polsek_b)):
        for desa in desa_list:
            for number in range(1, per_desa + 1):
                made.append(
                    StationFactory(
                        election=election,
                        desa=desa,
                        number=number,
                        unit=polsek,
                        lat=desa.lat + number / 1000,
                        lon=desa.lon,
                        category=categories[(number - 1) % len(categories)],
                    )
                )
    return made
