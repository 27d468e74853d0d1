"""Writes for regions: loading the Kemendagri tree from the packages (idempotent upsert)."""

from django.db import transaction

from siaga.core.audit import audit_record
from siaga.regions.gazetteer import RegionRow, assign_coordinates, region_rows
from siaga.regions.models import Region
from siaga.regions.outlines import assign_boundaries

_UPDATE_FIELDS = [
    "name",
    "level",
    "kind",
    "parent",
    "lat",
    "lon",
    "coord_source",
    "postal_code",
    "boundary",
    "boundary_source",
]


class RegionError(ValueError):
    pass


def regions_load(*, prefix: str = "", batch_size: int = 5000) -> dict[int, int]:
    """Load every region under `prefix` ("" = whole country, "35" = Jawa Timur, "35.09" = Kab. Jember).

    Re-running updates names and computed coordinates in place; coordinates entered by hand are kept.
    Returns the number of regions per level."""
    prefix = prefix.strip().strip(".")
    rows = region_rows(prefix)
    if prefix and not any(r.code == prefix for r in rows):
        raise RegionError(f"Kode wilayah '{prefix}' tidak dikenal dalam data Kemendagri.")
    assign_coordinates(rows)
    outlines = assign_boundaries(rows)
    manual = set(Region.objects.filter(coord_source=Region.CoordSource.MANUAL).values_list("code", flat=True))
    # Imported official outlines survive a reload; only the approximations are recomputed.
    official = {
        code: (boundary, source)
        for code, boundary, source in Region.objects.exclude(boundary_source="").values_list(
            "code", "boundary", "boundary_source"
        )
    }
    outlines = {**outlines, **{code: boundary for code, (boundary, _) in official.items()}}
    sources = {code: source for code, (_, source) in official.items()}
    with transaction.atomic():
        for level in (1, 2, 3, 4):
            objs = [
                _to_model(r, outlines.get(r.code), sources.get(r.code, ""))
                for r in rows
                if r.level == level and r.code not in manual
            ]
            Region.objects.bulk_create(
                objs, batch_size=batch_size, update_conflicts=True, unique_fields=["code"], update_fields=_UPDATE_FIELDS
            )
        counts = {level: sum(1 for r in rows if r.level == level) for level in (1, 2, 3, 4)}
        audit_record(action="import", model="regions.Region", object_repr=prefix or "Indonesia", changes=counts)
    return counts


def _to_model(row: RegionRow, boundary: dict | None, boundary_source: str) -> Region:
    return Region(
        boundary=boundary,
        boundary_source=boundary_source,
        code=row.code,
        name=row.name,
        level=row.level,
        kind=row.kind,
        parent_id=row.parent,
        lat=row.lat,
        lon=row.lon,
        coord_source=row.coord_source,
        postal_code=row.postal_code,
    )
