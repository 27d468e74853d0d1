"""Alert levels (Siaga I/II/III) per unit, set by the Kapolres/Wakapolres (`reports.alert`)."""

from __future__ import annotations

from siaga.reports.errors import ReportError
from siaga.reports.models import AlertLevel
from siaga.units.models import Unit


def alert_level_set(*, unit: Unit, level: int, user, note: str = "", is_demo: bool = False) -> AlertLevel:
    if user is not None and not user.can("reports.alert"):
        raise ReportError("Hanya Kapolres atau Wakapolres yang dapat menetapkan tingkat siaga.", status=403)
    if level not in AlertLevel.Level.values:
        raise ReportError("Tingkat siaga harus Siaga I, II atau III.", field="level")
    if not unit.is_police or (user is not None and not Unit.objects.restrict(user).filter(pk=unit.pk).exists()):
        raise ReportError("Satuan tidak valid atau di luar wilayah Anda.", field="unit")
    return AlertLevel.objects.create(unit=unit, level=level, note=note[:250], set_by=user, is_demo=is_demo)
