from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "siaga.core"
    label = "core"
    verbose_name = "Inti"

    def ready(self) -> None:
        from siaga.core import audit  # noqa: F401  (connects the audit signal handlers)
        from siaga.core.nav import NavItem, nav_register

        nav_register(NavItem("Dasbor", "core:dashboard", order=0))
        nav_register(NavItem("Satuan", "units:tree", order=80))
        nav_register(NavItem("Jejak audit", "core:audit", order=95, perm="core.audit"))
