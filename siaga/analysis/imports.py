"""The register import's write step: new cases in bulk with their status history, known LPs updated forward."""

from __future__ import annotations

from siaga.analysis.models import Case, CaseStatusChange
from siaga.analysis.rules import cleared_statuses
from siaga.core import access

ORDER = ["lidik", "sidik", "tahap2", "selesai"]


def _path(status: str) -> list[str]:
    """The statuses a case passed through to reach `status` (sp3/limpah straight after the last normal step)."""
    if status in ORDER:
        return ORDER[: ORDER.index(status) + 1]
    return ["lidik", status]


def cases_write(*, items: list, existing: dict, actor, progress) -> dict:
    """Called inside the import's transaction (the importer checked the permission and every row)."""
    access.require(actor, "analysis.import")
    user = access.acting_user(actor)
    cleared = cleared_statuses()
    new, history, updated = [], [], 0
    for item in items:
        case = existing.get(item["lp"])
        if case is None:
            status = item["status"]
            on = item["status_on"]
            new.append(
                Case(
                    unit=item["unit"],
                    lp_number=item["lp"],
                    crime_type=item["type"],
                    occurred_at=item["occurred_at"],
                    reported_at=item["reported_at"],
                    desa=item["desa"],
                    status=status,
                    cleared_on=on if status in cleared else None,
                    **item["fields"],
                )
            )
            continue
        changed = False
        for key, value in item["fields"].items():
            if getattr(case, key) != value:
                setattr(case, key, value)
                changed = True
        for key in ("crime_type", "desa", "unit", "occurred_at", "reported_at"):
            value = item[{"crime_type": "type"}.get(key, key)]
            if getattr(case, key) != value:
                setattr(case, key, value)
                changed = True
        if item["status"] != case.status:  # forward only: the importer refused a step back
            history.append(CaseStatusChange(case=case, status=item["status"], reached_on=item["status_on"], actor=user))
            case.status = item["status"]
            if item["status"] in cleared and case.cleared_on is None:
                case.cleared_on = item["status_on"]
            changed = True
        if changed:
            case.save()
            updated += 1
    Case.objects.bulk_create(new, batch_size=1000)
    progress(len(items), len(items), "Menulis riwayat status")
    for case, item in zip(new, [i for i in items if i["lp"] not in existing], strict=True):
        path = _path(case.status)
        for status in path:
            on = item["reported_at"].date() if status == "lidik" else item["status_on"]
            history.append(CaseStatusChange(case=case, status=status, reached_on=on, actor=user))
    CaseStatusChange.objects.bulk_create(history, batch_size=2000)
    unchanged = len(items) - len(new) - updated
    return {
        "created": len(new),
        "updated": updated,
        "unchanged": unchanged,
        "summary": f"{len(new)} perkara baru, {updated} diperbarui, {unchanged} tidak berubah.",
    }
