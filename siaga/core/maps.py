"""The configuration every map page hands to SiagaMapInit (static/siaga/map.js).

The basemap is, in order: an external tile server (SIAGA_TILE_URL), the local MBTiles file that Siaga serves
itself (SIAGA_TILES_MBTILES, raster only), or none (a plain background with points and outlines)."""

from django.conf import settings
from django.urls import reverse

from siaga.core.tiles import configured_tileset


def basemap() -> dict:
    if settings.SIAGA_TILE_URL:
        return {"tileUrl": settings.SIAGA_TILE_URL, "attribution": settings.SIAGA_TILE_ATTRIBUTION}
    tileset = configured_tileset()
    if tileset is None or not tileset.is_raster:
        return {"tileUrl": "", "attribution": ""}
    prefix = reverse("core:tile", kwargs={"tile": "0"}).removesuffix("0")
    config = {
        "tileUrl": prefix + "{z}/{x}/{y}." + tileset.format,
        "attribution": tileset.attribution,
        "tileLocal": True,
    }
    if tileset.minzoom is not None:
        config["tileMinZoom"] = tileset.minzoom
    if tileset.maxzoom is not None:
        config["tileMaxNativeZoom"] = tileset.maxzoom
    if tileset.bounds is not None:
        west, south, east, north = tileset.bounds
        config["tileBounds"] = [[south, west], [north, east]]
    return config


def map_config(layers: list[dict]) -> dict:
    """The JSON a page hands to SiagaMapInit."""
    return {**basemap(), "layers": layers}
