from django.apps import AppConfig


class RiskConfig(AppConfig):
    name = "siaga.risk"
    label = "risk"
