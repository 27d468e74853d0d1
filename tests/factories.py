"""Shared factories (factory_boy). App-specific factories live in tests/<app>/factories.py."""

import factory

from siaga.accounts.models import User
from siaga.regions.models import Region
from siaga.units.models import Unit

TEST_PASSWORD = "uji-sandi-siaga-2024"


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"35.09.{n:02d}")
    name = factory.Sequence(lambda n: f"Wilayah {n}")
    level = 3
    kind = "kecamatan"
    lat = -8.17
    lon = 113.7
    coord_source = "approx"


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"unit-{n}")
    name = factory.Sequence(lambda n: f"Satuan {n}")
    kind = "polsek"
    lat = -8.17
    lon = 113.7


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Sequence(lambda n: f"Pengguna {n}")
    role = "viewer"
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)
