"""Overlapping batches: two gateways flush the same client ids at the same moment, one in the opposite order of the
other. On PostgreSQL unsorted inserts deadlock (one batch answered 500); sorted, one waits for the other. On SQLite
the writers serialise: the same assertions hold (each id stored once, answered 201 exactly once)."""

import threading
import uuid
from collections import Counter

import pytest
from django.db import connection

from siaga.reports.models import Report, ReportEvent
from siaga.reports.services import report_prepare, reports_submit_batch
from siaga.reports.services.batch import _insert
from tests.reports.factories import desa_point

pytestmark = pytest.mark.django_db(transaction=True)
ROUNDS = 12
SIZE = 60


def _race(items_a, items_b, user, call=None) -> tuple[list, list]:
    call = call or (lambda items: reports_submit_batch(user=user, channel="officer", items=items))
    barrier = threading.Barrier(2)
    results: dict[str, object] = {}

    def run(name, items):
        try:
            connection.ensure_connection()  # connected before the start line, so that the two batches overlap
            barrier.wait(10)
            results[name] = call(items)
        except Exception as exc:  # noqa: BLE001 - the assertion below reports it
            results[name] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(n, i)) for n, i in (("a", items_a), ("b", items_b))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return results.get("a"), results.get("b")


def test_overlapping_batches_in_opposite_orders_never_deadlock_and_store_each_item_once(district, field_a_user):
    sent = []
    for round_no in range(ROUNDS):
        items = [
            {"client_id": str(uuid.uuid4()), "text": f"Baliho dirusak {round_no}-{i}", **desa_point(district.desa_a[0])}
            for i in range(SIZE)
        ]
        sent += [item["client_id"] for item in items]
        a, b = _race(items, list(reversed(items)), field_a_user)
        assert isinstance(a, list) and isinstance(b, list), (a, b)
        statuses = Counter(r["status"] for r in a + b)
        assert statuses == {201: SIZE, 200: SIZE}, statuses
        ids = {r["client_id"]: r["id"] for r in a}
        assert all(ids[r["client_id"]] == r["id"] for r in b)
    stored = Counter(str(c) for c in Report.objects.values_list("client_id", flat=True))
    assert set(stored) == set(sent) and max(stored.values()) == 1
    assert ReportEvent.objects.filter(kind="created").count() == len(sent)


def test_the_insert_step_takes_its_locks_in_one_order_whatever_order_the_batch_came_in(district, field_a_user):
    """The INSERT step alone, both batches validated beforehand, so that the two statements really overlap."""
    sent = []
    for round_no in range(ROUNDS):
        items = [
            {"client_id": uuid.uuid4(), "text": f"Spanduk dicopot {round_no}-{i}", **desa_point(district.desa_b[0])}
            for i in range(SIZE)
        ]
        sent += [str(item["client_id"]) for item in items]
        one = [report_prepare(channel="officer", user=field_a_user, **item) for item in items]
        other = [report_prepare(channel="officer", user=field_a_user, **item) for item in reversed(items)]
        a, b = _race(one, other, field_a_user, call=lambda reports: _insert(reports, user=field_a_user))
        assert isinstance(a, list) and isinstance(b, list), (a, b)
        assert len(a) + len(b) == SIZE
        assert {r.client_id for r in a}.isdisjoint({r.client_id for r in b})
    stored = Counter(str(c) for c in Report.objects.values_list("client_id", flat=True))
    assert set(stored) == set(sent) and max(stored.values()) == 1
