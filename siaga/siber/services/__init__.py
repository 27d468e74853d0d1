"""Writes of the cyber patrol; each takes `actor` and checks `siber.*` first."""

from siaga.siber.services.cases import case_open, case_transition, evidence_export_log, evidence_view_log
from siaga.siber.services.models import textmodel_train
from siaga.siber.services.posts import PostInput, post_ingest, post_review, posts_ingest

__all__ = [
    "PostInput",
    "case_open",
    "case_transition",
    "evidence_export_log",
    "evidence_view_log",
    "post_ingest",
    "post_review",
    "posts_ingest",
    "textmodel_train",
]
