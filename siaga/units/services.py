from django.db import transaction

from siaga.core import access
from siaga.units.models import Unit


@transaction.atomic
def unit_create(
    *,
    code: str,
    name: str,
    kind: str,
    parent: Unit | None = None,
    regions=(),
    lat=None,
    lon=None,
    address: str = "",
    is_demo: bool = False,
    actor,
) -> Unit:
    """Create or update a unit by its code. The unit tree is kept by administrators (and the demo builder)."""
    access.require(actor, "units.change", parent if parent is not None else None)
    unit, _ = Unit.objects.update_or_create(
        code=code,
        defaults={
            "name": name,
            "kind": kind,
            "parent": parent,
            "lat": lat,
            "lon": lon,
            "address": address,
            "is_demo": is_demo,
        },
    )
    if regions:
        unit.regions.set(regions)
    return unit
