"""Roles and what each may do. Scope (which records) comes from the unit tree; this says which actions."""

from django.db import models


class Role(models.TextChoices):
    KAPOLRES = "kapolres", "Kapolres"
    WAKAPOLRES = "wakapolres", "Wakapolres"
    OPS = "ops", "Staf Bagops"
    INTEL = "intel", "Satintelkam"
    KAPOLSEK = "kapolsek", "Kapolsek"
    FIELD = "field", "Bhabinkamtibmas / Polisi RW"
    PARTNER = "partner", "Mitra (KPU, Bawaslu, TNI, Satpol PP)"
    VIEWER = "viewer", "Peninjau"
    ADMIN = "admin", "Administrator"


_COMMAND = {"kapolres", "wakapolres"}
_ALL_POLICE = {"kapolres", "wakapolres", "ops", "intel", "kapolsek", "field"}

PERMISSIONS: dict[str, set[str]] = {
    # app_label.action → roles (admin may do everything)
    "regions.change": set(),
    "units.change": set(),
    "elections.change": {"ops", "intel"},
    "stations.change": {"ops", "intel"},
    "risk.checklist": {"ops", "intel", "kapolsek", "field"},
    "risk.override": {"ops", "intel"} | _COMMAND,
    "risk.rules": {"ops", "intel"},
    "risk.notes": {"ops", "intel", "kapolsek"} | _COMMAND,
    "personnel.change": {"ops"},
    "deployment.change": {"ops"},
    "deployment.approve": {"ops"} | _COMMAND,
    "patrols.change": {"ops"},
    "patrols.plan": {"ops", "intel", "kapolsek"} | _COMMAND,
    "patrols.checkin": _ALL_POLICE | {"partner"},
    "reports.submit": _ALL_POLICE | {"partner"},
    "reports.change": {"ops", "intel", "kapolsek"} | _COMMAND,
    "reports.contact": {"intel"} | _COMMAND,
    "reports.share": {"ops", "intel"} | _COMMAND,
    "community.change": _ALL_POLICE,
    "analysis.change": {"ops", "intel"} | _COMMAND,
    "core.alert": _COMMAND,
    "core.audit": set(),
}


def user_can(user, perm: str) -> bool:
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser or user.role == Role.ADMIN:
        return True
    return user.role in PERMISSIONS.get(perm, set())
