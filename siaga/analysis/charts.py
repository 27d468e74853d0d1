"""Chart and map images for the Anev (PNG drawn with Pillow; matplotlib is not installed)."""

from __future__ import annotations

import io

import numpy as np
from PIL import Image, ImageDraw

from siaga.engine.hotspots import Grid, kde_surface


def _png(img: Image.Image) -> bytes:
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    return buf.getvalue()


def monthly_png(series: list[dict], width: int = 900, height: int = 360) -> bytes:
    """Bars of CT (dark) and CC (light) per month, with month labels."""
    img = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(img)
    top = max([max(m["ct"], m["cc"]) for m in series] + [1])
    left, bottom, plot_h = 50, height - 40, height - 70
    slot = (width - left - 20) / max(len(series), 1)
    draw.line((left, bottom, width - 10, bottom), fill="black")
    draw.text((5, 20), str(top), fill="black")
    for i, m in enumerate(series):
        x = left + i * slot
        for j, (value, colour) in enumerate(((m["ct"], "#1f3b73"), (m["cc"], "#7fb3e6"))):
            h = value / top * plot_h
            draw.rectangle((x + 4 + j * slot * 0.4, bottom - h, x + (j + 1) * slot * 0.4, bottom), fill=colour)
        draw.text((x + 4, bottom + 5), f"{m['period'].start:%m/%y}", fill="black")
    draw.rectangle((width - 150, 8, width - 138, 20), fill="#1f3b73")
    draw.text((width - 132, 8), "CT", fill="black")
    draw.rectangle((width - 100, 8, width - 88, 20), fill="#7fb3e6")
    draw.text((width - 82, 8), "CC", fill="black")
    return _png(img)


def hotspot_png(points: list[tuple[float, float]], size: int = 700, cell_m: float = 250.0) -> bytes:
    """The KDE surface as a heat image with each case as a dot (north up)."""
    lats, lons = np.array([p[0] for p in points]), np.array([p[1] for p in points])
    grid = Grid.around(lats, lons, cell_m=cell_m, pad_m=1000)
    surface = kde_surface(grid, lats, lons, bandwidth_m=500)
    norm = surface / surface.max() if surface.max() > 0 else surface
    rgb = np.zeros((*norm.shape, 3), dtype=np.uint8)
    rgb[..., 0] = 255
    rgb[..., 1] = (255 * (1 - norm) ** 1.5).astype(np.uint8)
    rgb[..., 2] = (255 * (1 - norm) ** 3).astype(np.uint8)
    img = Image.fromarray(rgb[::-1], "RGB")
    scale = size / max(img.size)
    img = img.resize((max(1, int(img.width * scale)), max(1, int(img.height * scale))), Image.NEAREST)
    draw = ImageDraw.Draw(img)
    r, c, inside = grid.index(lats, lons)
    rows, _ = grid.shape
    for rr, cc in zip(r[inside], c[inside], strict=True):
        x, y = (cc + 0.5) * scale, (rows - rr - 0.5) * scale
        draw.ellipse((x - 2, y - 2, x + 2, y + 2), fill="#1f3b73")
    draw.text((8, 8), "U ↑", fill="black")
    return _png(img)
