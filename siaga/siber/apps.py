from django.apps import AppConfig


class SiberConfig(AppConfig):
    name = "siaga.siber"
    label = "siber"
    verbose_name = "Patroli siber"

    def ready(self) -> None:
        from siaga.core.nav import MapLayer, NavItem, map_layer_register, nav_register

        nav_register(NavItem("Patroli siber", "siber:post_list", order=75, perm="siber.view", police_only=True))
        map_layer_register(
            MapLayer("siber_narasi", "Narasi siber", "siber:narratives_geojson", order=75, perm="siber.view")
        )
