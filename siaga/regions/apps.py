from django.apps import AppConfig


class RegionsConfig(AppConfig):
    name = "siaga.regions"
    label = "regions"
    verbose_name = "Wilayah"

    def ready(self):
        from siaga.core.nav import NavItem, nav_register

        nav_register(NavItem("Batas wilayah", "regions:boundaries_upload", order=96, perm="regions.change"))
