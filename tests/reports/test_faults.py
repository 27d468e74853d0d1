"""Fault tests on PostgreSQL: the backends of Siaga's processes are terminated (pg_terminate_backend, as a restart
or a failover does) again and again while they work.

- The triage loop, the job worker and the escalation loop keep running, and every report ends triaged, none
  marked done without its "suggested" timeline row.
- The web server (gunicorn, threads, persistent connections) answers no 5xx to submissions meanwhile.

Bounded: a few hundred reports per process, a dozen terminations, loopback only, every wait has a deadline."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from pathlib import Path

import httpx
import pytest
from django.db import connection

from siaga.accounts.models import ApiToken
from siaga.reports.models import Report, ReportEvent
from siaga.reports.services.intake import created_note, report_prepare
from siaga.reports.services.store import reports_insert
from tests.reports.factories import desa_point
from tests.reports.server import ROOT, database_env, free_port

pytestmark = [pytest.mark.postgresql, pytest.mark.django_db(transaction=True)]
WAVES = 6
WAVE_SIZE = 60
TEXTS = ["Baliho calon dirusak di jalan desa", "Pembagian amplop uang oleh tim sukses", "Keributan di depan TPS"]


def other_backends() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        return cursor.fetchone()[0]


def terminate_other_backends() -> int:
    """Terminate every other connection to the test database (the test's own survives)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        return cursor.fetchone()[0]


def process_env(**extra) -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "SIAGA_TESTING": "1",
        "SIAGA_TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "SIAGA_DB_CONN_MAX_AGE": "600",  # persistent connections, as in production
        "SIAGA_LOG_LEVEL": "WARNING",
        **database_env(),
        **extra,
    }


def start(args: list[str], log: Path, **env) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "siaga.cli", *args],
        cwd=ROOT,
        env=process_env(**env),
        stdout=subprocess.DEVNULL,
        stderr=log.open("w"),
    )


def insert_wave(user, district, n: int) -> None:
    reports = [
        report_prepare(
            channel="officer",
            user=user,
            client_id=uuid.uuid4(),
            text=f"{TEXTS[i % len(TEXTS)]} {i}",
            **desa_point(district.desa_a[i % 2], dlat=i / 5000),
        )
        for i in range(n)
    ]
    reports_insert(reports, actor_id=user.pk, note=created_note("officer"))


def wait_until(predicate, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return predicate()


PROCESSES = {
    "triage": ["reports_triage", "--loop", "--interval", "0.1", "--yield-above", "0"],
    "worker": ["worker", "--no-reload", "--no-startup-delay", "--interval", "0.1", "--housekeeping", "0.1"],
    "escalate": ["reports_escalate", "--loop", "0.1"],
}


@pytest.mark.parametrize("name", list(PROCESSES))
def test_a_background_process_survives_its_connections_being_terminated_and_every_report_ends_triaged(
    name, district, field_a_user, tmp_path
):
    log = tmp_path / f"{name}.log"
    # the sweep of the worker and the escalation loop takes every pending report (no age bound) in this test
    proc = start(PROCESSES[name], log, SIAGA_REPORTS_TRIAGE="process", SIAGA_TRIAGE_SWEEP_AFTER="0")
    kills = 0
    try:
        assert wait_until(lambda: other_backends() > 0, timeout=60), log.read_text()[-3000:]  # it has started
        for _ in range(WAVES):
            insert_wave(field_a_user, district, WAVE_SIZE)
            time.sleep(0.05 + 0.05 * (kills % 3))  # the process is mid-batch
            assert wait_until(lambda: other_backends() > 0, timeout=30)  # reconnected after the last cut
            kills += terminate_other_backends()
            time.sleep(0.3)
            assert proc.poll() is None, log.read_text()[-3000:]
        drained = wait_until(lambda: not Report.objects.filter(triage_state="pending").exists(), timeout=120)
        assert proc.poll() is None, log.read_text()[-3000:]
    finally:
        proc.terminate()
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            proc.kill()
    assert kills >= WAVES  # every wave cut at least one of its connections
    assert drained, log.read_text()[-3000:]
    total = WAVES * WAVE_SIZE
    assert Report.objects.filter(triage_state="done").count() == total
    suggested = ReportEvent.objects.filter(kind=ReportEvent.Kind.SUGGESTED)
    assert suggested.count() == total and suggested.values("report").distinct().count() == total
    assert not Report.objects.filter(triage_state="done", triage__suggestions__isnull=True).exists()


class Submitter(threading.Thread):
    """One field app: POSTs reports one after another on a keep-alive connection, noting every status."""

    def __init__(self, url, token, district, stop: threading.Event, statuses: Counter, lock):
        super().__init__(daemon=True)
        self.url, self.stop, self.statuses, self.lock = url, stop, statuses, lock
        self.headers = {"Authorization": f"Bearer {token}"}
        self.point = desa_point(district.desa_a[0])
        self.sent: list[str] = []

    def run(self):
        with httpx.Client(timeout=10) as http:
            while not self.stop.is_set():
                body = {"client_id": str(uuid.uuid4()), "text": "Baliho calon dirusak di jalan desa", **self.point}
                try:
                    status = http.post(f"{self.url}/api/reports/", json=body, headers=self.headers).status_code
                except httpx.HTTPError as exc:  # the server must answer; a dropped HTTP connection counts too
                    status = type(exc).__name__
                self.sent.append(body["client_id"])
                with self.lock:
                    self.statuses[status] += 1


def test_terminated_database_connections_cost_the_web_no_5xx(district, field_a_user, tmp_path):
    _, token = ApiToken.issue(user=field_a_user, name="gangguan")
    port = free_port()
    log = tmp_path / "gunicorn.log"
    server = subprocess.Popen(
        [
            sys.executable, "-m", "gunicorn", "config.wsgi:application", "--bind", f"127.0.0.1:{port}",
            "--workers", "1", "--worker-class", "gthread", "--threads", "4", "--log-level", "warning",
        ],
        cwd=ROOT, env=process_env(), stdout=subprocess.DEVNULL, stderr=log.open("w"),
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    stop, statuses, lock = threading.Event(), Counter(), threading.Lock()
    clients = []
    try:
        assert wait_until(lambda: _healthy(url), timeout=30), log.read_text()[-3000:]
        clients = [Submitter(url, token, district, stop, statuses, lock) for _ in range(4)]
        for client in clients:
            client.start()
        assert wait_until(lambda: sum(statuses.values()) >= 40, timeout=60)
        kills = 0
        for _ in range(12):
            kills += terminate_other_backends()
            time.sleep(0.25)
        stop.set()
        for client in clients:
            client.join(30)
    finally:
        stop.set()
        server.terminate()
        try:
            server.wait(20)
        except subprocess.TimeoutExpired:
            server.kill()
    assert kills >= 12, "every termination found the server's connections"
    assert set(statuses) == {201}, (statuses, log.read_text()[-3000:])
    sent = [cid for client in clients for cid in client.sent]
    stored = Counter(str(c) for c in Report.objects.values_list("client_id", flat=True))
    assert set(stored) == set(sent) and max(stored.values()) == 1


def _healthy(url: str) -> bool:
    try:
        return httpx.get(f"{url}/healthz", timeout=1).status_code == 200
    except httpx.HTTPError:
        return False


def test_a_second_triage_process_takes_the_next_reports_while_the_first_holds_the_oldest(district, field_a_user):
    """SKIP LOCKED with the batch's LIMIT: several triage processes share the queue instead of one idling."""
    from django.db import transaction

    from siaga.reports.services.deferred import triage_pending

    insert_wave(field_a_user, district, 6)
    oldest = Report.objects.order_by("id").values_list("id", flat=True)[:3]
    holding, release = threading.Event(), threading.Event()

    def first_process():
        try:
            with transaction.atomic():
                list(Report.objects.select_for_update().filter(pk__in=list(oldest)))
                holding.set()
                release.wait(30)
        finally:
            connection.close()

    other = threading.Thread(target=first_process)
    other.start()
    try:
        assert holding.wait(30)
        assert triage_pending(limit=3) == 3  # the three after the held ones
    finally:
        release.set()
        other.join(30)
    pending = set(Report.objects.filter(triage_state="pending").values_list("id", flat=True))
    assert pending == set(oldest)
