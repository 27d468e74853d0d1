"""Alert levels (Siaga I/II/III) per unit, set by the Kapolres/Wakapolres (`reports.alert`)."""

from __future__ import annotations

from siaga.core import access
from siaga.reports.errors import ReportError
from siaga.reports.models import AlertLevel
from siaga.units.models import Unit


def alert_level_set(*, unit: Unit, level: int, user, note: str = "", is_demo: bool = False) -> AlertLevel:
    if not access.can(user, "reports.alert"):
        raise ReportError("Hanya Kapolres atau Wakapolres yang dapat menetapkan tingkat siaga.", status=403)
    if level not in AlertLevel.Level.values:
        raise ReportError("Tingkat siaga harus Siaga I, II atau III.", field="level")
    if not unit.is_police or not access.in_scope(user, unit):
        raise ReportError("Satuan tidak valid atau di luar wilayah Anda.", field="unit")
    return AlertLevel.objects.create(
        unit=unit, level=level, note=note[:250], set_by=access.acting_user(user), is_demo=is_demo
    )
