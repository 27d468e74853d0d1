"""The one table of report workflow actions, shared by the report page and the API.

Each action has the name both use in their URL (`/laporan/<pk>/aksi/<name>/`, `POST /api/reports/<pk>/<name>`),
a label, the permission it needs, the report statuses it applies to, and the service it runs. The page shows exactly
the actions `actions_for(user, report)` returns; the API and the page run them through `report_action`; the
services still check actor, level and scope themselves.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from siaga.core import access
from siaga.reports import services
from siaga.reports.errors import ReportError
from siaga.reports.models import Report
from siaga.units.models import Unit

S = Report.Status
OPEN = tuple(Report.OPEN_STATUSES)


@dataclass(frozen=True)
class ActionInput:
    """What a person may send with an action, from a form or a JSON body."""

    note: str = ""
    reason: str = ""
    category: str | None = None
    severity: int | None = None
    unit_id: int | None = None
    desa_code: str = ""


@dataclass(frozen=True)
class WorkflowAction:
    name: str
    label: str
    perm: str
    statuses: tuple[str, ...]
    run: Callable[[Report, object, ActionInput], Report]


def _unit(data: ActionInput, *, required: str = "") -> Unit | None:
    if data.unit_id is None:
        if required:
            raise ReportError(required, field="unit_id")
        return None
    unit = Unit.objects.filter(pk=data.unit_id).first()
    if unit is None:
        raise ReportError("Satuan tidak ditemukan.", field="unit_id")
    return unit


def _share(report: Report, user, data: ActionInput) -> Report:
    partner = _unit(data, required="Pilih instansi mitra (unit_id).")
    return services.report_share(report=report, user=user, partner=partner)


ACTIONS: dict[str, WorkflowAction] = {
    action.name: action
    for action in (
        WorkflowAction(
            "verify", "Verifikasi", "reports.change", (S.NEW,),
            lambda r, u, d: services.report_verify(report=r, user=u, category=d.category, severity=d.severity),
        ),
        WorkflowAction(
            "start", "Mulai tangani", "reports.change", (S.VERIFIED,),
            lambda r, u, d: services.report_start_handling(report=r, user=u, note=d.note),
        ),
        WorkflowAction(
            "resolve", "Selesaikan", "reports.change", (S.HANDLING,),
            lambda r, u, d: services.report_resolve(report=r, user=u, note=d.note),
        ),
        WorkflowAction(
            "assign", "Tugaskan", "reports.change", OPEN,
            lambda r, u, d: services.report_assign(report=r, user=u, unit=_unit(d), note=d.note),
        ),
        WorkflowAction(
            "escalate", "Eskalasi ke atas", "reports.change", OPEN,
            lambda r, u, d: services.report_escalate(report=r, user=u, reason=d.note),
        ),
        WorkflowAction(
            "reject", "Tolak", "reports.change", (S.NEW, S.VERIFIED),
            lambda r, u, d: services.report_reject(report=r, user=u, reason=d.reason),
        ),
        WorkflowAction(
            "lokasi", "Tetapkan desa", "reports.change", OPEN,
            lambda r, u, d: services.report_set_desa(report=r, user=u, desa_code=d.desa_code),
        ),
        WorkflowAction("share", "Bagikan ke mitra", "reports.share", tuple(S.values), _share),
    )
}  # fmt: skip


def report_action(*, report: Report, user, name: str, data: ActionInput) -> Report:
    action = ACTIONS.get(name)
    if action is None:
        raise ReportError("Tindakan tidak dikenal.", status=404)
    return action.run(report, user, data)


def actions_for(*, user, report: Report) -> dict[str, WorkflowAction]:
    """The actions this user may take on this report now (what the page offers)."""
    return {
        name: action
        for name, action in ACTIONS.items()
        if report.status in action.statuses and access.can(user, action.perm, report)
    }
