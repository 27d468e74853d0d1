from django.apps import AppConfig


class AnalysisConfig(AppConfig):
    name = "siaga.analysis"
    label = "analysis"
    verbose_name = "Anev"
