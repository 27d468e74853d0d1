"""The navigation bar, filled by each app's AppConfig.ready() so that no app edits another's template."""

from dataclasses import dataclass


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    order: int = 50
    perm: str | None = None  # a siaga.accounts.roles permission; None = every signed-in user
    police_only: bool = False


_items: list[NavItem] = []


def nav_register(item: NavItem) -> None:
    if all(existing.url_name != item.url_name for existing in _items):
        _items.append(item)


def nav_for(user) -> list[NavItem]:
    items = sorted(_items, key=lambda i: i.order)
    return [
        i
        for i in items
        if (i.perm is None or user.can(i.perm)) and not (i.police_only and getattr(user, "is_partner", False))
    ]


@dataclass(frozen=True)
class MapLayer:
    """A GeoJSON layer an app contributes to the dashboard map (points styled by `properties.color`)."""

    key: str
    label: str
    url_name: str
    order: int = 50
    perm: str | None = None
    refresh_seconds: int = 0  # >0: the dashboard re-fetches it (live layers)
    cluster: bool = False


@dataclass(frozen=True)
class DashboardPanel:
    """A panel an app contributes to the dashboard: a template and a function(user) -> context dict."""

    template: str
    context: object
    order: int = 50


_layers: list[MapLayer] = []
_panels: list[DashboardPanel] = []


def map_layer_register(layer: MapLayer) -> None:
    if all(existing.key != layer.key for existing in _layers):
        _layers.append(layer)


def map_layers_for(user) -> list[MapLayer]:
    return [layer for layer in sorted(_layers, key=lambda x: x.order) if layer.perm is None or user.can(layer.perm)]


def dashboard_panel_register(panel: DashboardPanel) -> None:
    if all(existing.template != panel.template for existing in _panels):
        _panels.append(panel)


def dashboard_panels_for(user) -> list[tuple[str, dict]]:
    return [(p.template, p.context(user)) for p in sorted(_panels, key=lambda x: x.order)]
