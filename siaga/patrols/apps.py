from django.apps import AppConfig


class PatrolsConfig(AppConfig):
    name = "siaga.patrols"
    label = "patrols"
    verbose_name = "Patroli gabungan"

    def ready(self) -> None:
        from siaga.core.nav import (
            DashboardPanel,
            MapLayer,
            NavItem,
            dashboard_panel_register,
            map_layer_register,
            nav_register,
        )
        from siaga.patrols.coverage import today_panel

        nav_register(NavItem("Patroli", "patrols:map", order=60))
        nav_register(NavItem("Patroli saya", "patrols:my_patrol", order=61))
        map_layer_register(MapLayer("patroli_objek", "Objek rawan", "patrols:objects_geojson", order=60))
        map_layer_register(MapLayer("patroli_rute", "Rute patroli hari ini", "patrols:routes_geojson", order=61))
        dashboard_panel_register(DashboardPanel("patrols/htmx/dashboard_panel.html", today_panel, order=60))
