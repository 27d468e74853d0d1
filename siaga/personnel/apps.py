from django.apps import AppConfig


class PersonnelConfig(AppConfig):
    name = "siaga.personnel"
    label = "personnel"
    verbose_name = "Personel"

    def ready(self) -> None:
        from siaga.core.nav import NavItem, nav_register

        nav_register(NavItem(label="Personel", url_name="personnel:list", order=40, police_only=True))
