"""Build gazetteer entries from the ``lokal`` package (Kemendagri region codes and names)."""

from __future__ import annotations

from .gazetteer import LEVELS, Gazetteer, GazetteerEntry


def lokal_entries(prefix: str) -> list[GazetteerEntry]:
    """Regions whose code is ``prefix`` or starts with ``prefix + "."`` (e.g. "35.09" → Kabupaten Jember with its
    kecamatan and desa/kelurahan). An empty prefix returns the whole country (about 91,000 entries)."""
    from lokal import wilayah

    prefix = prefix.strip().rstrip(".")
    out: list[GazetteerEntry] = []
    for table in (wilayah._base(), wilayah._desa()):
        for code, name in table.items():
            if not prefix or code == prefix or code.startswith(prefix + "."):
                out.append(_entry(code, name))
    return out


def _entry(code: str, name: str) -> GazetteerEntry:
    depth = code.count(".")
    parent = code.rsplit(".", 1)[0] if depth else None
    return GazetteerEntry(code, name, LEVELS[min(depth, 3)], parent)


def gazetteer_from_lokal(prefix: str) -> Gazetteer:
    """A Gazetteer for a region code prefix, e.g. ``gazetteer_from_lokal("35.09")`` for Kabupaten Jember."""
    return Gazetteer(lokal_entries(prefix))
