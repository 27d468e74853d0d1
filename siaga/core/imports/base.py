"""The import pipeline every importer runs on: stage the upload, then in a background job read, validate every
row, and write all or nothing.

An importer is a class registered as a job runner (`@job_runner("<app_label>.import")`) that declares its
permission, size caps and columns, and implements `clean_row` (domain checks on one parsed row) and `write`
(called once inside the transaction with every valid row):

    @job_runner("personnel.import")
    class PersonnelImporter(Importer):
        title = "Impor personel"
        permission = "personnel.change"
        columns = (Column("nrp", "NRP", required=True), ...)

        def clean_row(self, row): ...   # row.values, row.error(key, message); return an item or None
        def write(self, items): ...     # inside transaction.atomic(); returns the result dict

`import_enqueue(importer=..., actor=..., upload=..., params=...)` checks the permission, the file type and the
size cap, saves the upload under a generated name in the staging directory and queues the job; the job checks
the permission again, reads the file with bounded memory (reader.py) and reports progress.
"""

from __future__ import annotations

import contextlib
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404

from siaga.core import access
from siaga.core.audit import audit_record
from siaga.core.context import Actor, current_actor, reset_actor, set_actor
from siaga.core.imports.columns import CellError, Column, blank, normalise, quote
from siaga.core.imports.reader import MB, SUFFIXES, ImportFileError, open_rows
from siaga.core.jobs import JobError, job_enqueue, runner_get, runner_names

PROGRESS_EVERY = 500
MAX_ROW_ERRORS = 1000  # collected while validating; the job stores fewer (core.jobs.MAX_ERRORS)
STALE_SECONDS = 3 * 24 * 3600


def staging_dir() -> Path:
    """Uploads wait here for their job; outside MEDIA_ROOT, so a staged file is never served."""
    folder = Path(getattr(settings, "SIAGA_IMPORT_STAGING_DIR", "") or Path(settings.VAR_DIR) / "import-staging")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@dataclass
class Header:
    row: int
    index: dict[str, int]  # column key → cell index
    labels: dict[str, str]  # column key → header text as written in the file
    ignored: list[str]


@dataclass
class Row:
    number: int
    values: dict
    importer: Importer
    raw: tuple = ()
    failed: bool = False
    invalid: set = field(default_factory=set)  # keys whose cell was refused (their value is None)

    def error(self, key: str, message: str) -> None:
        self.importer.row_error(self.number, key, message)
        self.failed = True


@dataclass
class Outcome:
    items: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    error_count: int = 0
    bad_rows: set = field(default_factory=set)


class Importer:
    """Base class of every import (see the module docstring)."""

    title = "Impor data"
    permission = ""
    max_bytes = 5 * MB
    max_rows = 50_000
    columns: tuple[Column, ...] = ()
    ignored_headers: tuple[str, ...] = ()  # informational columns, accepted and skipped
    strict_columns = False  # unknown columns are errors (otherwise ignored and listed in the result)
    unknown_column_message = "Kolom {name} tidak dikenal."
    header_search_rows = 10  # the header may sit below title rows
    audit_model = ""

    def __init__(self, *, actor=None, params: dict | None = None, progress: Callable | None = None):
        self.actor = actor
        self.params = params or {}
        self.progress = progress or (lambda *args, **kwargs: None)
        self._outcome = Outcome()
        self.header: Header | None = None
        self.missing: list[Column] = []
        self.estimate = 0

    # --- hooks ----------------------------------------------------------------------------------------------

    def get_columns(self) -> tuple[Column, ...]:
        return self.columns

    def check_params(self) -> None:
        """Check the non-file parameters (e.g. the election) for the actor; raise ValidationError/PermissionDenied."""

    def check_header(self, header: Header) -> list[tuple[str, str]]:
        """Extra header rules: (column label, message) pairs."""
        return []

    def prepare(self) -> None:
        """Load lookups once, after the header is read."""

    def clean_row(self, row: Row):
        """Domain checks on one parsed row; report problems with row.error(); return the item to write or None.
        Called even when a cell was refused: such a value is None and its key is in `row.invalid`."""
        return row.values

    def finish(self, items: list) -> None:
        """Checks across all rows, after every row was read (use self.row_error)."""

    def write(self, items: list) -> dict:
        """Write every item; called inside one transaction. Returns the result (with "summary")."""
        raise NotImplementedError

    # --- framework ------------------------------------------------------------------------------------------

    def require(self) -> None:
        access.require(self.actor, self.permission)

    def row_error(self, number, key: str, message: str) -> None:
        outcome = self._outcome
        outcome.error_count += 1
        outcome.bad_rows.add(number)
        if len(outcome.errors) < MAX_ROW_ERRORS:
            outcome.errors.append({"row": number, "column": self.column_label(key), "message": message})

    def column_label(self, key: str) -> str:
        if self.header is not None and key in self.header.labels:
            return self.header.labels[key]
        for column in self.get_columns():
            if column.key == key:
                return column.label
        return key

    def run(self, job, **params) -> dict:
        """Job runner entry point: the staged file is always deleted afterwards."""
        from django.contrib.auth import get_user_model

        staged = params.pop("staged")
        filename = params.pop("filename")
        path = staging_dir() / Path(staged).name  # never a path from the database outside the staging dir
        self.params = params
        self.progress = job.report_progress
        if params.pop("system", False):  # enqueued by the system itself (commands, benchmarks)
            self.actor = access.SYSTEM
        else:
            self.actor = get_user_model().objects.select_related("unit").filter(pk=job.created_by_id).first()
        if not path.is_file():
            raise JobError("Berkas unggahan tidak ditemukan lagi (mungkin sudah kedaluwarsa); unggah ulang berkasnya.")
        try:
            return self.execute(path, filename)
        finally:
            path.unlink(missing_ok=True)

    def execute(self, path: Path, filename: str) -> dict:
        """Read, validate, write; raises JobError with every row error when anything is wrong. Every change
        (and the import's summary row) is audited under the acting user."""
        token = set_actor(Actor(user_id=getattr(self.actor, "pk", None), ip=current_actor().ip, channel="impor"))
        try:
            return self._execute(path, filename)
        finally:
            reset_actor(token)

    def audit_object(self) -> tuple[object, str]:
        """(object id, description) for the import's summary audit row."""
        return "", ""

    def _execute(self, path: Path, filename: str) -> dict:
        started = time.perf_counter()
        try:
            self.require()
            self.check_params()
        except PermissionDenied as exc:
            raise JobError(str(exc) or "Anda tidak berwenang melakukan impor ini.") from exc
        except ValidationError as exc:
            raise JobError(" ".join(exc.messages)) from exc
        except Http404 as exc:  # e.g. the election was deleted or left the user's scope while the job waited
            raise JobError("Data tujuan impor tidak ditemukan atau di luar cakupan Anda.") from exc
        if path.stat().st_size > self.max_bytes:
            raise JobError(_too_big(path.stat().st_size, self.max_bytes))
        try:
            self.estimate, rows = open_rows(path, filename, max_rows=self.max_rows)
            self.progress(0, self.estimate, "Membaca berkas…")
            items = self.validate(rows)
        except ImportFileError as exc:
            raise JobError(str(exc), errors=[{"row": "", "column": "", "message": str(exc)}]) from exc
        outcome = self._outcome
        if self.missing:
            names = ", ".join(column.label for column in self.missing)
            raise JobError(
                f"Kolom wajib tidak ada: {names}. Baris judul kolom harus memuat nama kolom ini.", outcome.errors
            )
        if outcome.error_count:
            raise JobError(
                f"Berkas ditolak: {outcome.error_count} kesalahan pada {len(outcome.bad_rows)} baris; "
                "tidak ada data yang disimpan.",
                sorted(outcome.errors, key=lambda e: e["row"] if isinstance(e["row"], int) else 0),
            )
        if not items:
            raise JobError(
                "Berkas tidak berisi baris data.", [{"row": "", "column": "", "message": "Baris data kosong."}]
            )
        self.progress(len(items), len(items), f"Menyimpan {len(items)} baris…")
        with transaction.atomic():
            result = self.write(items)
            if self.audit_model:
                object_id, description = self.audit_object()
                audit_record(
                    action="import",
                    model=self.audit_model,
                    object_id=object_id,
                    object_repr=(description or filename)[:200],
                    changes={k: v for k, v in result.items() if isinstance(v, int)},
                    note=f"{self.title} dari {filename}"[:500],
                )
        result.setdefault("message", "Impor selesai.")
        result["rows"] = len(items)
        result["seconds"] = round(time.perf_counter() - started, 3)
        result["ignored_columns"] = self.header.ignored if self.header else []
        return result

    def validate(self, rows: Iterator) -> list:
        head = []
        for item in rows:
            head.append(item)
            if len(head) >= self.header_search_rows:
                break
        if not head:
            raise ImportFileError("Berkas kosong: baris pertama harus berisi judul kolom.")
        self.header = self.read_header(head)
        if self._outcome.error_count:
            return []
        self.prepare()
        items, count = [], 0
        columns = [c for c in self.get_columns() if c.key in self.header.index]
        for number, cells in _chain(head, rows):
            if number <= self.header.row or all(blank(c) for c in cells):
                continue
            item = self.parse_row(number, cells, columns)
            if item is not None:
                items.append(item)
            count += 1
            if count % PROGRESS_EVERY == 0:
                self.progress(number, max(self.estimate, number), f"Memeriksa baris {number}…")
        self.finish(items)
        return items

    def parse_row(self, number: int, cells: tuple, columns: list[Column]):
        row = Row(number, {}, self, cells)
        for column in columns:
            index = self.header.index[column.key]
            raw = cells[index] if index < len(cells) else None
            try:
                row.values[column.key] = column.value(raw)
            except CellError as exc:
                row.error(column.key, str(exc))
                row.invalid.add(column.key)
                row.values[column.key] = None
        for column in self.get_columns():
            row.values.setdefault(column.key, column.default)
        item = self.clean_row(row)  # also after a bad cell, so that every problem of the row is reported
        return None if row.failed else item

    def read_header(self, head: list) -> Header:
        columns = self.get_columns()
        names = {}
        for column in columns:
            for name in column.names():
                names.setdefault(name, column.key)
        ignored_names = {normalise(h) for h in self.ignored_headers}
        number, cells = max(head, key=lambda item: (sum(normalise(c) in names for c in item[1]), -item[0]))
        header = Header(number, {}, {}, [])
        for index, cell in enumerate(cells):
            if blank(cell):
                continue
            key = names.get(normalise(cell))
            text = str(cell).strip()[:60]
            if key is None:
                if self.strict_columns and normalise(cell) not in ignored_names:
                    self.row_error(number, text, self.unknown_column_message.format(name=quote(text)))
                elif normalise(cell) not in ignored_names:
                    header.ignored.append(text)
            elif key in header.index:
                label = header.labels[key]
                self.row_error(number, text, f"Kolom ganda: {quote(label)} dan {quote(text)} berarti data yang sama.")
            else:
                header.index[key], header.labels[key] = index, text
        self.missing = [c for c in columns if c.required and c.key not in header.index]
        for column in self.missing:
            accepted = ", ".join(f"'{a}'" for a in (column.label, *column.aliases)[:4])
            self.row_error(
                number, column.key, f"Kolom wajib '{column.label}' tidak ditemukan (nama yang diterima: {accepted})."
            )
        for label, message in self.check_header(header):
            self.row_error(number, label, message)
        return header


def _chain(head, rows):
    yield from head
    yield from rows


def _too_big(size: int, cap: int) -> str:
    return f"Berkas terlalu besar ({size / MB:.1f} MB); batas impor ini {cap / MB:.0f} MB.".replace(".", ",", 1)


def importers() -> list[type[Importer]]:
    """Every registered importer (job runners that are Importer classes)."""
    found = []
    for name in runner_names():
        runner = runner_get(name)
        if isinstance(runner, type) and issubclass(runner, Importer):
            found.append(runner)
    return found


def _check_upload(importer: type[Importer], upload) -> str:
    suffix = Path(upload.name or "").suffix.lower()
    if suffix not in SUFFIXES:
        raise ValidationError("Format berkas tidak didukung: unggah .xlsx atau .csv.")
    size = getattr(upload, "size", None)
    if size is not None and size > importer.max_bytes:
        raise ValidationError(_too_big(size, importer.max_bytes))
    return suffix


def _sweep_stale(folder: Path) -> None:
    """Staged files whose job never ran (a stopped worker) are removed after STALE_SECONDS."""
    cutoff = time.time() - STALE_SECONDS
    for path in folder.iterdir():
        with contextlib.suppress(OSError):
            if path.is_file() and path.stat().st_mtime < cutoff:
                path.unlink()


def import_enqueue(*, importer: type[Importer], actor, upload, params: dict | None = None):
    """Check the permission, type and size, stage the upload and queue the import job."""
    params = dict(params or {})
    instance = importer(actor=actor, params=params)
    instance.require()
    instance.check_params()
    suffix = _check_upload(importer, upload)
    _sweep_stale(staging_dir())
    path = staging_dir() / f"{uuid.uuid4().hex}{suffix}"
    written = 0
    with path.open("wb") as handle:
        for chunk in upload.chunks():
            written += len(chunk)
            if written > importer.max_bytes:
                handle.close()
                path.unlink(missing_ok=True)
                raise ValidationError(_too_big(written, importer.max_bytes))
            handle.write(chunk)
    name = Path(upload.name).name[:120]
    if actor is access.SYSTEM:
        params["system"] = True
    return job_enqueue(
        runner=importer,
        title=f"{importer.title}: {name}",
        params={**params, "staged": path.name, "filename": name},
        user=None if actor is access.SYSTEM else actor,
    )


def import_now(*, importer: type[Importer], actor, filename: str, content: bytes, params: dict | None = None) -> dict:
    """Run an import synchronously (commands, tests); raises JobError like the job."""
    suffix = Path(filename).suffix.lower()
    if suffix not in SUFFIXES:
        raise JobError("Format berkas tidak didukung: gunakan .xlsx atau .csv.")
    with tempfile.TemporaryDirectory(prefix="siaga-impor-") as folder:
        path = Path(folder) / f"berkas{suffix}"
        path.write_bytes(content)
        return importer(actor=actor, params=dict(params or {})).execute(path, filename)
