from django.apps import AppConfig


class UnitsConfig(AppConfig):
    name = "siaga.units"
    label = "units"
    verbose_name = "Satuan dan mitra"

    def ready(self) -> None:
        from siaga.core.nav import NavItem, nav_register

        nav_register(NavItem("Satuan", "units:tree", order=80))
