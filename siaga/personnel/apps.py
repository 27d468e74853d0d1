from django.apps import AppConfig


class PersonnelConfig(AppConfig):
    name = "siaga.personnel"
    label = "personnel"
