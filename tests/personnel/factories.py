import factory

from siaga.personnel.models import Personnel


class PersonnelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Personnel

    nrp = factory.Sequence(lambda n: f"{88010000 + n}")
    name = factory.Sequence(lambda n: f"Personel Uji {n}")
    rank = "brigpol"
    function = "samapta"
    home_lat = -8.2
    home_lon = 113.4


def squad(unit, n: int, *, lat=None, lon=None, **extra) -> list[Personnel]:
    """n officers of `unit` living near its HQ (or at lat/lon)."""
    lat = unit.lat if lat is None else lat
    lon = unit.lon if lon is None else lon
    return [PersonnelFactory(unit=unit, home_lat=lat + i / 2000, home_lon=lon, **extra) for i in range(n)]
