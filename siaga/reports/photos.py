"""Report photos: size and count limits; the image itself is checked and encoded again by siaga.core.images
(generated name, the verified type's extension, no EXIF)."""

from __future__ import annotations

from django.core.files.base import ContentFile

from siaga.core.images import EXTENSIONS, ImageRejected, image_reencode
from siaga.reports.errors import ReportError

__all__ = ["EXTENSIONS", "MAX_PHOTOS", "MAX_PHOTO_BYTES", "photo_check", "photos_check"]

MAX_PHOTO_BYTES = 5 * 1024 * 1024
MAX_PHOTOS = 5


def photo_check(upload, *, index: int = 1) -> tuple[ContentFile, str]:
    """Validate and re-encode one uploaded file: (the file to store, its content type), or raise ReportError."""
    name = str(getattr(upload, "name", "") or f"foto {index}")[:80]
    if upload.size > MAX_PHOTO_BYTES:
        raise ReportError(f"Foto '{name}' terlalu besar: maksimal 5 MB.", status=413, field="photos")
    try:
        return image_reencode(upload)
    except ImageRejected as exc:
        if exc.too_large:
            raise ReportError(f"Foto '{name}' terlalu besar resolusinya.", status=413, field="photos") from exc
        raise ReportError(f"Berkas '{name}' bukan foto JPEG, PNG atau WebP yang sah.", field="photos") from exc


def photos_check(uploads) -> list[tuple[ContentFile, str]]:
    uploads = list(uploads or [])
    if len(uploads) > MAX_PHOTOS:
        raise ReportError(f"Paling banyak {MAX_PHOTOS} foto per laporan.", field="photos")
    return [photo_check(upload, index=i) for i, upload in enumerate(uploads, 1)]
