"""Photo checks for report uploads: size limit and a real image (Pillow, or magic bytes without Pillow)."""

from __future__ import annotations

from siaga.reports.errors import ReportError

MAX_PHOTO_BYTES = 5 * 1024 * 1024
MAX_PHOTOS = 5
_MAGIC = (
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
)


def sniff(head: bytes) -> str | None:
    """The image type from the first bytes: JPEG, PNG or WebP; None for anything else."""
    for magic, content_type in _MAGIC:
        if head.startswith(magic):
            return content_type
    if len(head) >= 12 and head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    return None


def _pillow_verify(upload) -> bool:
    try:
        from PIL import Image
    except ImportError:  # Pillow is optional: the magic-byte check stands alone
        return True
    try:
        upload.seek(0)
        with Image.open(upload) as img:
            img.verify()
        return True
    except Exception:  # noqa: BLE001 - any decoder failure means "not a usable image"
        return False
    finally:
        upload.seek(0)


def photo_check(upload, *, index: int = 1) -> str:
    """Validate one uploaded file; returns its content type or raises ReportError (HTTP 400/413)."""
    name = getattr(upload, "name", f"foto {index}")
    if upload.size > MAX_PHOTO_BYTES:
        raise ReportError(f"Foto '{name}' terlalu besar: maksimal 5 MB.", status=413, field="photos")
    upload.seek(0)
    content_type = sniff(upload.read(16))
    upload.seek(0)
    if content_type is None or not _pillow_verify(upload):
        raise ReportError(f"Berkas '{name}' bukan foto JPEG, PNG atau WebP yang sah.", field="photos")
    return content_type


def photos_check(uploads) -> list[tuple[object, str]]:
    uploads = list(uploads or [])
    if len(uploads) > MAX_PHOTOS:
        raise ReportError(f"Paling banyak {MAX_PHOTOS} foto per laporan.", field="photos")
    return [(upload, photo_check(upload, index=i)) for i, upload in enumerate(uploads, 1)]
