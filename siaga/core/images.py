"""Uploaded photos (report photos, patrol check-ins): only real JPEG, PNG or WebP images are kept, and never as sent.

Each upload is decoded by Pillow and encoded again (which also drops EXIF data such as the sender's GPS position)
into a file whose extension is that of the decoded type, so a file that merely starts like a PNG but carries HTML
or SVG never reaches the disk, and neither does the sender's file name or claimed type."""

from __future__ import annotations

import io
import uuid

from django.core.files.base import ContentFile
from PIL import Image, ImageOps

MAX_PIXELS = 40_000_000  # a 5 MB file may still decode to gigabytes (a "decompression bomb")
MAX_SIDE = 4096  # larger photos are scaled down when encoded again
# Pillow format → (content type, extension, save options)
FORMATS = {
    "JPEG": ("image/jpeg", "jpg", {"quality": 85, "optimize": True}),
    "PNG": ("image/png", "png", {"optimize": True}),
    "WEBP": ("image/webp", "webp", {"quality": 85}),
}
EXTENSIONS = {content_type: ext for content_type, ext, _ in FORMATS.values()}


class ImageRejected(Exception):
    """Not a usable JPEG/PNG/WebP image; `too_large` when it is one but decodes to too many pixels."""

    def __init__(self, *, too_large: bool = False):
        super().__init__("too large" if too_large else "not an image")
        self.too_large = too_large


def _decode(upload) -> Image.Image:
    upload.seek(0)
    try:
        with Image.open(upload, formats=list(FORMATS)) as probe:
            if probe.width * probe.height > MAX_PIXELS:
                raise ImageRejected(too_large=True)
            probe.verify()
        upload.seek(0)
        image = Image.open(upload, formats=list(FORMATS))
        image.load()
    except ImageRejected:
        raise
    except Exception as exc:  # noqa: BLE001 - any decoder failure means "not a usable image"
        raise ImageRejected() from exc
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


def image_reencode(upload, *, stem: str | None = None) -> tuple[ContentFile, str]:
    """Decode `upload` and encode it again: (a file named `<stem or random>.<ext>`, its content type)."""
    image = _decode(upload)
    fmt = image.format
    try:
        data = _encode(image, fmt)
    except Exception as exc:  # noqa: BLE001 - an image Pillow reads but cannot write again is refused too
        raise ImageRejected() from exc
    content_type, ext, _ = FORMATS[fmt]
    return ContentFile(data, name=f"{stem or uuid.uuid4().hex}.{ext}"), content_type


def photo_response(fieldfile, *, filename: str):
    """Serve a stored photo: the type its (generated) extension names, inline under a neutral name, in a sandbox.
    Raises Http404 when the file is missing. Callers check first that the user may see what it belongs to."""
    from django.http import FileResponse, Http404

    ext = fieldfile.name.rsplit(".", 1)[-1].lower() if fieldfile.name and "." in fieldfile.name else ""
    content_type = next((ct for ct, e in EXTENSIONS.items() if e == ext), "application/octet-stream")
    if not fieldfile.name or not fieldfile.storage.exists(fieldfile.name):
        raise Http404("Foto tidak ditemukan.")
    response = FileResponse(fieldfile.open("rb"), content_type=content_type, filename=f"{filename}.{ext or 'bin'}")
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, max-age=3600"
    return response
