"""Writes for reports: intake, triage after commit, workflow, alert levels."""

from siaga.reports.services.alerts import alert_level_set
from siaga.reports.services.batch import reports_submit_batch
from siaga.reports.services.deferred import report_triage, reports_triage, triage_pending
from siaga.reports.services.intake import gateway_client_id, report_prepare, report_submit
from siaga.reports.services.location import report_set_desa
from siaga.reports.services.throttle import public_throttle_take
from siaga.reports.services.workflow import (
    report_assign,
    report_escalate,
    report_reject,
    report_resolve,
    report_share,
    report_start_handling,
    report_verify,
    reports_escalate_due,
)

__all__ = [
    "alert_level_set",
    "gateway_client_id",
    "public_throttle_take",
    "report_assign",
    "report_escalate",
    "report_reject",
    "report_resolve",
    "report_set_desa",
    "report_share",
    "report_start_handling",
    "report_prepare",
    "report_submit",
    "report_triage",
    "report_verify",
    "reports_escalate_due",
    "reports_submit_batch",
    "reports_triage",
    "triage_pending",
]
