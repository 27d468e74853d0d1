"""Category code → label and colour, in one place for the list, the map, the exports and the risk app.

The defaults are Polri's four categories. The risk app, which owns configurable categories per operation,
registers a provider with `category_provider_register(fn)`; `fn(election)` returns a list of
CategoryStyle (or None to fall back to the defaults)."""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class CategoryStyle:
    code: str
    label: str
    color: str


DEFAULT_CATEGORIES = (
    CategoryStyle("kurang_rawan", "Kurang rawan", "#2a9d48"),
    CategoryStyle("rawan", "Rawan", "#f4a100"),
    CategoryStyle("sangat_rawan", "Sangat rawan", "#d62828"),
    CategoryStyle("khusus", "Khusus", "#7b2cbf"),
)
UNKNOWN = CategoryStyle("", "Belum dinilai", "#8d99ae")

_provider: Callable | None = None


def category_provider_register(provider: Callable | None) -> None:
    """Let another app (risk) supply the categories; `None` restores the defaults."""
    global _provider
    _provider = provider


def categories(*, election=None) -> tuple[CategoryStyle, ...]:
    """The categories of an election, memoised on the election instance (one provider call per request)."""
    memo = getattr(election, "_category_styles", None) if election is not None else None
    if memo is not None and memo[0] is _provider:
        return memo[1]
    result = DEFAULT_CATEGORIES
    if _provider is not None:
        provided = _provider(election)
        if provided:
            result = tuple(provided)
    if election is not None:
        election._category_styles = (_provider, result)
    return result


def category_style(code: str, *, election=None, styles: dict | None = None) -> CategoryStyle:
    """The label and colour of a category code (grey "Belum dinilai" for an empty or unknown code)."""
    lookup = styles if styles is not None else category_styles(election=election)
    return lookup.get(code or "", UNKNOWN if not code else CategoryStyle(code, code.replace("_", " "), UNKNOWN.color))


def category_styles(*, election=None) -> dict[str, CategoryStyle]:
    return {c.code: c for c in categories(election=election)}


def category_choices(*, election=None) -> list[tuple[str, str]]:
    return [(c.code, c.label) for c in categories(election=election)] + [("-", UNKNOWN.label)]
