"""Generations: one value shared by every process, changed whenever something processes keep in memory changes.

A process may keep a thing in memory (e.g. verified API tokens) while the generation it read *before* fetching the
thing is still the current one; whoever changes the thing sets a new generation *after* its transaction commits
(`bump_on_commit`). So a change is seen by every process on its next check, at the cost of one small read.

Each generation is a fresh random value, never a counter: a lost file or a restarted Redis cannot bring an old
value back, anything new only means "fetch again".

Where the value lives:
- in the shared cache (CACHES["default"]) when processes share it (Redis with SIAGA_REDIS_URL): one GET per check.
  With Redis unreachable the fail-open cache (core.cache) answers a miss and the generation is unknown (None):
  callers then trust nothing they kept;
- otherwise (one box, the per-process memory cache) in a small file under SIAGA_GENERATION_DIR (default
  `VAR_DIR/generations`), read on each check and replaced atomically on a change. Nothing needs to survive a
  restart, so nothing is flushed to disk.
"""

from __future__ import annotations

import logging
import os
import uuid
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.dummy import DummyCache
from django.core.cache.backends.locmem import LocMemCache
from django.db import transaction

log = logging.getLogger(__name__)

_PROCESS_LOCAL_CACHES = (LocMemCache, DummyCache)


def _new_value() -> str:
    return uuid.uuid4().hex


class Generation:
    def __init__(self, name: str):
        self.name = name
        self._warned = False

    @property
    def cache_key(self) -> str:
        return f"generation:{self.name}"

    def _shared_cache(self):
        cache = caches["default"]
        return None if isinstance(cache, _PROCESS_LOCAL_CACHES) else cache

    def path(self) -> Path:
        folder = getattr(settings, "SIAGA_GENERATION_DIR", "") or Path(settings.VAR_DIR) / "generations"
        return Path(folder) / self.name

    def current(self) -> str | None:
        """The current generation, or None when it cannot be known (then trust nothing kept in memory)."""
        cache = self._shared_cache()
        if cache is None:
            return self._read_file()
        value = cache.get(self.cache_key)
        if value is None:  # never set, evicted, Redis restarted, or Redis down (then this stays None)
            cache.add(self.cache_key, _new_value(), None)
            value = cache.get(self.cache_key)
        return value

    def bump(self) -> None:
        """Set a new generation: every process fetches again what it kept under the old one."""
        cache = self._shared_cache()
        if cache is not None:
            cache.set(self.cache_key, _new_value(), None)  # Redis down: a no-op, and readers see None until it is back
            return
        try:
            self._write_file(_new_value())
        except OSError as exc:
            log.error("generasi %s tidak dapat ditulis ke %s: %s", self.name, self.path(), exc)

    def bump_on_commit(self, using: str | None = None) -> None:
        """Bump once the current transaction commits (at once outside one): a process reading the generation in
        between would otherwise fetch the old rows again and keep them under the new value."""
        transaction.on_commit(self.bump, using=using, robust=True)

    def _read_file(self) -> str | None:
        path = self.path()
        try:
            try:
                return path.read_text(encoding="ascii") or None
            except FileNotFoundError:
                self._write_file(_new_value())  # first use on this box (or the file was removed): any new value
                return path.read_text(encoding="ascii") or None
        except (OSError, UnicodeDecodeError) as exc:
            if not self._warned:
                log.warning(
                    "generasi %s tidak dapat dibaca dari %s (%s): cache proses tidak dipakai", self.name, path, exc
                )
                self._warned = True
            return None

    def _write_file(self, value: str) -> None:
        path = self.path()
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.{os.getpid()}.{_new_value()}")
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        try:
            os.write(fd, value.encode("ascii"))
        finally:
            os.close(fd)
        try:
            os.replace(temporary, path)  # readers see the old value or the new one, never a part
        except OSError:
            temporary.unlink(missing_ok=True)
            raise
