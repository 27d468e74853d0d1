"""Photo uploads for reports: only real JPEG, PNG or WebP images are kept, and never as they were sent.

Each upload is decoded by Pillow and encoded again (which also drops EXIF data such as the reporter's GPS
position) and stored under a generated name whose extension is that of the decoded type, so a file that merely
starts like a PNG but carries HTML or SVG is refused, and the sender's file name and type never reach the disk."""

from __future__ import annotations

import io
import uuid

from django.core.files.base import ContentFile
from PIL import Image, ImageOps

from siaga.reports.errors import ReportError

MAX_PHOTO_BYTES = 5 * 1024 * 1024
MAX_PHOTOS = 5
MAX_PIXELS = 40_000_000  # a 5 MB file may still decode to gigabytes (a "decompression bomb")
MAX_SIDE = 4096  # larger photos are scaled down when re-encoded
# Pillow format → (content type, extension, save options)
FORMATS = {
    "JPEG": ("image/jpeg", "jpg", {"quality": 85, "optimize": True}),
    "PNG": ("image/png", "png", {"optimize": True}),
    "WEBP": ("image/webp", "webp", {"quality": 85}),
}
EXTENSIONS = {content_type: ext for content_type, ext, _ in FORMATS.values()}


def _refuse(name: str) -> ReportError:
    return ReportError(f"Berkas '{name}' bukan foto JPEG, PNG atau WebP yang sah.", field="photos")


def _decode(upload, name: str) -> Image.Image:
    upload.seek(0)
    try:
        with Image.open(upload, formats=list(FORMATS)) as probe:
            if probe.width * probe.height > MAX_PIXELS:
                raise ReportError(f"Foto '{name}' terlalu besar resolusinya.", status=413, field="photos")
            probe.verify()
        upload.seek(0)
        image = Image.open(upload, formats=list(FORMATS))
        image.load()
    except ReportError:
        raise
    except Exception as exc:  # noqa: BLE001 - any decoder failure means "not a usable image"
        raise _refuse(name) from exc
    finally:
        upload.seek(0)
    return image


def _encode(image: Image.Image, fmt: str) -> bytes:
    out = ImageOps.exif_transpose(image)  # keep the photo upright once its EXIF orientation is dropped
    out.thumbnail((MAX_SIDE, MAX_SIDE))
    if fmt == "JPEG" and out.mode not in ("RGB", "L"):
        out = out.convert("RGB")
    elif out.mode not in ("RGB", "RGBA", "L", "LA", "P"):
        out = out.convert("RGBA")
    buf = io.BytesIO()
    out.save(buf, fmt, **FORMATS[fmt][2])
    return buf.getvalue()


def photo_check(upload, *, index: int = 1) -> tuple[ContentFile, str]:
    """Validate and re-encode one uploaded file: (the file to store, its content type), or raise ReportError."""
    name = str(getattr(upload, "name", "") or f"foto {index}")[:80]
    if upload.size > MAX_PHOTO_BYTES:
        raise ReportError(f"Foto '{name}' terlalu besar: maksimal 5 MB.", status=413, field="photos")
    image = _decode(upload, name)
    fmt = image.format
    try:
        data = _encode(image, fmt)
    except Exception as exc:  # noqa: BLE001 - an image Pillow reads but cannot write again is refused too
        raise _refuse(name) from exc
    content_type, ext, _ = FORMATS[fmt]
    return ContentFile(data, name=f"{uuid.uuid4().hex}.{ext}"), content_type


def photos_check(uploads) -> list[tuple[ContentFile, str]]:
    uploads = list(uploads or [])
    if len(uploads) > MAX_PHOTOS:
        raise ReportError(f"Paling banyak {MAX_PHOTOS} foto per laporan.", field="photos")
    return [photo_check(upload, index=i) for i, upload in enumerate(uploads, 1)]
