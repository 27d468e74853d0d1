"""Writes for kerawanan. Split by sub-domain; import from here."""

from siaga.risk.services.checklist import checklist_grid_set, checklist_set
from siaga.risk.services.compute import (
    categories_recompute,
    desa_category_clear,
    desa_category_set,
    recompute_enqueue,
    station_override_clear,
    station_override_set,
)
from siaga.risk.services.notes import intel_note_create, intel_note_delete
from siaga.risk.services.profile import (
    indicator_create,
    indicator_update,
    preset_apply,
    profile_get_or_create,
    rule_update,
)

__all__ = [
    "categories_recompute",
    "checklist_grid_set",
    "checklist_set",
    "desa_category_clear",
    "desa_category_set",
    "indicator_create",
    "indicator_update",
    "intel_note_create",
    "intel_note_delete",
    "preset_apply",
    "profile_get_or_create",
    "recompute_enqueue",
    "rule_update",
    "station_override_clear",
    "station_override_set",
]
