"""Crash between the commit and the inline triage (SQLite installs, `make serve`): the report is stored and
acknowledged-able but still pending. Nothing manual is needed to triage it: the client's retry (answered 200, a
replay) triages it, and without a retry the job worker's sweep does once the report is older than the bound."""

import subprocess
import sys
import time
import uuid

import httpx
import pytest

from siaga.accounts.models import ApiToken
from siaga.reports.models import Report, ReportEvent
from tests.reports.factories import desa_point
from tests.reports.server import ROOT, Server, free_port

pytestmark = pytest.mark.django_db(transaction=True)


def _crash_after_commit(server_env: dict, body: dict, token: str) -> Report:
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.reports.crashing_server", str(port)],
        cwd=ROOT,
        env=server_env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        with pytest.raises(httpx.HTTPError):  # no answer: the process died
            httpx.post(
                f"http://127.0.0.1:{port}/api/reports/",
                json=body,
                headers={"Authorization": f"Bearer {token}"},
                timeout=10,
            )
        assert proc.wait(10) == 9
    finally:
        if proc.poll() is None:
            proc.kill()
    report = Report.objects.get(client_id=body["client_id"])
    assert report.triage_state == "pending"  # committed, never triaged
    return report


def _triaged(report: Report) -> bool:
    report.refresh_from_db()
    return (
        report.triage_state == "done"
        and ReportEvent.objects.filter(report=report, kind=ReportEvent.Kind.SUGGESTED).exists()
        and bool(report.triage.get("suggestions"))
    )


def _body(district) -> dict:
    text = "Baliho calon dirusak di jalan desa"
    return {"client_id": str(uuid.uuid4()), "text": text, **desa_point(district.desa_a[0])}


def test_the_clients_retry_triages_a_report_whose_server_died_before_the_inline_triage(district, field_a_user):
    _, token = ApiToken.issue(user=field_a_user, name="crash")
    server = Server(free_port(), {"SIAGA_REPORTS_TRIAGE": "inline"})
    body = _body(district)
    report = _crash_after_commit(server.env, body, token)
    server.start()
    try:
        retry = httpx.post(
            f"{server.url}/api/reports/", json=body, headers={"Authorization": f"Bearer {token}"}, timeout=10
        )
    finally:
        server.stop()
    assert retry.status_code == 200 and retry.json()["id"] == report.pk  # a replay, the same report
    assert _triaged(report)  # by the retry itself: no bound to wait for


def test_without_a_retry_the_job_worker_sweeps_it_once_older_than_the_bound(district, field_a_user, tmp_path):
    _, token = ApiToken.issue(user=field_a_user, name="crash")
    env = Server(free_port(), {"SIAGA_REPORTS_TRIAGE": "inline", "SIAGA_TRIAGE_SWEEP_AFTER": "2"}).env
    report = _crash_after_commit(env, _body(district), token)
    env = {**env, "SIAGA_TASKS_BACKEND": "django_tasks_db.DatabaseBackend"}
    log = tmp_path / "worker.log"
    worker = subprocess.Popen(
        [sys.executable, "-m", "siaga.cli", "worker", "--no-reload", "--interval", "0.2", "--housekeeping", "0.2"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log.open("w"),
    )  # as `make serve` runs it beside the web server
    try:
        deadline = time.monotonic() + 60
        while not _triaged(report) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert worker.poll() is None, log.read_text()[-2000:]
    finally:
        worker.terminate()
        try:
            worker.wait(20)
        except subprocess.TimeoutExpired:
            worker.kill()
    assert _triaged(report), log.read_text()[-2000:]
