from django.apps import AppConfig


class RiskConfig(AppConfig):
    name = "siaga.risk"
    label = "risk"
    verbose_name = "Kerawanan TPS"

    def ready(self):
        from siaga.core.nav import DashboardPanel, NavItem, dashboard_panel_register, nav_register
        from siaga.risk import hooks, selectors

        nav_register(NavItem("Kerawanan", "risk:index", order=30, police_only=True))
        dashboard_panel_register(DashboardPanel("risk/htmx/dashboard_panel.html", selectors.dashboard_panel, order=30))
        hooks.register_station_hooks()
