from django.apps import AppConfig


class AnalysisConfig(AppConfig):
    name = "siaga.analysis"
    label = "analysis"
    verbose_name = "Anev"

    def ready(self) -> None:
        from siaga.analysis import services
        from siaga.analysis.forecast import register_forecast_providers
        from siaga.core.housekeeping import housekeeping_register
        from siaga.core.nav import MapLayer, NavItem, map_layer_register, nav_register

        housekeeping_register("analysis.sislap", services.sislap_due_chore)

        nav_register(NavItem("Register kamtibmas", "analysis:cases", order=80, perm="analysis.view", police_only=True))
        nav_register(NavItem("Anev", "analysis:anev", order=81, perm="analysis.view", police_only=True))
        nav_register(
            NavItem("Usulan objek patroli", "analysis:proposals", order=82, perm="analysis.view", police_only=True)
        )
        # next week's hot-spot forecast on the dashboard map; it also raises patrol object weights around it
        map_layer_register(
            MapLayer("hotspot_perkiraan", "Perkiraan hot spot 7 hari", "analysis:forecast_geojson", order=55,
                     perm="analysis.view")
        )  # fmt: skip
        register_forecast_providers()
