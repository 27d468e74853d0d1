"""Effective risk weight of an object: base x (1 + incident history + forecast) x critical-period multiplier,
explained."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from siaga.patrols.history import forecast_intensity, incident_history

RISK_COLORS = [(4.0, "#2a9d8f", "rendah"), (7.0, "#e9c46a", "sedang"), (10.0, "#f4a261", "tinggi")]
TOP_COLOR = ("#e63946", "sangat tinggi")


@dataclass(frozen=True)
class Weight:
    base: int
    history: float = 0.0
    multiplier: float = 1.0
    critical_label: str = ""
    forecast: float = 0.0  # hot-spot forecast around the object (next week), from forecast providers

    @property
    def effective(self) -> float:
        return round(self.base * (1.0 + self.history + self.forecast) * self.multiplier, 2)

    @property
    def color(self) -> str:
        return risk_color(self.effective)[0]

    @property
    def level(self) -> str:
        return risk_color(self.effective)[1]

    @property
    def explanation(self) -> str:
        text = f"bobot dasar {self.base}"
        parts = []
        if self.history:
            parts.append(f"riwayat insiden {_num(self.history)}")
        if self.forecast:
            parts.append(f"perkiraan hot spot {_num(self.forecast)}")
        if parts:
            text += f" × (1 + {' + '.join(parts)})"
        if self.multiplier != 1.0:
            text += f" × periode kritis “{self.critical_label}” {_num(self.multiplier)}"
        return f"{text} = {_num(self.effective)}"


def risk_color(value: float) -> tuple[str, str]:
    for limit, color, level in RISK_COLORS:
        if value < limit:
            return color, level
    return TOP_COLOR


def _num(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".").replace(".", ",")


def object_weights(
    objects,
    *,
    start: datetime | None = None,
    end: datetime | None = None,
    history: dict | None = None,
    forecast: dict | None = None,
) -> dict[int, Weight]:
    """Weights of ``objects`` (critical periods prefetched) for the interval [start, end] (default: now)."""
    objects = list(objects)
    history = incident_history(objects) if history is None else history
    forecast = forecast_intensity(objects) if forecast is None else forecast
    result = {}
    for obj in objects:
        multiplier, label = critical_multiplier(obj, start=start, end=end)
        result[obj.pk] = Weight(
            obj.base_weight,
            round(history.get(obj.pk, 0.0), 3),
            multiplier,
            label,
            round(forecast.get(obj.pk, 0.0), 3),
        )
    return result


def critical_multiplier(obj, *, start: datetime | None, end: datetime | None) -> tuple[float, str]:
    """Largest multiplier among the object's critical periods overlapping [start, end]."""
    from django.utils import timezone

    start = start or timezone.now()
    end = end or start
    best, label = 1.0, ""
    for period in obj.critical_periods.all():
        if period.starts_at <= end and period.ends_at >= start and period.multiplier > best:
            best, label = float(period.multiplier), period.label
    return best, label
