from django.apps import AppConfig


class CommandConfig(AppConfig):
    name = "siaga.command"
    label = "command"
    verbose_name = "Komando Polda/Mabes"

    def ready(self) -> None:
        from siaga.command import figures, selectors
        from siaga.core.housekeeping import housekeeping_register
        from siaga.core.nav import DashboardPanel, NavItem, dashboard_panel_register, nav_register
        from siaga.deployment.panels import plan_panel_register

        housekeeping_register("command.figures", figures.figures_refresh_chore)
        nav_register(NavItem("Rekap Polda", "command:rollup", order=5, perm="command.view", police_only=True))
        plan_panel_register("command/_plan_bko.html", selectors.plan_bko_panel)
        dashboard_panel_register(
            DashboardPanel("command/htmx/dashboard_panel.html", selectors.dashboard_panel, order=5)
        )
