"""Hot spots: a kernel-density layer, a short-term self-exciting forecast and the Prediction Accuracy Index.

Pure NumPy/SciPy. Events are (lat, lon, t_days) arrays; a Grid maps them to square cells. See grid.py, model.py.
"""

from siaga.engine.hotspots.grid import Grid, HotspotInputError
from siaga.engine.hotspots.model import (
    ForecastParams,
    counts_surface,
    fit_forecast,
    forecast_surface,
    kde_surface,
    pai,
    top_cells,
)

__all__ = [
    "ForecastParams",
    "Grid",
    "HotspotInputError",
    "counts_surface",
    "fit_forecast",
    "forecast_surface",
    "kde_surface",
    "pai",
    "top_cells",
]
