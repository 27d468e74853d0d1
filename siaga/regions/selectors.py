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
        "code", "name", "level", "kind", "lat", "lon", "coord_source", "boundary"
    ):
        props = {"code": region.code, "name": str(region), "level": region.level, "approx": region.is_approximate}
        if region.boundary and region.level in (2, 3):
            geometry = {"type": "Polygon", "coordinates": region.boundary["coordinates"]}
            features.append({"type": "Feature", "geometry": geometry, "properties": {**props, "kind": "boundary"}})
        if region.lat is not None and region.level >= 3:
            point = {"type": "Point", "coordinates": [region.lon, region.lat]}
            features.append({"type": "Feature", "geometry": point, "properties": {**props, "kind": "region"}})
    return {"type": "FeatureCollection", "features": features}
