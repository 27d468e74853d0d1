from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "siaga.reports"
    label = "reports"
    verbose_name = "Laporan"

    def ready(self) -> None:
        from siaga.core.nav import (
            DashboardPanel,
            MapLayer,
            NavItem,
            dashboard_panel_register,
            map_layer_register,
            nav_register,
        )
        from siaga.reports.selectors import dashboard_panel_context

        nav_register(NavItem("Laporan", "reports:live", order=40))
        nav_register(NavItem("Kirim laporan", "reports:officer_form", order=41, perm="reports.submit"))
        nav_register(NavItem("Triase gagal", "reports:triage_failed", order=42, perm="reports.change"))
        # refresh every second: a new report shows on the dashboard map within 2 s (poll + request time)
        map_layer_register(MapLayer("laporan", "Laporan", "reports:geojson", order=60, refresh_seconds=1))
        dashboard_panel_register(DashboardPanel("reports/panel.html", dashboard_panel_context, order=10))

        from siaga.reports.history import register_history_providers

        register_history_providers()

        from siaga.core.housekeeping import housekeeping_register
        from siaga.reports.services.deferred import triage_sweep

        housekeeping_register("triase laporan tertunda", triage_sweep)
