from django.apps import AppConfig


class CommunityConfig(AppConfig):
    name = "siaga.community"
    label = "community"
    verbose_name = "Binmas dan sambang"

    def ready(self) -> None:
        from siaga.community.selectors import dashboard_panel
        from siaga.core.nav import (
            DashboardPanel,
            MapLayer,
            NavItem,
            dashboard_panel_register,
            map_layer_register,
            nav_register,
        )

        nav_register(NavItem("Binmas", "community:dashboard", order=70, perm="community.view"))
        nav_register(NavItem("Sambang", "community:visit_form", order=71, perm="community.visit"))
        map_layer_register(
            MapLayer(
                "binmas_cakupan", "Cakupan sambang desa", "community:coverage_geojson", order=70, perm="community.view"
            )
        )
        dashboard_panel_register(DashboardPanel("community/htmx/dashboard_panel.html", dashboard_panel, order=70))
