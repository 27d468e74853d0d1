"""Post import on the core import framework: CSV/XLSX exports of monitoring tools (a JSON export is converted to
the same rows by the upload page). Every row is validated first (a bad row or column is reported, nothing is
written), then every post is stored in one transaction; a post already stored (same platform and post id) is
counted as replayed, not stored twice."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from siaga.core import access
from siaga.core.imports import CellError, Column, Importer
from siaga.core.jobs import job_runner
from siaga.siber.choices import Platform, Source
from siaga.siber.services.posts import MAX_TEXT, PostInput, clean_input, platform_code, posts_ingest

JSON_MAX_ITEMS = 20_000


def _text(value):
    """The post's text as written (not refused for a leading '=' or '-': posts are stored, never evaluated)."""
    text = "" if value is None else str(value).strip()
    if not text:
        raise CellError("Teks unggahan kosong.")
    if len(text) > MAX_TEXT:
        raise CellError(f"Teks terlalu panjang ({len(text)} karakter; paling banyak 100000).")
    return text


def _platform(value):
    code = platform_code("" if value is None else str(value))
    if code is None:
        names = ", ".join(p.label for p in Platform)
        raise CellError(f"Platform '{str(value or '')[:40]}' tidak dikenal ({names}).")
    return code


def _time(value):
    if value is None or str(value).strip() == "":
        raise CellError("Waktu unggah wajib diisi.")
    if isinstance(value, datetime):
        return value
    text = str(value).strip().replace("Z", "+00:00")
    for parse in (datetime.fromisoformat, lambda t: datetime.strptime(t, "%d-%m-%Y %H:%M"),
                  lambda t: datetime.strptime(t, "%d/%m/%Y %H:%M")):  # fmt: skip
        try:
            return parse(text)
        except ValueError:
            continue
    raise CellError(f"Waktu unggah '{text[:40]}' tidak dikenali (contoh: 2024-11-20 14:30 atau 20-11-2024 14:30).")


def _account(value):
    text = "" if value is None else str(value).strip()
    if not text:
        raise CellError("Akun pengunggah wajib diisi.")
    if len(text) > 150:
        raise CellError(f"Akun terlalu panjang ({len(text)} karakter; paling banyak 150).")
    return text


def _id(value):
    text = "" if value is None else str(value).strip()
    if text.endswith(".0") and text[:-2].isdigit():  # a spreadsheet turned the id into a number
        text = text[:-2]
    if not text:
        raise CellError("ID unggahan wajib diisi.")
    return text[:200]


@job_runner("siber.import")
class PostImporter(Importer):
    title = "Impor unggahan media sosial"
    permission = "siber.change"
    max_bytes = 20 * 1024 * 1024
    max_rows = 20_000
    header_search_rows = 1
    audit_model = "siber.Post"
    columns = (
        Column("platform", "platform", ("network", "sumber"), required=True, parse=_platform),
        Column("post_id", "id_unggahan", ("post id", "id", "id unggahan", "tweet id", "status id"), required=True,
               parse=_id),
        Column("account", "akun", ("account", "username", "author", "user", "pengunggah"), required=True,
               parse=_account),
        Column("account_name", "nama_akun", ("author name", "name", "nama"), max_length=200, default=""),
        Column("text", "teks", ("text", "isi", "content", "message", "caption", "tweet"), required=True,
               parse=_text),
        Column("posted_at", "waktu", ("time", "date", "created at", "published", "waktu unggah", "posted at"),
               required=True, parse=_time),
        Column("reach", "jangkauan", ("reach", "views", "impressions", "followers"), kind="int", min_value=0,
               default=0),
        Column("engagement", "interaksi", ("engagement", "likes", "interactions"), kind="int", min_value=0,
               default=0),
        Column("url", "tautan", ("url", "link", "permalink"), max_length=500, default=""),
        Column("media_url", "media", ("media url", "image", "gambar"), max_length=500, default=""),
    )  # fmt: skip

    def check_params(self) -> None:
        from siaga.units.models import Unit

        self.unit = Unit.objects.filter(pk=self.params.get("unit_id")).first()
        if self.unit is None:
            raise ValidationError("Satuan tujuan impor tidak ditemukan.")
        access.require(self.actor, self.permission, unit=self.unit)

    def clean_row(self, row):
        if row.failed:
            return None
        v = row.values
        item = PostInput(
            platform=v["platform"], text=v["text"], account=v["account"], posted_at=v["posted_at"],
            external_id=v["post_id"], account_name=v["account_name"], reach=v["reach"] or 0,
            engagement=v["engagement"] or 0, url=v["url"], media_url=v["media_url"],
        )  # fmt: skip
        try:
            clean_input(item)
        except ValidationError as exc:
            keys = {"text": "text", "platform": "platform", "account": "account", "posted_at": "posted_at",
                    "external_id": "post_id", "reach": "reach", "engagement": "engagement"}  # fmt: skip
            for key, messages in exc.message_dict.items():
                row.error(keys.get(key, "text"), " ".join(messages))
            return None
        return item

    def audit_object(self):
        return self.unit.pk, f"Impor unggahan ke {self.unit}"

    def write(self, items: list) -> dict:
        result = posts_ingest(items=items, source=Source.IMPORT, actor=self.actor, unit=self.unit)
        flagged = sum(1 for p in result["posts"] if p.flags)
        summary = (f"{result['created']} unggahan baru ({flagged} ditandai), "
                   f"{result['replayed']} sudah ada sebelumnya (tidak disimpan dua kali).")  # fmt: skip
        return {"created": result["created"], "replayed": result["replayed"], "flagged": flagged,
                "summary": summary, "message": summary}  # fmt: skip


JSON_FIELDS = {
    "platform": ("platform", "network"),
    "id_unggahan": ("post_id", "id", "id_unggahan", "tweet_id"),
    "akun": ("account", "akun", "username", "author", "user"),
    "nama_akun": ("account_name", "nama_akun", "author_name", "name"),
    "teks": ("text", "teks", "content", "message", "caption"),
    "waktu": ("posted_at", "time", "created_at", "date", "waktu"),
    "jangkauan": ("reach", "views", "jangkauan"),
    "interaksi": ("engagement", "likes", "interaksi"),
    "tautan": ("url", "link", "tautan", "permalink"),
    "media": ("media_url", "media", "image"),
}


def json_to_csv_upload(upload) -> SimpleUploadedFile:
    """A monitoring tool's JSON export (a list of objects, or {"posts"|"data"|"items": [...]}) as the CSV the
    importer reads; nested `user`/`author` objects give the account. Refused with a clear message otherwise."""
    if upload.size is not None and upload.size > PostImporter.max_bytes:
        raise ValidationError("Berkas JSON terlalu besar; batas impor ini 20 MB.")
    try:
        data = json.loads(upload.read().decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValidationError(f"Berkas JSON tidak dapat dibaca: {str(exc)[:120]}.") from exc
    if isinstance(data, dict):
        data = next((data[k] for k in ("posts", "data", "items", "results") if isinstance(data.get(k), list)), None)
    if not isinstance(data, list) or not data:
        raise ValidationError("Berkas JSON harus berisi daftar unggahan (list of objects).")
    if len(data) > JSON_MAX_ITEMS:
        raise ValidationError(f"Berkas JSON berisi {len(data)} unggahan; paling banyak {JSON_MAX_ITEMS}.")
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(list(JSON_FIELDS))
    for number, item in enumerate(data, start=1):
        if not isinstance(item, dict):
            raise ValidationError(f"Unggahan ke-{number} pada berkas JSON bukan objek.")
        writer.writerow([_json_value(item, keys) for keys in JSON_FIELDS.values()])
    name = (upload.name or "impor.json").rsplit(".", 1)[0] + ".csv"
    return SimpleUploadedFile(name, buffer.getvalue().encode("utf-8"), content_type="text/csv")


def _json_value(item: dict, keys: tuple[str, ...]):
    for key in keys:
        value = item.get(key)
        if isinstance(value, dict):  # {"user": {"screen_name": ...}}
            value = value.get("username") or value.get("screen_name") or value.get("name")
        if value not in (None, ""):
            return value if not isinstance(value, list | dict) else json.dumps(value)[:500]
    for nested in ("user", "author"):
        inner = item.get(nested)
        if isinstance(inner, dict) and keys[0] in ("account", "account_name"):
            value = inner.get("username" if keys[0] == "account" else "name") or inner.get("screen_name")
            if value:
                return value
    return ""
