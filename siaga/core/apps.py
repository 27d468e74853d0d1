from django.apps import AppConfig, apps


class CoreConfig(AppConfig):
    name = "siaga.core"
    label = "core"
    verbose_name = "Inti"

    def ready(self) -> None:
        from django.utils.module_loading import autodiscover_modules

        from siaga.core import access, audit  # noqa: F401  (audit connects its signal handlers)
        from siaga.core.nav import NavItem, nav_register

        # every app declares its permissions in <app>/permissions.py (PERMISSIONS), as admin.py is discovered
        autodiscover_modules("permissions", register_to=None)
        for config in apps.get_app_configs():
            module = getattr(config.module, "permissions", None)
            if module is not None and hasattr(module, "PERMISSIONS"):
                access.permissions_register(*module.PERMISSIONS)
        nav_register(NavItem("Jejak audit", "core:audit", order=95, perm="core.audit"))
        # background job runners register themselves in <app>/jobs.py and importers in <app>/importer(.py) when
        # imported (siaga.core.jobs): both are discovered here, so that the worker knows every runner
        autodiscover_modules("jobs", "importer", register_to=None)
        # PostgreSQL: the coming months' partitions of the partitioned tables (siaga/core/partitions.py)
        from siaga.core.housekeeping import housekeeping_register
        from siaga.core.partitions import partitions_chore

        housekeeping_register("core.partitions", partitions_chore)
