from django.apps import AppConfig


class CommunityConfig(AppConfig):
    name = "siaga.community"
    label = "community"
