"""The desa a kerawanan write names must lie in the actor's jurisdiction (a desa is not a scoped record itself)."""

from django.core.exceptions import PermissionDenied

from siaga.core import access


def desa_require(actor, desa) -> None:
    """Refuse a desa outside the regions of the actor's unit (or, for a unit without regions, its parent's)."""
    if access.is_admin(actor):
        return
    unit = getattr(actor, "unit", None)
    roots = list(unit.regions.all()) if unit is not None else []
    if not roots and unit is not None and unit.parent_id:
        roots = list(unit.parent.regions.all())
    if not any(desa.code == r.code or desa.code.startswith(r.code + ".") for r in roots):
        raise PermissionDenied("Desa ini di luar wilayah hukum satuan Anda.")
