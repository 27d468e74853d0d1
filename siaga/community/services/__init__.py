from siaga.community.services.aspirations import (
    aspiration_answer,
    aspiration_record,
    aspiration_return,
    aspiration_route,
)
from siaga.community.services.beats import beat_save, desa_in_unit, tokoh_intel_note, tokoh_save
from siaga.community.services.campaigns import campaign_save, directive_save, reach_record
from siaga.community.services.plans import visit_plan_compute, visit_plan_create
from siaga.community.services.visits import VisitError, visit_record

__all__ = [
    "VisitError",
    "aspiration_answer",
    "aspiration_record",
    "aspiration_return",
    "aspiration_route",
    "beat_save",
    "campaign_save",
    "desa_in_unit",
    "directive_save",
    "reach_record",
    "tokoh_intel_note",
    "tokoh_save",
    "visit_plan_compute",
    "visit_plan_create",
    "visit_record",
]
