"""Official region outlines: a GeoJSON or zipped Shapefile of kecamatan/desa replaces Siaga's approximations.

Features are matched to Kemendagri regions by code (the usual attribute names of BIG, BPS-derived and Pemda
files) or, within one kabupaten/kota, by name. The import is all or nothing: one feature that cannot be read or
matched stops it, and every such feature is reported by its position in the file."""

from __future__ import annotations

import re
import uuid
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction

from siaga.core.access import require
from siaga.core.audit import audit_record
from siaga.engine.simplify import simplify_polygons, vertex_count
from siaga.regions.boundary_files import (
    MAX_FILE_BYTES,
    MAX_VERTICES_STORED,
    BoundaryFeature,
    BoundaryFileError,
    read_boundary_file,
)
from siaga.regions.models import Region

# Attribute names holding a Kemendagri code (compared case-insensitively). BPS codes (kdebps, idsls) differ from
# Kemendagri's and are deliberately absent.
CODE_KEYS = (
    "kode",
    "kode_desa",
    "kode_kel",
    "kode_kelurahan",
    "kode_kec",
    "kode_kecamatan",
    "kode_wilayah",
    "kode_kemendagri",
    "kode_kemdagri",
    "kdepum",
    "kdcpum",
    "kd_desa",
    "kd_kec",
    "kodedesa",
    "kodekec",
    "code",
    "region_code",
)
DESA_NAME_KEYS = ("nama_desa", "desa", "wadmkd", "nm_desa", "nama_kel", "kelurahan", "desa_kel", "village")
KECAMATAN_NAME_KEYS = ("nama_kec", "kecamatan", "wadmkc", "nm_kec", "nama_kecamatan", "district")
GENERIC_NAME_KEYS = ("nama", "name", "namobj", "nm", "nama_wilayah")
LEVEL_WORDS = {"kecamatan": 3, "desa": 4}
_PREFIXES = re.compile(r"^(DESA|KELURAHAN|KEL|KECAMATAN|KEC|DISTRIK|KAMPUNG|NAGARI|GAMPONG)\s+")


class BoundaryError(ValueError):
    """The import was refused; `errors` lists the features at fault as job error rows."""

    def __init__(self, message: str, errors: list | None = None):
        super().__init__(message)
        self.errors = errors or []


@dataclass
class _Match:
    region: Region | None
    error: str = ""


def normalize_name(value) -> str:
    text = re.sub(r"[^A-Z0-9]+", " ", str(value or "").upper()).strip()
    return _PREFIXES.sub("", text)


def normalize_code(value) -> str:
    """'35.09.01.2001', '3509012001', 3509012001.0 → '35.09.01.2001'; '' when it does not look like a code."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value or "").strip().replace(" ", "")
    if re.fullmatch(r"\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?", text):
        return text
    if re.fullmatch(r"\d{2}|\d{4}|\d{6}|\d{10}", text):
        parts = [text[:2], text[2:4], text[4:6], text[6:10]]
        return ".".join(p for p in parts if p)
    return ""


def _prop(props: dict, keys: tuple[str, ...]) -> str:
    lowered = {k.lower(): v for k, v in props.items()}
    for key in keys:
        value = lowered.get(key)
        if value not in (None, ""):
            return str(value).strip()
    return ""


class _Matcher:
    def __init__(self, *, kabupaten: Region | None, level: int | None):
        self.kabupaten = kabupaten
        self.level = level
        qs = Region.objects.filter(level__in=(3, 4) if level is None else (level,))
        if kabupaten is not None:
            qs = qs.filter(code__startswith=kabupaten.code + ".")
        self.by_code = {r.code: r for r in qs.only("code", "name", "level", "kind", "parent_id")}
        self.by_name: dict[tuple[int, str], list[Region]] = defaultdict(list)
        names = {r.code: normalize_name(r.name) for r in self.by_code.values()}
        self.parent_name = {r.code: names.get(r.parent_id, "") for r in self.by_code.values()}
        for region in self.by_code.values():
            self.by_name[(region.level, names[region.code])].append(region)

    def match(self, props: dict) -> _Match:
        raw_code = _prop(props, CODE_KEYS)
        code = normalize_code(raw_code)
        if code and code in self.by_code:
            return _Match(self.by_code[code])
        desa, kec, generic = (
            _prop(props, DESA_NAME_KEYS),
            _prop(props, KECAMATAN_NAME_KEYS),
            _prop(props, GENERIC_NAME_KEYS),
        )
        if self.kabupaten is None:
            if raw_code:
                return _Match(None, f"kode '{raw_code}' tidak dikenal{self._level_hint()}")
            return _Match(
                None,
                "tidak ada kode Kemendagri (kode, kode_desa, KDEPUM, …); pilih kabupaten/kota "
                "agar fitur dicocokkan menurut nama",
            )
        if self.level == 3 or (self.level is None and kec and not desa and not generic):
            level, name, parent = 3, kec or generic, ""
        elif self.level == 4 or desa:
            level, name, parent = 4, desa or generic, kec
        else:
            level, name, parent = None, generic, ""
        where = self.kabupaten.name
        code_note = f"kode '{raw_code}' tidak dikenal di {where} dan " if raw_code else ""
        if not name:
            if raw_code:
                return _Match(None, f"{code_note}tidak ada nama wilayah")
            return _Match(None, "tidak ada kode Kemendagri maupun nama wilayah")
        key = normalize_name(name)
        candidates = [r for lv in ((level,) if level else (3, 4)) for r in self.by_name.get((lv, key), [])]
        if parent and len(candidates) > 1:
            candidates = [r for r in candidates if self.parent_name.get(r.code) == normalize_name(parent)]
        if len(candidates) == 1:
            return _Match(candidates[0])
        if not candidates:
            return _Match(None, f"{code_note}nama '{name}' tidak ditemukan di {where}")
        return _Match(
            None, f"nama '{name}' ada di {len(candidates)} wilayah {where}; sertakan kode Kemendagri atau kecamatan"
        )

    def _level_hint(self) -> str:
        return {3: " sebagai kecamatan", 4: " sebagai desa/kelurahan"}.get(self.level, " sebagai kecamatan/desa")


def boundaries_import(
    *, actor, data: bytes, filename: str, source: str, kabupaten: str = "", level: str = "", progress=None
) -> dict:
    """Read, match and store official outlines; all or nothing. Returns counts per level and a summary."""
    require(actor, "regions.change")
    source = " ".join((source or "").split())
    if not source:
        raise BoundaryError("Sumber batas wajib diisi (mis. 'BIG RBI 2023' atau 'Bappeda Kab. Jember 2024').")
    if len(source) > 200:
        raise BoundaryError("Sumber batas paling panjang 200 karakter.")
    level_no = LEVEL_WORDS.get(level or "")
    if level and level_no is None:
        raise BoundaryError("Tingkat wilayah harus 'kecamatan' atau 'desa'.")
    kab = None
    if kabupaten:
        kab = Region.objects.filter(code=kabupaten.strip(), level=Region.Level.KABUPATEN).first()
        if kab is None:
            raise BoundaryError(f"Kabupaten/kota dengan kode '{kabupaten}' tidak ada; muat wilayahnya dahulu.")
    if progress:
        progress(0, 3, "Membaca berkas batas…")
    try:
        features = read_boundary_file(data, filename)
    except BoundaryFileError as exc:
        raise BoundaryError(str(exc)) from exc
    if progress:
        progress(1, 3, f"Mencocokkan {len(features)} fitur dengan wilayah…")
    assigned, errors = _match_all(features, _Matcher(kabupaten=kab, level=level_no))
    if errors:
        raise BoundaryError(
            f"{len(errors)} dari {len(features)} fitur tidak dapat dipakai; tidak ada batas yang disimpan.",
            errors=errors,
        )
    if progress:
        progress(2, 3, f"Menyimpan {len(assigned)} batas wilayah…")
    regions = []
    simplified = sum(1 for f in features if f.simplified)
    for region, polygons in assigned.values():
        if vertex_count(polygons) > MAX_VERTICES_STORED:  # several features merged into one region
            polygons = simplify_polygons(polygons, MAX_VERTICES_STORED)
        region.boundary = (
            {"type": "Polygon", "coordinates": polygons[0]}
            if len(polygons) == 1
            else {"type": "MultiPolygon", "coordinates": polygons}
        )
        region.boundary_source = source
        regions.append(region)
    counts = {"kecamatan": sum(1 for r in regions if r.level == 3), "desa": sum(1 for r in regions if r.level == 4)}
    with transaction.atomic():
        Region.objects.bulk_update(regions, ["boundary", "boundary_source"], batch_size=500)
        audit_record(
            action="import",
            model="regions.Region",
            object_repr=f"Batas resmi: {filename}"[:200],
            changes={**counts, "source": source, "features": len(features)},
        )
    summary = f"{counts['kecamatan']} kecamatan dan {counts['desa']} desa/kelurahan memakai batas resmi ({source})" + (
        f"; {simplified} garis batas disederhanakan." if simplified else "."
    )
    return {**counts, "features": len(features), "simplified": simplified, "summary": summary, "message": summary}


def _match_all(features: list[BoundaryFeature], matcher: _Matcher):
    assigned: dict[str, tuple[Region, list]] = {}
    errors = []
    for feature in features:
        if feature.error:
            errors.append(
                {"row": feature.index, "column": "geometri", "message": f"Fitur #{feature.index}: {feature.error}."}
            )
            continue
        found = matcher.match(feature.properties)
        if found.region is None:
            errors.append(
                {"row": feature.index, "column": "wilayah", "message": f"Fitur #{feature.index}: {found.error}."}
            )
            continue
        code = found.region.code
        if code in assigned:  # one region drawn as several features (islands): one MultiPolygon
            assigned[code][1].extend(feature.polygons)
        else:
            assigned[code] = (found.region, list(feature.polygons))
    return assigned, errors


def boundaries_import_enqueue(*, upload, source: str, kabupaten: str = "", level: str = "", user):
    """Store the upload and run the import as a background job (admin only)."""
    from siaga.core.jobs import job_enqueue
    from siaga.regions.jobs import run_boundaries_import

    require(user, "regions.change")
    suffix = Path(upload.name).suffix.lower()
    if suffix not in (".geojson", ".json", ".zip"):
        raise BoundaryError("Format berkas tidak didukung: unggah GeoJSON (.geojson) atau Shapefile dalam .zip.")
    if upload.size > MAX_FILE_BYTES:
        raise BoundaryError(f"Berkas terlalu besar: paling besar {MAX_FILE_BYTES // (1024 * 1024)} MB.")
    if not " ".join((source or "").split()):
        raise BoundaryError("Sumber batas wajib diisi (mis. 'BIG RBI 2023' atau 'Bappeda Kab. Jember 2024').")
    folder = Path(settings.MEDIA_ROOT) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{uuid.uuid4().hex}{suffix}"
    with path.open("wb") as handle:
        for chunk in upload.chunks():
            handle.write(chunk)
    return job_enqueue(
        runner=run_boundaries_import,
        title=f"Impor batas wilayah resmi ({upload.name})",
        params={"path": str(path), "filename": upload.name, "source": source, "kabupaten": kabupaten, "level": level},
        user=user,
    )
