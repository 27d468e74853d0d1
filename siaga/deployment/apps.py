from django.apps import AppConfig


class DeploymentConfig(AppConfig):
    name = "siaga.deployment"
    label = "deployment"
    verbose_name = "Plotting personel"

    def ready(self) -> None:
        from siaga.core.nav import DashboardPanel, NavItem, dashboard_panel_register, nav_register
        from siaga.deployment.selectors import dashboard_panel

        nav_register(NavItem(label="Plotting", url_name="deployment:list", order=45, police_only=True))
        nav_register(NavItem(label="Tugas saya", url_name="deployment:my_card", order=90, police_only=True))
        dashboard_panel_register(DashboardPanel("deployment/htmx/dashboard_panel.html", dashboard_panel, order=40))
