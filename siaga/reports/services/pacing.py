"""When the triage loop yields the CPU to intake.

On voting day acknowledging reports comes first: while reports arrive faster than `yield_above` per second the
loop waits, so every core serves intake, and it triages the backlog once the burst eases. It never waits longer
than `max_defer` seconds in a row, so suggestions are late under a long surge but never starved."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class TriagePacer:
    yield_above: float = 100.0  # reports per second; 0 = never yield
    max_defer: float = 30.0  # seconds
    _last_id: int | None = field(default=None, repr=False)
    _last_at: float | None = field(default=None, repr=False)
    _waiting_since: float | None = field(default=None, repr=False)

    def rate(self, newest_id: int, now: float) -> float:
        """Reports per second since the previous observation (0 on the first)."""
        previous_id, previous_at = self._last_id, self._last_at
        self._last_id, self._last_at = newest_id, now
        if previous_id is None or previous_at is None or now <= previous_at:
            return 0.0
        return max(0, newest_id - previous_id) / (now - previous_at)

    def should_wait(self, newest_id: int, now: float) -> bool:
        busy = self.yield_above > 0 and self.rate(newest_id, now) > self.yield_above
        if not busy:
            self._waiting_since = None
            return False
        if self._waiting_since is None:
            self._waiting_since = now
        if now - self._waiting_since >= self.max_defer:
            self._waiting_since = None  # triage one batch now, then yield again if the surge goes on
            return False
        return True
