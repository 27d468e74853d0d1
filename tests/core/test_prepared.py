"""siaga.core.prepared: hot statements behave like connection.cursor() on either database."""

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from siaga.core.prepared import prepared_fetchall
from siaga.reports.models import Category

pytestmark = pytest.mark.django_db

INSERT = 'INSERT INTO reports_category (code, label, "group", default_severity, description, escalation_minutes, '
INSERT += "\"order\", is_active) VALUES (%s, %s, 'kamtibmas', 2, '', '{}', 1, %s) RETURNING code"


def test_it_returns_rows_in_the_current_transaction_and_is_logged():
    with CaptureQueriesContext(connection) as queries:
        rows = prepared_fetchall(connection, INSERT, ["uji_a", "Uji A", True])
        again = prepared_fetchall(connection, INSERT, ["uji_b", "Uji B", True])  # prepared on PostgreSQL
    assert rows == [("uji_a",)] and again == [("uji_b",)]
    logged = [q["sql"] for q in queries.captured_queries]
    assert len(logged) == 2 and all(sql.startswith("INSERT INTO reports_category") for sql in logged)
    assert set(Category.objects.filter(code__startswith="uji_").values_list("code", flat=True)) == {"uji_a", "uji_b"}


def test_a_constraint_violation_is_djangos_integrity_error_and_rolls_back_cleanly():
    prepared_fetchall(connection, INSERT, ["uji_c", "Uji C", True])
    with pytest.raises(IntegrityError), transaction.atomic():
        prepared_fetchall(connection, INSERT, ["uji_c", "Lagi", True])
    assert Category.objects.get(code="uji_c").label == "Uji C"  # the connection is usable, nothing half-written


def test_execute_wrappers_see_the_statement():
    seen = []

    def wrapper(execute, sql, params, many, context):
        seen.append((sql, list(params), many))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        prepared_fetchall(connection, INSERT, ["uji_d", "Uji D", False])
    assert seen == [(INSERT, ["uji_d", "Uji D", False], False)]
