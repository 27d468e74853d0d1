"""The intake INSERT: reports and their "created" timeline rows, idempotent on client_id, in as few round trips
as the database allows.

On PostgreSQL one statement does it (a data-modifying CTE: INSERT … ON CONFLICT (client_id) DO NOTHING
RETURNING, then the timeline rows from its result); in autocommit that statement is its own transaction, so it
is durably committed (synchronous_commit stays on) when it returns; it is prepared once per connection
(siaga.core.prepared), so its ~40 parameters are not quoted into the SQL nor the SQL re-planned per report.
Other databases run two statements, which the caller wraps in a transaction. A client_id that is already stored
is skipped, never duplicated; the caller answers it as a replay."""

from __future__ import annotations

import uuid

from django.db import connections
from django.utils import timezone

from siaga.core.prepared import prepared_fetchall
from siaga.reports.models import Report, ReportEvent

_EVENT_COLUMNS = ("report_id", "kind", "actor_id", "at", "from_status", "to_status", "unit_id", "note")


def needs_transaction(using: str = "default") -> bool:
    """Whether `reports_insert` must run inside transaction.atomic() to be all-or-nothing."""
    return connections[using].vendor != "postgresql"


def _fields():
    return [f for f in Report._meta.concrete_fields if not f.primary_key]


def _insert_sql(connection, rows: int) -> tuple[str, list]:
    qn = connection.ops.quote_name
    fields = _fields()
    columns = ", ".join(qn(f.column) for f in fields)
    one = "(" + ", ".join(["%s"] * len(fields)) + ")"
    sql = (
        f"INSERT INTO {qn(Report._meta.db_table)} ({columns}) VALUES {', '.join([one] * rows)} "
        f"ON CONFLICT ({qn('client_id')}) DO NOTHING"
    )
    return sql, fields


def _event_sql(connection) -> str:
    qn = connection.ops.quote_name
    return f"INSERT INTO {qn(ReportEvent._meta.db_table)} ({', '.join(qn(c) for c in _EVENT_COLUMNS)}) "


def reports_insert(reports: list[Report], *, actor_id: int | None, note: str, using: str = "default") -> list[Report]:
    """INSERT `reports` (unsaved, distinct client_ids) and a "created" event each; return those created (pk set).

    Reports whose client_id is already stored are left out of the result (and nothing is written for them)."""
    if not reports:
        return []
    connection = connections[using]
    now = timezone.now()
    for report in reports:
        report.created_at = report.updated_at = now
    sql, fields = _insert_sql(connection, len(reports))
    params = [f.get_db_prep_save(getattr(r, f.attname), connection) for r in reports for f in fields]
    at = ReportEvent._meta.get_field("at").get_db_prep_save(now, connection)
    if connection.vendor == "postgresql":
        statement = (
            f"WITH r AS ({sql} RETURNING id, client_id, status, unit_id), "
            f"e AS ({_event_sql(connection)} SELECT id, 'created', CAST(%s AS bigint), CAST(%s AS timestamptz), "
            "'', status, unit_id, CAST(%s AS text) FROM r) SELECT id, client_id FROM r"
        )
        params = [*params, actor_id, at, note]
        returned = prepared_fetchall(connection, statement, params, prepare=True if len(reports) == 1 else None)
    else:
        with connection.cursor() as cursor:
            cursor.execute(f"{sql} RETURNING id, client_id", params)
            returned = cursor.fetchall()
            _events_insert(cursor, connection, returned, reports, actor_id=actor_id, at=at, note=note)
    return _mark_created(reports, returned, using)


def _events_insert(cursor, connection, returned, reports, *, actor_id, at, note) -> None:
    if not returned:
        return
    by_client = {r.client_id: r for r in reports}
    values, params = [], []
    for pk, client_id in returned:
        report = by_client[uuid.UUID(str(client_id))]
        values.append("(" + ", ".join(["%s"] * len(_EVENT_COLUMNS)) + ")")
        params += [pk, ReportEvent.Kind.CREATED, actor_id, at, "", report.status, report.unit_id, note]
    cursor.execute(_event_sql(connection) + "VALUES " + ", ".join(values), params)


def _mark_created(reports: list[Report], returned, using: str) -> list[Report]:
    ids = {uuid.UUID(str(client_id)): pk for pk, client_id in returned}
    created = []
    for report in reports:
        pk = ids.get(report.client_id)
        if pk is not None:
            report.pk = pk
            report._state.adding, report._state.db = False, using
            created.append(report)
    return created
