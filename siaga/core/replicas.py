"""Heavy reads on PostgreSQL read replicas (SIAGA_DATABASE_REPLICA_URLS), never stale after one's own write.

Views that only read a lot (dashboards, roll-ups, Anev, exports) are marked:

    @use_replica
    def anev_page(request): ...

    with use_replica():
        rows = list(export_rows(...))

Inside, `siaga.core.dbrouter.ReplicaRouter` sends reads to a replica when all of these hold, else to the primary:
- the request has not written (any write goes through the router and pins the rest of the request) and the client
  did not write in the last SIAGA_REPLICA_STICKY_SECONDS (`ReplicaStickyMiddleware` sets a short cookie after an
  unsafe method or a write, so "a page right after one's own save" reads the primary);
- the replica answers (connection errors mark it down; a decorated view hit by one is run again on the primary);
- its replay is within SIAGA_REPLICA_MAX_LAG_SECONDS of the primary, and not paused with WAL still to replay.
The replica's state is checked with one cheap query and remembered for SIAGA_REPLICA_CHECK_SECONDS per process
(five times as long once it was found unusable, so that a host that does not answer costs a connect timeout
seldom).
Without replicas configured everything here is a no-op and every read goes to "default".
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import logging
import time
from contextlib import contextmanager

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError, connections

log = logging.getLogger(__name__)

PRIMARY = "default"
STICKY_COOKIE = "siaga_primary"
_wanted: contextvars.ContextVar[bool] = contextvars.ContextVar("siaga_replica_wanted", default=False)
_pinned: contextvars.ContextVar[bool] = contextvars.ContextVar("siaga_replica_pinned", default=False)
_wrote: contextvars.ContextVar[bool] = contextvars.ContextVar("siaga_replica_wrote", default=False)
_health: dict[str, tuple[float, bool, str]] = {}  # alias -> (checked at, usable, reason)

LAG_SQL = """
SELECT pg_is_in_recovery(),
       COALESCE(pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn(), false),
       COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()), 0),
       CASE WHEN pg_is_in_recovery() THEN pg_is_wal_replay_paused() ELSE false END
"""


def replica_aliases() -> list[str]:
    return [alias for alias in settings.DATABASES if alias.startswith("replica_")]


def _check(alias: str) -> tuple[bool, str]:
    """Whether `alias` may serve reads now, and why not."""
    try:
        with connections[alias].cursor() as cursor:
            cursor.execute(LAG_SQL)
            in_recovery, caught_up, lag, paused = cursor.fetchone()
    except (OperationalError, InterfaceError, DatabaseError) as exc:
        _drop(alias)
        return False, f"tidak dapat dihubungi ({str(exc).strip()[:120]})"
    if not in_recovery:
        return True, ""  # a promoted replica (or a primary listed as one) has no lag
    if caught_up:
        return True, ""
    if paused:
        return False, "pemutaran ulang WAL dijeda"
    if float(lag) > settings.SIAGA_REPLICA_MAX_LAG_SECONDS:
        return False, f"tertinggal {float(lag):.0f} detik"
    return True, ""


def _drop(alias: str) -> None:
    with contextlib.suppress(Exception):  # a dead connection may fail to close; it is replaced on next use
        connections[alias].close()


def replica_usable(alias: str) -> bool:
    now = time.monotonic()
    cached = _health.get(alias)
    every = getattr(settings, "SIAGA_REPLICA_CHECK_SECONDS", 3)
    if cached is not None and now - cached[0] < (every if cached[1] else 5 * every):  # a down replica: less often
        return cached[1]
    usable, reason = _check(alias)
    if not usable and (cached is None or cached[1]):
        log.warning("replika %s tidak dipakai: %s; bacaan ke basis data utama", alias, reason)
    _health[alias] = (now, usable, reason)
    return usable


def replica_mark_down(alias: str, reason: str = "kesalahan koneksi") -> None:
    _drop(alias)
    _health[alias] = (time.monotonic(), False, reason)


def health_forget() -> None:
    """Forget the remembered replica states (tests, or after a failover)."""
    _health.clear()


def read_alias() -> str:
    """Where a read goes now: a usable replica inside use_replica() unless pinned to the primary."""
    if not _wanted.get() or _pinned.get() or _wrote.get():
        return PRIMARY
    for alias in replica_aliases():
        if replica_usable(alias):
            return alias
    return PRIMARY


def mark_wrote() -> None:
    """Called by the router on every write: the rest of this request (and this client, by cookie) reads the
    primary."""
    _wrote.set(True)


def wrote() -> bool:
    return _wrote.get()


@contextmanager
def pinned_to_primary():
    token = _pinned.set(True)
    try:
        yield
    finally:
        _pinned.reset(token)


class _UseReplica:
    """`use_replica()` as a context manager, or `@use_replica` / `@use_replica()` on a view or function."""

    def __enter__(self):
        self._token = _wanted.set(True)
        return self

    def __exit__(self, *exc):
        _wanted.reset(self._token)
        return False

    def __call__(self, func):
        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            if not replica_aliases():
                return func(*args, **kwargs)
            with _UseReplica():
                alias = read_alias()
                try:
                    return func(*args, **kwargs)
                except (OperationalError, InterfaceError) as exc:
                    if alias == PRIMARY:
                        raise
                    log.warning("replika %s gagal di tengah permintaan (%s); diulang di basis data utama", alias, exc)
                    replica_mark_down(alias)
            with pinned_to_primary():
                return func(*args, **kwargs)

        return wrapper


def use_replica(func=None):
    if func is not None and callable(func):
        return _UseReplica()(func)
    return _UseReplica()


class ReplicaStickyMiddleware:
    """Pins a request to the primary when its client wrote recently (cookie) or it is itself a write; sets the
    cookie after a request that wrote, for SIAGA_REPLICA_STICKY_SECONDS."""

    SAFE = ("GET", "HEAD", "OPTIONS", "TRACE")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        pinned = request.method not in self.SAFE or STICKY_COOKIE in request.COOKIES
        tokens = (_pinned.set(pinned), _wrote.set(False))
        try:
            response = self.get_response(request)
            if request.method not in self.SAFE or _wrote.get():
                response.set_cookie(
                    STICKY_COOKIE,
                    "1",
                    max_age=settings.SIAGA_REPLICA_STICKY_SECONDS,
                    httponly=True,
                    samesite="Lax",
                    secure=settings.SESSION_COOKIE_SECURE,
                )
            return response
        finally:
            _pinned.reset(tokens[0])
            _wrote.reset(tokens[1])
