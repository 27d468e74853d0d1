"""Nothing stuck, nothing silently skipped: a connection fault never counts against a report; a report whose
triage keeps failing for another reason is marked failed after MAX_ATTEMPTS, listed for ops staff in their scope
and put back in the queue from there; a pending report is finished by a client's retry (the replay) and by the
sweep of the job worker and the escalation loop."""

import uuid
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import OperationalError
from django.test import TestCase, override_settings
from django.utils import timezone

from siaga.reports.errors import ReportError
from siaga.reports.models import Report, ReportEvent
from siaga.reports.services import deferred, report_submit, reports_submit_batch
from siaga.reports.services.deferred import MAX_ATTEMPTS, report_triage_retry, triage_pending, triage_sweep
from siaga.reports.services.intake import created_note, report_prepare
from siaga.reports.services.store import reports_insert
from tests.reports.factories import desa_point

pytestmark = pytest.mark.django_db


def stored_untriaged(user, district, *, text="Baliho calon dirusak di jalan desa", desa=None, age=None, **extra):
    """A report committed by intake whose triage never ran (the process died right after the commit)."""
    report = report_prepare(
        channel="officer", user=user, client_id=uuid.uuid4(), text=text, **desa_point(desa or district.desa_a[0])
    )
    for key, value in extra.items():
        setattr(report, key, value)
    [report] = reports_insert([report], actor_id=user.pk, note=created_note("officer"))
    if age is not None:
        Report.objects.filter(pk=report.pk).update(created_at=timezone.now() - age)
    report.refresh_from_db()
    assert report.triage_state == "pending"
    return report


def _poison(monkeypatch, bad_text: str, exc: Exception):
    real = deferred._triage_one

    def triage_one(report, nearby, increments):
        if bad_text in report.text:
            raise exc
        return real(report, nearby, increments)

    monkeypatch.setattr(deferred, "_triage_one", triage_one)


def _triaged(report: Report) -> bool:
    report.refresh_from_db()
    has_row = ReportEvent.objects.filter(report=report, kind=ReportEvent.Kind.SUGGESTED).exists()
    return report.triage_state == "done" and has_row and bool(report.triage.get("suggestions"))


def test_a_report_that_keeps_failing_is_marked_failed_after_max_attempts_and_never_blocks_the_others(
    district, field_a_user, monkeypatch
):
    bad = stored_untriaged(field_a_user, district, text="Laporan rusak yang membuat triase gagal")
    _poison(monkeypatch, "rusak yang membuat", ValueError("data tempat tidak terbaca"))
    good = []
    for attempt in range(1, MAX_ATTEMPTS + 1):
        good.append(stored_untriaged(field_a_user, district, text=f"Pencurian motor di pasar {attempt}"))
        assert triage_pending() == 1
        bad.refresh_from_db()
        assert bad.triage_attempts == attempt
        assert bad.triage_error == "ValueError: data tempat tidak terbaca"
        assert bad.triage_state == ("failed" if attempt == MAX_ATTEMPTS else "pending")
    assert all(_triaged(r) for r in good)
    assert triage_pending() == 0  # a failed report is no longer retried on its own
    assert not ReportEvent.objects.filter(report=bad, kind=ReportEvent.Kind.SUGGESTED).exists()


def test_a_connection_fault_never_counts_and_leaves_the_report_pending(district, field_a_user, monkeypatch):
    report = stored_untriaged(field_a_user, district)
    _poison(monkeypatch, "Baliho", OperationalError("terminating connection due to administrator command"))
    for _ in range(MAX_ATTEMPTS + 2):
        with pytest.raises(OperationalError):  # the loop's guard reconnects and backs off
            triage_pending()
    report.refresh_from_db()
    assert (report.triage_state, report.triage_attempts, report.triage_error) == ("pending", 0, "")
    monkeypatch.undo()
    assert triage_pending() == 1 and _triaged(report)


def test_an_inline_triage_failure_never_turns_an_acknowledged_report_into_an_error(district, field_a_user, monkeypatch):
    _poison(monkeypatch, "rusak", ValueError("galat"))
    with TestCase.captureOnCommitCallbacks(execute=True):
        report, created = report_submit(
            channel="officer", user=field_a_user, client_id=uuid.uuid4(), text="Laporan rusak di desa"
        )
    report.refresh_from_db()
    assert created and (report.triage_state, report.triage_attempts) == ("pending", 1)


def test_ops_staff_see_failed_reports_in_their_scope_and_put_them_back_in_the_queue(
    district, field_a_user, kapolres, polsek_b_user, login
):
    in_a = stored_untriaged(field_a_user, district, text="Baliho dirusak di desa A")
    in_b = stored_untriaged(field_a_user, district, text="Spanduk dirusak di desa B", desa=district.desa_b[0])
    Report.objects.filter(pk__in=[in_a.pk, in_b.pk]).update(
        triage_state="failed", triage_attempts=MAX_ATTEMPTS, triage_error="ValueError: galat"
    )
    page = login(polsek_b_user).get("/laporan/triase-gagal/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Laporan dengan triase gagal" in html and f"#{in_b.pk}" in html and f"#{in_a.pk}" not in html
    client = login(kapolres)
    html = client.get("/laporan/triase-gagal/").content.decode()
    assert f"#{in_a.pk}" in html and f"#{in_b.pk}" in html and "Ulangi triase" in html
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(f"/laporan/{in_a.pk}/triase-ulang/", follow=True)
    assert "dikembalikan ke antrean triase" in response.content.decode()
    assert _triaged(in_a)
    in_a.refresh_from_db()
    assert (in_a.triage_attempts, in_a.triage_error) == (0, "")
    assert login(polsek_b_user).post(f"/laporan/{in_a.pk}/triase-ulang/").status_code == 404  # outside its scope


def test_only_those_who_handle_reports_see_the_list_or_retry(district, field_a_user, viewer_user, login):
    report = stored_untriaged(field_a_user, district)
    Report.objects.filter(pk=report.pk).update(triage_state="failed", triage_attempts=MAX_ATTEMPTS)
    report.refresh_from_db()
    assert login(viewer_user).get("/laporan/triase-gagal/").status_code == 403
    with pytest.raises(ReportError) as refused:
        report_triage_retry(user=field_a_user, report=report)
    assert refused.value.status == 403
    report.refresh_from_db()
    assert report.triage_state == "failed"


def test_retrying_a_report_that_did_not_fail_is_refused_in_indonesian(district, field_a_user, kapolres):
    report = stored_untriaged(field_a_user, district)
    with pytest.raises(ReportError, match="tidak gagal"):
        report_triage_retry(user=kapolres, report=report)


def test_a_clients_retry_triages_a_report_left_pending_by_a_crash(district, field_a_user):
    report = stored_untriaged(field_a_user, district)
    with TestCase.captureOnCommitCallbacks(execute=True):
        again, created = report_submit(
            channel="officer", user=field_a_user, client_id=report.client_id, text=report.text
        )
    assert not created and again.pk == report.pk
    assert _triaged(report)


def test_a_replayed_batch_triages_its_reports_left_pending(district, field_a_user):
    left = stored_untriaged(field_a_user, district)
    item = {"client_id": str(left.client_id), "text": left.text, **desa_point(district.desa_a[0])}
    with TestCase.captureOnCommitCallbacks(execute=True):
        results = reports_submit_batch(user=field_a_user, channel="officer", items=[item])
    assert [r["status"] for r in results] == [200]
    assert _triaged(left)


def test_the_sweep_triages_pending_reports_older_than_its_bound(district, field_a_user, monkeypatch):
    monkeypatch.setenv("SIAGA_TRIAGE_SWEEP_AFTER", "30")
    old = stored_untriaged(field_a_user, district, age=timedelta(seconds=31))
    fresh = stored_untriaged(field_a_user, district, text="Pencurian motor di pasar")
    assert triage_sweep() == 1
    assert _triaged(old)
    fresh.refresh_from_db()
    assert fresh.triage_state == "pending"  # its inline triage may still be on its way


def test_the_bound_is_30_seconds_inline_and_10_minutes_beside_the_triage_process(monkeypatch):
    monkeypatch.delenv("SIAGA_TRIAGE_SWEEP_AFTER", raising=False)
    monkeypatch.setenv("SIAGA_REPORTS_TRIAGE", "inline")
    assert deferred.triage_sweep_after() == timedelta(seconds=30)
    monkeypatch.setenv("SIAGA_REPORTS_TRIAGE", "process")
    assert deferred.triage_sweep_after() == timedelta(minutes=10)


@pytest.mark.django_db(transaction=True)  # the loops close connections between rounds, as requests do
@override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}})  # as in production
def test_the_job_worker_and_the_escalation_loop_sweep_without_any_manual_command(district, field_a_user):
    first = stored_untriaged(field_a_user, district, age=timedelta(minutes=5))
    call_command("worker", batch=True, startup_delay=False, reload=False, verbosity=0)
    assert _triaged(first)
    second = stored_untriaged(field_a_user, district, age=timedelta(minutes=5))
    call_command("reports_escalate", verbosity=0)
    assert _triaged(second)
