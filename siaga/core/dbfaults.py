"""Database faults in long-running processes (the triage and escalation loops, the job worker) and on the intake
path.

A PostgreSQL restart, a failover or `pg_terminate_backend` drops every open connection; the next statement on it
raises OperationalError/InterfaceError. A loop that lets that escape dies and stops triaging or escalating.
`DbFaultGuard.call` runs one step of a loop: on a connection fault it drops the process's connections (Django
opens fresh ones on next use), logs one line, waits a bounded exponential backoff with jitter and returns
FAULT so the loop carries on; any other error propagates. `is_transient` tells the two apart for callers that
count failures (a report whose triage fails for a transient reason is retried, never counted against it)."""

from __future__ import annotations

import functools
import logging
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import DatabaseError, InterfaceError, OperationalError, connections

log = logging.getLogger("siaga.dbfaults")
FAULT = object()  # what DbFaultGuard.call returns when the step hit a connection fault


def is_transient(exc: BaseException, using: str = "default") -> bool:
    """A lost or unusable connection (worth retrying on a new one), not an error in the data or the code."""
    if isinstance(exc, (OperationalError, InterfaceError)):
        return True
    if isinstance(exc, DatabaseError):
        connection = connections[using]
        return connection.connection is None or not connection.is_usable()
    return False


def connections_drop() -> None:
    """Close every connection this thread opened, broken or not; the next query opens a new one."""
    for connection in connections.all(initialized_only=True):
        try:
            connection.close()
        except DatabaseError:  # closing a connection whose socket is already gone may complain: it is gone
            connection.connection = None


@dataclass
class Backoff:
    """Bounded exponential backoff with "equal jitter": base · 2^n capped, then between half and all of it."""

    base: float = 0.5
    cap: float = 30.0
    failures: int = 0
    rng: Callable[[], float] = field(default=random.random, repr=False)

    def next_delay(self) -> float:
        delay = min(self.cap, self.base * 2**self.failures)
        self.failures += 1
        return delay / 2 + delay / 2 * self.rng()

    def reset(self) -> None:
        self.failures = 0


class DbFaultGuard:
    """Keeps one long-running loop alive through database connection faults."""

    def __init__(self, name: str, *, backoff: Backoff | None = None, sleep: Callable[[float], None] = time.sleep):
        self.name = name
        self.backoff = backoff or Backoff()
        self.sleep = sleep
        self.faults = 0

    def call(self, step: Callable, *args, **kwargs):
        """`step(*args, **kwargs)`'s result, or FAULT after a connection fault (already backed off)."""
        try:
            result = step(*args, **kwargs)
        except Exception as exc:
            if not is_transient(exc):
                raise
            self._recover(exc)
            return FAULT
        if self.backoff.failures:
            log.warning("%s: koneksi basis data pulih, proses berlanjut.", self.name)
            self.backoff.reset()
        return result

    def _recover(self, exc: BaseException) -> None:
        self.faults += 1
        connections_drop()
        delay = self.backoff.next_delay()
        reason = (str(exc).strip().splitlines() or [""])[0][:200]
        log.warning(
            "%s: koneksi basis data terputus (%s: %s); menyambung ulang dalam %.1f detik (gangguan ke-%d).",
            self.name, type(exc).__name__, reason, delay, self.faults,
        )  # fmt: skip
        self.sleep(delay)


def retry_on_disconnect(func):
    """Run an idempotent service once more on a fresh connection when its connection was dropped under it.

    Only outside a transaction (inside one, the caller's transaction is gone and must fail as a whole). Meant for
    the intake services, which are idempotent on client_id: a retry after a commit whose answer was lost is
    answered as a replay of the stored report."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except Exception as exc:
            if connections["default"].in_atomic_block or not is_transient(exc):
                raise
            log.warning("%s: koneksi basis data terputus (%s); diulang sekali.", func.__name__, type(exc).__name__)
            connections_drop()
            return func(*args, **kwargs)

    return wrapper
