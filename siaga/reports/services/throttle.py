"""The public form's rate limit: PUBLIC_LIMIT reports per client address per PUBLIC_WINDOW.

The client is keyed by an HMAC of its address (siaga/core/clientip.py), never the bare address or a plain hash
of it (every IPv4 address can be hashed in minutes). One counter row per client and window is raised by a
conditional UPDATE (`count < budget`): the database serialises simultaneous posts on that row, so a burst of
posts gets exactly the remaining budget, on SQLite and on PostgreSQL, across every worker process."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta

from django.db.models import F
from django.utils import timezone

from siaga.core.clientip import keyed_hash
from siaga.reports.errors import ReportError
from siaga.reports.models import IntakeThrottle

PUBLIC_LIMIT = 5
PUBLIC_WINDOW = timedelta(minutes=10)
MESSAGE = "Terlalu banyak laporan dari perangkat Anda. Silakan coba lagi dalam 10 menit."


def throttle_key(ip: str | None) -> str:
    return keyed_hash(ip or "-", purpose="lapor")


def _window(now: datetime) -> datetime:
    seconds = int(PUBLIC_WINDOW.total_seconds())
    return datetime.fromtimestamp(int(now.timestamp()) // seconds * seconds, tz=UTC)


def _budget(key: str, window: datetime, now: datetime) -> int:
    """The limit less the previous window's count weighted by how much of it still lies within the last
    PUBLIC_WINDOW (a sliding window, so a burst cannot take the limit twice across a window boundary). The previous
    window is closed, its count no longer changes: only the current window's counter needs the atomic UPDATE."""
    previous = IntakeThrottle.objects.filter(key=key, window=window - PUBLIC_WINDOW).values_list("count", flat=True)
    overlap = 1 - (now - window) / PUBLIC_WINDOW
    return PUBLIC_LIMIT - math.ceil((previous.first() or 0) * overlap)


def public_throttle_take(*, ip: str | None, now: datetime | None = None) -> None:
    """Take one submission from the client's budget, or raise ReportError (429) when it is spent."""
    now = now or timezone.now()
    key, window = throttle_key(ip), _window(now)
    budget = _budget(key, window, now)
    IntakeThrottle.objects.bulk_create([IntakeThrottle(key=key, window=window)], ignore_conflicts=True)
    taken = IntakeThrottle.objects.filter(key=key, window=window, count__lt=budget).update(count=F("count") + 1)
    if not taken:
        raise ReportError(MESSAGE, status=429)
    IntakeThrottle.objects.filter(window__lt=window - PUBLIC_WINDOW).delete()  # older windows of every client
