"""Hot statements with the same text every time (the intake INSERT, the triage's candidate lookups).

On PostgreSQL they run on Django's own connection (same transaction state) through a server-binding psycopg
cursor: parameters travel apart from the SQL (no client-side quoting of every value) and the statement is
prepared on the connection, so PostgreSQL parses and plans it once per connection. Elsewhere they run on
connection.cursor(). Either way it behaves like connection.cursor(): errors come out as Django's
(IntegrityError …), execute wrappers run, and the query is logged when Django logs queries (DEBUG,
assertNumQueries)."""

from __future__ import annotations

import functools
import time


def prepared_fetchall(connection, sql: str, params: list, *, prepare: bool | None = True) -> list[tuple]:
    """`sql` (%s placeholders) with `params`, all rows. `prepare`: True = prepare on first use; None = after
    psycopg's usual threshold (for texts that vary, such as a multi-row INSERT per batch size)."""
    if connection.vendor != "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()
    import psycopg

    connection.close_if_health_check_failed()  # as connection.cursor() does: a dropped connection is replaced
    connection.ensure_connection()
    connection.validate_no_broken_transaction()
    with connection.wrap_database_errors, psycopg.Cursor(connection.connection) as cursor:

        def execute(sql, params, many, context):
            return cursor.execute(sql, params, prepare=prepare)

        for wrapper in reversed(connection.execute_wrappers):
            execute = functools.partial(wrapper, execute)
        start = time.monotonic()
        execute(sql, params, False, {"connection": connection, "cursor": cursor})
        rows = cursor.fetchall()
    if connection.queries_logged:
        connection.queries_log.append({"sql": sql, "time": f"{time.monotonic() - start:.3f}"})
    return rows
