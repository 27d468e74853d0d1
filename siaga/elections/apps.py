from django.apps import AppConfig


class ElectionsConfig(AppConfig):
    name = "siaga.elections"
    label = "elections"
