import datetime

from siaga.elections.models import Election, Operation
from siaga.stations.models import Station
from tests.personnel.factories import squad


def election_for(district) -> Election:
    election = Election.objects.create(
        name="Pilkada Bupati Jember 2024", type="pilkada", unit=district.polres, voting_day=datetime.date(2024, 11, 27)
    )
    election.regions.set([district.kabupaten])
    return election


def operation_for(district, election) -> Operation:
    op = Operation.objects.create(
        name="Ops Mantap Praja Uji",
        unit=district.polres,
        start=datetime.date(2024, 8, 19),
        end=datetime.date(2024, 12, 31),
    )
    op.elections.set([election])
    return op


def tps(district, election, *, per_desa: int, categories=("kurang_rawan",)) -> list[Station]:
    """per_desa TPS in each of the 4 test desa; categories cycle; coordinates near the desa point."""
    made = []
    for desa_list, polsek in ((district.desa_a, district.polsek_a), (district.desa_b, district.polsek_b)):
        for desa in desa_list:
            for number in range(1, per_desa + 1):
                made.append(
                    Station.objects.create(
                        election=election,
                        desa=desa,
                        number=number,
                        unit=polsek,
                        address=f"Jl. Uji {number}",
                        lat=desa.lat + number / 1500,
                        lon=desa.lon + (number % 3) / 1500,
                        voters_male=200,
                        voters_female=210,
                        category=categories[(number - 1) % len(categories)],
                    )
                )
    return made


def strength(district, *, per_polsek: int, at_polres: int = 0):
    """Officers in both Polsek and (optionally) at the Polres HQ."""
    people = squad(district.polsek_a, per_polsek) + squad(district.polsek_b, per_polsek)
    return people + (squad(district.polres, at_polres) if at_polres else [])
