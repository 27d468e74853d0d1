from django.apps import AppConfig


class HqConfig(AppConfig):
    """The top layer: the command dashboard and the demo district, built from every other app."""

    name = "siaga.hq"
    label = "hq"
    verbose_name = "Markas"

    def ready(self) -> None:
        from siaga.core.nav import NavItem, nav_register

        nav_register(NavItem("Dasbor", "hq:dashboard", order=0))
