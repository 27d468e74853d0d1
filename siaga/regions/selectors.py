import re

from siaga.regions.models import Region


def short_name(region: Region) -> str:
    """ "Kabupaten Jember" → "Jember", "Kota Malang" → "Malang"."""
    return re.sub(r"^(Kabupaten|Kota)\s+", "", region.name)


def jurisdiction_regions(*, user):
    """The regions of the user's unit with everything below them, down to two levels (desa for a Polres)."""
    unit = getattr(user, "unit", None)
    if unit is None:
        return Region.objects.none()
    roots = list(unit.regions.all())
    if not roots and unit.parent_id:
        roots = list(unit.parent.regions.all())
    if not roots:
        return Region.objects.none()
    top = min(r.level for r in roots)
    deepest = min(4, top + 2)
    qs = Region.objects.none()
    for root in roots:
        qs = qs | Region.objects.filter(code=root.code) | Region.objects.filter(code__startswith=root.code + ".")
    return qs.filter(level__lte=deepest).order_by("level", "code")


def jurisdiction_geojson(*, user) -> dict:
    features = []
    for region in jurisdiction_regions(user=user).only(
        "code", "name", "level", "kind", "lat", "lon", "coord_source", "boundary", "boundary_source"
    ):
        props = {"code": region.code, "name": str(region), "level": region.level, "approx": region.is_approximate}
        # Outlines: kabupaten and kecamatan always; desa only once an official outline was imported.
        if region.boundary and (region.level in (2, 3) or region.boundary_is_official):
            geometry = {"type": region.boundary.get("type", "Polygon"), "coordinates": region.boundary["coordinates"]}
            outline = {
                **props,
                "kind": "boundary",
                "approx": not region.boundary_is_official,
                "source": region.boundary_source,
            }
            features.append({"type": "Feature", "geometry": geometry, "properties": outline})
        if region.lat is not None and region.level >= 3:
            point = {"type": "Point", "coordinates": [region.lon, region.lat]}
            features.append({"type": "Feature", "geometry": point, "properties": {**props, "kind": "region"}})
    return {"type": "FeatureCollection", "features": features}


def kabupaten_choices(*, user) -> list[Region]:
    """Kabupaten/kota loaded in Siaga, the user's own first (for matching boundary features by name)."""
    own = {r.code for r in jurisdiction_regions(user=user).filter(level=Region.Level.KABUPATEN)}
    regions = list(Region.objects.filter(level=Region.Level.KABUPATEN).only("code", "name").order_by("code"))
    return sorted(regions, key=lambda r: (r.code not in own, r.code))


def official_boundary_counts() -> list[dict]:
    """How many kecamatan and desa carry an official outline, per source."""
    from django.db.models import Count

    return list(
        Region.objects.exclude(boundary_source="")
        .values("boundary_source", "level")
        .annotate(n=Count("code"))
        .order_by("boundary_source", "level")
    )
