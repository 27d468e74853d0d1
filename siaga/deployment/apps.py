from django.apps import AppConfig


class DeploymentConfig(AppConfig):
    name = "siaga.deployment"
    label = "deployment"
