from siaga.regions.models import Region
from siaga.units.models import Unit


def unit_tree(*, user):
    return Unit.objects.restrict(user).select_related("parent").prefetch_related("regions")


def units_responsible_for(*, region: Region):
    """Units whose jurisdiction includes the region or one of its ancestors (nearest first)."""
    codes = [region.code]
    parts = region.code.split(".")
    codes += [".".join(parts[:i]) for i in range(len(parts) - 1, 0, -1)]
    units = list(Unit.objects.filter(regions__code__in=codes).distinct())
    return sorted(units, key=lambda u: -u.depth)


def polsek_by_desa(*, kabupaten_code: str) -> dict[str, int]:
    """Map desa code → id of the Polsek responsible (jurisdiction over the desa or its kecamatan)."""
    mapping: dict[str, int] = {}
    links = Unit.regions.through.objects.filter(
        unit__kind=Unit.Kind.POLSEK, region__code__startswith=kabupaten_code + "."
    ).values_list("unit_id", "region__code", "region__level")
    by_kec = {code: unit_id for unit_id, code, level in links if level == 3}
    by_desa = {code: unit_id for unit_id, code, level in links if level == 4}
    desa_codes = Region.objects.filter(level=4, code__startswith=kabupaten_code + ".").values_list("code", flat=True)
    for code in desa_codes:
        unit_id = by_desa.get(code) or by_kec.get(code.rsplit(".", 1)[0])
        if unit_id:
            mapping[code] = unit_id
    return mapping


def command_root(*, unit):
    """The Polres (or Polda) a unit works under: a Polsek's or a partner agency's nearest command above it."""
    current = unit
    while current.kind not in ("polres", "polda") and current.parent_id is not None:
        current = current.parent
    return current


def partners_for(*, user):
    """Partner agencies a user may share records with: those under the user's Polres (or Polda)."""
    if user.unit_id is None:
        return Unit.objects.none()
    root = command_root(unit=user.unit)
    return Unit.objects.filter(path__startswith=root.path).exclude(kind__in=Unit.POLICE_KINDS).order_by("name")


def units_geojson(*, user) -> dict:
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [u.lon, u.lat]},
            "properties": {"name": u.name, "kind": u.kind, "code": u.code},
        }
        for u in Unit.objects.restrict(user).exclude(lat=None)
    ]
    return {"type": "FeatureCollection", "features": features}
