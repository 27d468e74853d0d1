"""The register import's write step: new cases in bulk with their status history, known LPs updated forward."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import connection
from django.utils import timezone

from siaga.analysis.models import Case, CaseStatusChange
from siaga.analysis.rules import cleared_statuses
from siaga.core import access

ORDER = ["lidik", "sidik", "tahap2", "selesai"]


def _path(status: str) -> list[str]:
    """The statuses a case passed through to reach `status` (sp3/limpah straight after the last normal step)."""
    if status in ORDER:
        return ORDER[: ORDER.index(status) + 1]
    return ["lidik", status]


def _sqlite_datetime(zone):
    """SQLite's adapter for aware datetimes (Django's adapt_datetimefield_value: naive in the connection's zone, as
    text) without its per-call settings lookups, which cost more than the INSERT at register sizes."""

    def adapt(value):
        if value.utcoffset() is None:  # naive: stored as given, as Django does
            return str(value)
        return str(value.astimezone(zone).replace(tzinfo=None))

    return adapt


def _converter(field):
    from django.db import models

    ops = connection.ops
    if isinstance(field, models.DateTimeField):
        if connection.vendor == "sqlite" and settings.USE_TZ:
            return _sqlite_datetime(connection.timezone)
        return ops.adapt_datetimefield_value
    if isinstance(field, models.DateField):
        return ops.adapt_datefield_value
    if isinstance(field, (models.UUIDField, models.JSONField)):
        return lambda v: field.get_db_prep_save(v, connection)
    return None


def _insert(model, rows: list[dict], batch: int = 2000) -> None:
    """INSERT many rows (attname → value; missing fields take their default) with one prepared statement
    (executemany), or COPY on PostgreSQL: bulk_create's model instances and SQL compilation cost more than the
    insert at register sizes. Dates, times and UUIDs go through the backend's own adapters."""
    now = timezone.now()
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(fields))})"
    plan = []
    for f in fields:
        auto = getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
        plan.append((f.attname, auto, f.has_default() or f.null, f, _converter(f)))
    values = []
    for row in rows:
        out = []
        for attname, auto, has_default, f, conv in plan:
            if auto:
                v = now
            elif attname in row:
                v = row[attname]
            else:
                v = f.get_default() if has_default else ""
            out.append(conv(v) if conv is not None and v is not None else v)
        values.append(out)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":  # COPY: one stream instead of a statement per row
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in values:
                    copy.write_row(row)
            return
        for i in range(0, len(values), batch):
            cursor.executemany(sql, values[i : i + batch])


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
                {
                    "unit_id": item["unit"].pk,
                    "lp_number": item["lp"],
                    "crime_type_id": item["type"].pk,
                    "occurred_at": item["occurred_at"],
                    "reported_at": item["reported_at"],
                    "desa_id": item["desa"].pk if item["desa"] else None,
                    "status": status,
                    "client_id": uuid.uuid4(),
                    "cleared_on": on if status in cleared else None,
                    **item["fields"],
                }
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
    _insert(Case, new)
    ids = {}
    lps = [case["lp_number"] for case in new]
    for i in range(0, len(lps), 900):
        ids.update(Case.objects.filter(lp_number__in=lps[i : i + 900]).values_list("lp_number", "pk"))
    progress(len(items), len(items), "Menulis riwayat status")
    rows = [
        {"case_id": h.case_id, "status": h.status, "reached_on": h.reached_on, "actor_id": h.actor_id} for h in history
    ]
    for case, item in zip(new, [i for i in items if i["lp"] not in existing], strict=True):
        for status in _path(case["status"]):
            on = item["reported_at"].date() if status == "lidik" else item["status_on"]
            rows.append(
                {
                    "case_id": ids[case["lp_number"]],
                    "status": status,
                    "reached_on": on,
                    "actor_id": user.pk if user else None,
                }
            )
    _insert(CaseStatusChange, rows)
    unchanged = len(items) - len(new) - updated
    return {
        "created": len(new),
        "updated": updated,
        "unchanged": unchanged,
        "summary": f"{len(new)} perkara baru, {updated} diperbarui, {unchanged} tidak berubah.",
    }
