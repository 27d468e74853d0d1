"""Monthly range partitions of the big append-mostly tables on PostgreSQL (SQLite: nothing here runs).

Which tables: the report timeline (`reports_reportevent`, by `at`), patrol check-ins (`patrols_patrolcheckin`, by
`at`) and the audit trail (`core_objectchange`, by `at`), converted by one PostgreSQL-only migration in each app
(`partition_table_operation`). Reports themselves and register cases are not partitioned: other tables hold foreign
keys to them (timeline, contact, photos, sharing; status history) and their `client_id`/tracking code/LP number
must stay unique across all time, which PostgreSQL enforces on a partitioned table only together with the partition
column (ARCHITECTURE.md, "Deployment at each scale").

The scheme Django lives with: the model keeps `id` as its primary key field; in PostgreSQL the primary key is
`(id, <column>)` (a partitioned table's unique keys must contain the partition column), `id` takes its values from
a sequence owned by the column (identity columns are not allowed on partitioned tables before PostgreSQL 17), and
a unique field becomes unique together with the partition column (`client_id, at` for check-ins: a phone's retry
carries the same `at`; the service also looks the `client_id` up first). Foreign keys from these tables are kept.

Each table has a DEFAULT partition (rows of any month without its own partition: old imports, far future dates)
and monthly partitions `<table>_pYYYYMM` (month boundaries in TIME_ZONE). `partitions_ensure()` creates the
coming months ahead (worker housekeeping, at most hourly; `siaga partitions ensure`), moving rows of that month out
of DEFAULT first. `partitions_detach(before)` (`siaga partitions detach --before YYYY-MM`) detaches every month
before `before` as a standalone table for archive (`pg_dump -t <name>`, then DROP TABLE), its foreign keys dropped.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
import zoneinfo
from dataclasses import dataclass

from django.conf import settings
from django.db import connection as default_connection
from django.db import migrations, transaction

log = logging.getLogger(__name__)
MONTHS_AHEAD = 3
MONTHS_BEHIND = 1
_ENSURE_EVERY = 3600.0
_last_ensure = float("-inf")


@dataclass(frozen=True)
class Partition:
    table: str
    name: str
    month: dt.date | None  # None: the DEFAULT partition


def _tz():
    return zoneinfo.ZoneInfo(settings.TIME_ZONE)


def month_start(value: dt.date) -> dt.date:
    return value.replace(day=1)


def month_add(month: dt.date, n: int) -> dt.date:
    index = month.year * 12 + month.month - 1 + n
    return dt.date(index // 12, index % 12 + 1, 1)


def _bound(month: dt.date) -> str:
    return dt.datetime(month.year, month.month, 1, tzinfo=_tz()).isoformat()


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def partitioned_tables(conn=None) -> dict[str, str]:
    """Range-partitioned tables of this database and their partition column."""
    conn = conn or default_connection
    if conn.vendor != "postgresql":
        return {}
    with conn.cursor() as cursor:
        cursor.execute(
            """
            SELECT c.relname, a.attname
            FROM pg_partitioned_table p
            JOIN pg_class c ON c.oid = p.partrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = current_schema()
            JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = p.partattrs[0]
            WHERE p.partstrat = 'r'
            ORDER BY c.relname
            """
        )
        return dict(cursor.fetchall())


def partitions_of(table: str, conn=None) -> list[Partition]:
    conn = conn or default_connection
    with conn.cursor() as cursor:
        cursor.execute(
            """
            SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
            WHERE i.inhparent = %s::regclass ORDER BY c.relname
            """,
            [table],
        )
        names = [row[0] for row in cursor.fetchall()]
    found = []
    for name in names:
        suffix = name[len(table) :]
        if suffix == "_default":
            found.append(Partition(table, name, None))
        elif suffix.startswith("_p") and len(suffix) == 8 and suffix[2:].isdigit():
            found.append(Partition(table, name, dt.date(int(suffix[2:6]), int(suffix[6:8]), 1)))
    return found


def _create_month(cursor, table: str, column: str, month: dt.date) -> str:
    """The month's partition, moving its rows out of DEFAULT first (in the caller's transaction)."""
    name = f"{table}_p{month:%Y%m}"
    lo, hi = _bound(month), _bound(month_add(month, 1))
    default = f"{table}_default"
    cursor.execute(f"SELECT 1 FROM {_q(default)} WHERE {_q(column)} >= %s AND {_q(column)} < %s LIMIT 1", [lo, hi])
    if cursor.fetchone() is None:
        cursor.execute(f"CREATE TABLE {_q(name)} PARTITION OF {_q(table)} FOR VALUES FROM (%s) TO (%s)", [lo, hi])
        return name
    cursor.execute(f"CREATE TABLE {_q(name)} (LIKE {_q(table)} INCLUDING DEFAULTS INCLUDING CONSTRAINTS)")
    cursor.execute(
        f"WITH moved AS (DELETE FROM {_q(default)} WHERE {_q(column)} >= %s AND {_q(column)} < %s RETURNING *) "
        f"INSERT INTO {_q(name)} SELECT * FROM moved",
        [lo, hi],
    )
    cursor.execute(f"ALTER TABLE {_q(table)} ATTACH PARTITION {_q(name)} FOR VALUES FROM (%s) TO (%s)", [lo, hi])
    return name


def partitions_ensure(*, months_ahead: int = MONTHS_AHEAD, today: dt.date | None = None, conn=None) -> list[str]:
    """Create the monthly partitions from last month to `months_ahead` months on; the names created."""
    conn = conn or default_connection
    if conn.vendor != "postgresql":
        return []
    today = today or dt.datetime.now(_tz()).date()
    first = month_add(month_start(today), -MONTHS_BEHIND)
    months = [month_add(first, i) for i in range(MONTHS_BEHIND + months_ahead + 1)]
    return _ensure_months(conn, months)


def _ensure_months(conn, months, tables: dict[str, str] | None = None) -> list[str]:
    created = []
    for table, column in (tables or partitioned_tables(conn)).items():
        have = {p.month for p in partitions_of(table, conn)}
        for month in months:
            if month in have:
                continue
            with transaction.atomic(using=conn.alias), conn.cursor() as cursor:
                cursor.execute(f"LOCK TABLE {_q(table)} IN SHARE ROW EXCLUSIVE MODE")
                if month in {p.month for p in partitions_of(table, conn)}:
                    continue  # another worker made it meanwhile
                created.append(_create_month(cursor, table, column, month))
    if created:
        log.info("partisi dibuat: %s", ", ".join(created))
    return created


def partitions_chore() -> list[str]:
    """Housekeeping: the coming months' partitions, at most once an hour per process."""
    global _last_ensure
    now = time.monotonic()
    if default_connection.vendor != "postgresql" or now - _last_ensure < _ENSURE_EVERY:
        return []
    _last_ensure = now
    return partitions_ensure()


def partitions_detach(before: dt.date, *, conn=None) -> list[str]:
    """Detach every monthly partition of a month before `before` (rows of those months still in DEFAULT are moved
    into their month first) as standalone tables without foreign keys; the detached names."""
    conn = conn or default_connection
    if conn.vendor != "postgresql":
        return []
    before = month_start(before)
    detached = []
    for table, column in partitioned_tables(conn).items():
        with conn.cursor() as cursor:
            cursor.execute(f"SELECT min({_q(column)}) FROM {_q(table + '_default')} WHERE {_q(column)} < %s",
                           [_bound(before)])  # fmt: skip
            oldest = cursor.fetchone()[0]
        if oldest is not None:
            month, months = month_start(oldest.astimezone(_tz()).date()), []
            while month < before:
                months.append(month)
                month = month_add(month, 1)
            _ensure_months(conn, months, {table: column})
        for part in partitions_of(table, conn):
            if part.month is None or part.month >= before:
                continue
            with transaction.atomic(using=conn.alias), conn.cursor() as cursor:
                cursor.execute(f"ALTER TABLE {_q(table)} DETACH PARTITION {_q(part.name)}")
                cursor.execute(
                    "SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass AND contype = 'f'", [part.name]
                )
                for (constraint,) in cursor.fetchall():
                    cursor.execute(f"ALTER TABLE {_q(part.name)} DROP CONSTRAINT {_q(constraint)}")
            detached.append(part.name)
    return detached


# --- conversion (migrations) ---------------------------------------------------------------------------------


def convert_to_partitioned(conn, table: str, column: str, *, today: dt.date | None = None) -> None:
    """Turn `table` into a table range-partitioned by `column` (see the module docstring for the key scheme)."""
    old = f"{table}__unpartitioned"
    with conn.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_partitioned_table WHERE partrelid = %s::regclass", [table])
        if cursor.fetchone():
            return
        cursor.execute(
            """
            SELECT conname, contype, pg_get_constraintdef(oid), conindid
            FROM pg_constraint WHERE conrelid = %s::regclass AND contype IN ('p', 'u', 'f')
            """,
            [table],
        )
        constraints = cursor.fetchall()
        key_indexes = {row[3] for row in constraints if row[1] in ("p", "u")}
        cursor.execute(
            """
            SELECT c.relname, pg_get_indexdef(i.indexrelid), i.indisunique, i.indexrelid
            FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE i.indrelid = %s::regclass
            """,
            [table],
        )
        indexes = [row for row in cursor.fetchall() if row[3] not in key_indexes]
        cursor.execute(f"SELECT coalesce(max(id), 0) FROM {_q(table)}")
        next_id = cursor.fetchone()[0] + 1
        cursor.execute(f"LOCK TABLE {_q(table)} IN ACCESS EXCLUSIVE MODE")
        cursor.execute(f"ALTER TABLE {_q(table)} RENAME TO {_q(old)}")
        cursor.execute(
            f"CREATE TABLE {_q(table)} (LIKE {_q(old)} INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING STORAGE "
            f"INCLUDING COMMENTS) PARTITION BY RANGE ({_q(column)})"
        )
        cursor.execute(f"CREATE TABLE {_q(table + '_default')} PARTITION OF {_q(table)} DEFAULT")
        cursor.execute(f"INSERT INTO {_q(table)} SELECT * FROM {_q(old)}")
        cursor.execute(f"DROP TABLE {_q(old)}")
        seq = f"{table}_id_seq"
        cursor.execute(f"CREATE SEQUENCE {_q(seq)} AS bigint OWNED BY {_q(table)}.id")
        cursor.execute("SELECT setval(%s, %s, false)", [seq, next_id])
        cursor.execute(f"ALTER TABLE {_q(table)} ALTER COLUMN id SET DEFAULT nextval('{seq}'::regclass)")
        for name, kind, definition, _ in constraints:
            if kind == "p":
                cursor.execute(f"ALTER TABLE {_q(table)} ADD CONSTRAINT {_q(name)} PRIMARY KEY (id, {_q(column)})")
            elif kind == "u":
                cols = definition[definition.index("(") + 1 : definition.rindex(")")]
                cursor.execute(f"ALTER TABLE {_q(table)} ADD CONSTRAINT {_q(name)} UNIQUE ({cols}, {_q(column)})")
        for name, kind, definition, _ in constraints:
            if kind == "f":
                cursor.execute(f"ALTER TABLE {_q(table)} ADD CONSTRAINT {_q(name)} {definition}")
        for _name, definition, unique, _oid in indexes:
            if unique:
                cols = definition[definition.index("(") + 1 : definition.rindex(")")]
                definition = definition[: definition.index("(") + 1] + f"{cols}, {_q(column)})"
            cursor.execute(definition)
    partitions_ensure(today=today, conn=conn)


def partition_table_operation(table: str, column: str) -> migrations.RunPython:
    """The migration operation converting `table` on PostgreSQL (no-op elsewhere and in reverse)."""

    def forward(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            convert_to_partitioned(schema_editor.connection, table, column)

    return migrations.RunPython(forward, migrations.RunPython.noop, elidable=False)
