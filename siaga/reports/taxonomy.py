"""Report categories: the Category table is loaded from the engine's taxonomy data and may be extended.

`known_categories()` is cached per process (refreshed every minute) so that intake validates a category
without a query."""

from __future__ import annotations

import threading
import time

from siaga.engine.triage import load_taxonomy

CACHE_SECONDS = 60
_lock = threading.RLock()
_cache: dict[str, object] = {"at": 0.0, "categories": {}}


def categories_sync() -> int:
    """Create the taxonomy's categories that are missing (existing rows, possibly edited, are kept)."""
    from siaga.reports.models import Category

    rows = [
        Category(
            code=c.code,
            label=c.label,
            group=c.group,
            default_severity=c.default_severity,
            description=c.description,
            escalation_minutes={str(k): v for k, v in c.escalation_minutes.items()},
            order=c.order,
        )
        for c in load_taxonomy()
    ]
    before = Category.objects.count()
    Category.objects.bulk_create(rows, ignore_conflicts=True)
    clear_cache()
    return Category.objects.count() - before


def clear_cache() -> None:
    with _lock:
        _cache["at"] = 0.0
        _cache["categories"] = {}


def known_categories() -> dict:
    """Active categories by code: {code: Category}."""
    from siaga.reports.models import Category

    if time.monotonic() - _cache["at"] < CACHE_SECONDS and _cache["categories"]:
        return _cache["categories"]
    # No database work under the process lock: a thread inside a transaction could wait for the lock while the
    # holder waits for that transaction's rows (a deadlock neither side can see). Two threads may both read; fine.
    categories = {c.code: c for c in Category.objects.filter(is_active=True)}
    if not categories:
        categories_sync()
        categories = {c.code: c for c in Category.objects.filter(is_active=True)}
    with _lock:
        _cache["categories"], _cache["at"] = categories, time.monotonic()
    return categories


def category_label(code: str | None) -> str:
    if not code:
        return ""
    category = known_categories().get(code)
    return category.label if category else code
