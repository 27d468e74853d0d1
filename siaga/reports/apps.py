from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "siaga.reports"
    label = "reports"
