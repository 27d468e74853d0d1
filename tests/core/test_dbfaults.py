"""siaga.core.dbfaults: long-running loops survive a dropped connection; the backoff is bounded and jittered;
intake services run once more on a fresh connection; the database settings that go with it."""

import logging

import pytest
from django.conf import settings
from django.db import DataError, InterfaceError, OperationalError, connection

from siaga.core.dbfaults import FAULT, Backoff, DbFaultGuard, is_transient, retry_on_disconnect


def test_the_backoff_doubles_up_to_its_cap_with_jitter_and_starts_over_after_a_success():
    low = Backoff(base=0.5, cap=4.0, rng=lambda: 0.0)
    assert [low.next_delay() for _ in range(6)] == [0.25, 0.5, 1.0, 2.0, 2.0, 2.0]
    high = Backoff(base=0.5, cap=4.0, rng=lambda: 1.0)
    assert [high.next_delay() for _ in range(5)] == [0.5, 1.0, 2.0, 4.0, 4.0]
    high.reset()
    assert high.next_delay() == 0.5


def test_connection_faults_are_transient_and_data_or_code_errors_are_not(db):
    assert is_transient(OperationalError("server closed the connection unexpectedly"))
    assert is_transient(InterfaceError("connection already closed"))
    assert not is_transient(DataError("value too long"))  # the connection is fine: the data is not
    assert not is_transient(ValueError("bug"))


def test_the_guard_drops_the_connection_logs_backs_off_and_carries_on(db, caplog, monkeypatch):
    dropped, slept = [], []
    monkeypatch.setattr("siaga.core.dbfaults.connections_drop", lambda: dropped.append(1))
    guard = DbFaultGuard("uji", backoff=Backoff(rng=lambda: 1.0), sleep=slept.append)
    outcomes = iter([OperationalError("terminating connection due to administrator command"), InterfaceError(), 7])

    def step():
        outcome = next(outcomes)
        if isinstance(outcome, Exception):
            raise outcome
        return outcome

    with caplog.at_level(logging.WARNING, logger="siaga.dbfaults"):
        assert guard.call(step) is FAULT
        assert guard.call(step) is FAULT
        assert guard.call(step) == 7
    assert dropped == [1, 1] and slept == [0.5, 1.0] and guard.backoff.failures == 0
    lines = [r.getMessage() for r in caplog.records]
    assert "uji: koneksi basis data terputus (OperationalError: terminating connection" in lines[0]
    assert "menyambung ulang dalam 0.5 detik (gangguan ke-1)" in lines[0]
    assert lines[-1] == "uji: koneksi basis data pulih, proses berlanjut."


def test_the_guard_lets_other_errors_through(db):
    guard = DbFaultGuard("uji", sleep=lambda _: pytest.fail("no backoff for a bug"))
    with pytest.raises(ZeroDivisionError):
        guard.call(lambda: 1 / 0)


@pytest.mark.django_db(transaction=True)
def test_an_idempotent_service_runs_once_more_after_a_dropped_connection_but_not_inside_a_transaction(monkeypatch):
    monkeypatch.setattr("siaga.core.dbfaults.connections_drop", lambda: None)
    calls = []

    @retry_on_disconnect
    def service():
        calls.append(1)
        if len(calls) == 1:
            raise OperationalError("server closed the connection unexpectedly")
        return "tersimpan"

    assert service() == "tersimpan" and len(calls) == 2
    calls.clear()
    from django.db import transaction

    with pytest.raises(OperationalError), transaction.atomic():
        service()
    assert len(calls) == 1


@pytest.mark.sqlite
def test_sqlite_commits_with_synchronous_full_by_default(db):
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA synchronous")
        assert cursor.fetchone()[0] == 2  # 0 OFF, 1 NORMAL, 2 FULL, 3 EXTRA


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_a_prepared_statement_replaces_a_connection_the_server_dropped():
    """CONN_HEALTH_CHECKS: at the start of each request Django checks a persistent connection before use; the
    intake's prepared statement (which bypasses connection.cursor()) checks it too."""
    import psycopg

    from siaga.core.prepared import prepared_fetchall

    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True
    connection.ensure_connection()
    pid = connection.connection.info.backend_pid
    params = connection.get_connection_params()
    with psycopg.connect(**{k: v for k, v in params.items() if k != "cursor_factory"}, autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", [pid])
    connection.close_if_unusable_or_obsolete()  # what request_started does: the health check is due again
    assert prepared_fetchall(connection, "SELECT %s::int + 1", [41]) == [(42,)]
    assert connection.connection.info.backend_pid != pid


def test_the_worker_records_a_task_failed_when_the_connection_dropped_under_it(monkeypatch):
    """Not left claimed and "running" for ever: the outcome is written on a fresh connection."""
    from types import SimpleNamespace

    from siaga.core.management.commands.worker import SiagaWorker

    dropped = []
    monkeypatch.setattr("siaga.core.management.commands.worker.connections_drop", lambda: dropped.append(1))

    class Task:
        takes_context = False

        def get_backend(self):
            return object()

        def call(self, *args, **kwargs):
            raise OperationalError("server closed the connection unexpectedly")

    class Result:
        id, task, task_result = 1, Task(), SimpleNamespace(args=[], kwargs={})
        attempts: list = []
        recorded: list = []

        def set_failed(self, exc):
            self.attempts.append(exc)
            if len(self.attempts) == 1:  # the old, dead connection
                raise InterfaceError("connection already closed")
            self.recorded.append(exc)

    worker = SiagaWorker(
        queue_names=["default"], interval=1, batch=False, backend_name="default", startup_delay=False,
        max_tasks=None, worker_id="uji", excluded_queue_names=[], housekeeping_every=5,
    )  # fmt: skip
    result = Result()
    with pytest.raises(InterfaceError):  # the worker's guard reconnects and backs off
        worker.run_task(result)
    assert dropped == [1] and len(result.recorded) == 1
