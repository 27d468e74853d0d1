from django.apps import AppConfig


class ElectionsConfig(AppConfig):
    name = "siaga.elections"
    label = "elections"
    verbose_name = "Pemilihan dan operasi"

    def ready(self):
        from siaga.core.nav import NavItem, nav_register

        nav_register(NavItem("Pemilihan", "elections:list", order=20))
        nav_register(NavItem("Kalender", "elections:calendar", order=21))
