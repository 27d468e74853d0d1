from django.apps import AppConfig


class AnalysisConfig(AppConfig):
    name = "siaga.analysis"
    label = "analysis"
    verbose_name = "Anev"

    def ready(self) -> None:
        from siaga.analysis import services
        from siaga.core.housekeeping import housekeeping_register
        from siaga.core.nav import NavItem, nav_register

        housekeeping_register("analysis.sislap", services.sislap_due_chore)

        nav_register(NavItem("Register kamtibmas", "analysis:cases", order=80, perm="analysis.view", police_only=True))
        nav_register(NavItem("Anev", "analysis:anev", order=81, perm="analysis.view", police_only=True))
