from django.apps import AppConfig


class StationsConfig(AppConfig):
    name = "siaga.stations"
    label = "stations"
