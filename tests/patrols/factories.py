from datetime import time

import factory

from siaga.patrols.models import PatrolTeam, Shift, VulnerableObject


class VulnerableObjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VulnerableObject

    kind = "kpu"
    name = factory.Sequence(lambda n: f"Objek {n}")
    lat = -8.17
    lon = 113.7
    base_weight = 5


class PatrolTeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PatrolTeam

    name = factory.Sequence(lambda n: f"Tim {n}")
    polri_count = 3
    tni_count = 2
    base_lat = -8.2
    base_lon = 113.5
    speed_kmh = 40
    visits_per_shift = 4


class ShiftFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Shift

    name = "Pagi"
    start = time(8)
    end = time(14)
    days = "0123456"
