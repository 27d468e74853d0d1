from django.apps import AppConfig


class CoordinationConfig(AppConfig):
    name = "siaga.coordination"
    label = "coordination"
    verbose_name = "Koordinasi"

    def ready(self) -> None:
        from siaga.coordination import selectors, services
        from siaga.core.housekeeping import housekeeping_register
        from siaga.core.nav import DashboardPanel, NavItem, dashboard_panel_register, nav_register
        from siaga.elections.selectors import register_calendar_source

        nav_register(NavItem("Rapat", "coordination:meetings", order=70))
        nav_register(NavItem("Arahan", "coordination:directives", order=71, police_only=True))
        nav_register(NavItem("Mitra", "coordination:directory", order=72, police_only=True))
        nav_register(NavItem("Pilkades", "coordination:rounds", order=73, police_only=True))
        register_calendar_source(selectors.meeting_calendar_items)
        housekeeping_register("coordination.escalate", services.directive_escalate_overdue_chore)
        dashboard_panel_register(
            DashboardPanel("coordination/htmx/dashboard_panel.html", selectors.dashboard_panel, order=70)
        )
