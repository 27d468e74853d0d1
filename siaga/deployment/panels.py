"""Panels other apps add to a plan's page (e.g. siaga.command's BKO records), registered in their
`AppConfig.ready()` so that deployment imports none of them: a template and a function(plan, user) -> context
(None: nothing to show)."""

from __future__ import annotations

from collections.abc import Callable

_panels: dict[str, Callable] = {}


def plan_panel_register(template: str, context: Callable) -> None:
    _panels[template] = context


def plan_panels(*, plan, user) -> list[tuple[str, dict]]:
    out = []
    for template, context in _panels.items():
        data = context(plan=plan, user=user)
        if data is not None:
            out.append((template, data))
    return out
