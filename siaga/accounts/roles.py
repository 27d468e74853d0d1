"""Roles. What each role may do is declared by each app in its `permissions.py` (see siaga.core.access); which
records it may touch comes from the unit tree and the level of the user's unit."""

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


# Role groups that the apps' permissions.py combine.
COMMAND = frozenset({"kapolres", "wakapolres"})
ALL_POLICE = frozenset({"kapolres", "wakapolres", "ops", "intel", "kapolsek", "field"})
