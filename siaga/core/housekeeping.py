"""Periodic chores that the job worker runs between jobs (apps register them in `AppConfig.ready()`).

The job worker is the one background process every installation runs (`make serve` included), so a chore here
has a bound on how long it can be left undone: the worker's interval. The reports app registers its sweep of
reports still waiting for triage (an inline triage lost to a crash between the commit and the triage)."""

from __future__ import annotations

import logging
from collections.abc import Callable

from siaga.core.dbfaults import is_transient

log = logging.getLogger(__name__)
_chores: dict[str, Callable[[], object]] = {}


def housekeeping_register(name: str, chore: Callable[[], object]) -> None:
    _chores[name] = chore


def housekeeping_run() -> dict[str, object]:
    """Run every chore once; a chore's own error is logged and the others still run. A connection fault
    propagates (the worker's guard reconnects and backs off)."""
    results: dict[str, object] = {}
    for name, chore in _chores.items():
        try:
            results[name] = chore()
        except Exception as exc:
            if is_transient(exc):
                raise
            log.exception("tugas rutin %s gagal", name)
            results[name] = exc
    return results
