"""The intake request path does only what the acknowledgement needs; the deferred triage step (in batches) adds
the suggestion, the severity rules, the places and the duplicates afterwards."""

import json
import uuid

import pytest
from django.core.management import call_command
from django.db import connection

from siaga.reports.models import Report, ReportEvent
from siaga.reports.services import report_submit, report_verify, reports_triage, triage_pending
from tests.reports.factories import desa_point

pytestmark = pytest.mark.django_db
TERROR = "Ada ancaman bom di TPS, warga menemukan benda mencurigakan"


def _submit(user, text=TERROR, **kwargs):
    return report_submit(channel="officer", user=user, client_id=uuid.uuid4(), text=text, **kwargs)[0]


def test_the_intake_api_answers_with_one_statement_on_postgresql(
    district, field_a_user, api_client, django_assert_num_queries
):
    client, headers = api_client(field_a_user)

    def post():
        body = {"client_id": str(uuid.uuid4()), "text": "Baliho dirusak", **desa_point(district.desa_a[0])}
        return client.post("/api/reports/", json.dumps(body), content_type="application/json", headers=headers)

    assert post().status_code == 201  # warms the token, category and location caches
    # PostgreSQL: one INSERT … RETURNING with the timeline row in a CTE (its own transaction). Other databases:
    # the report and the timeline row in a transaction (a savepoint inside the test's transaction).
    expected = 1 if connection.vendor == "postgresql" else 4
    with django_assert_num_queries(expected):
        assert post().status_code == 201


def test_a_report_starts_pending_with_the_default_severity_and_the_rules_follow(district, field_a_user):
    report = _submit(field_a_user, **desa_point(district.desa_a[0]))
    assert report.triage_state == "pending" and report.severity == 2 and report.suggested_category == ""
    initial_deadline = report.deadline_at
    assert not ReportEvent.objects.filter(report=report, kind="suggested").exists()
    assert triage_pending() == 1
    report.refresh_from_db()
    assert report.triage_state == "done" and report.suggested_category == "ancaman_teror"
    assert report.severity == 4 and report.deadline_at < initial_deadline
    assert report.triage["severity"]["level"] == 4 and report.triage["located_by"] == "coordinates"
    assert ReportEvent.objects.filter(report=report, kind="suggested").count() == 1
    assert reports_triage(ids=[report.pk]) == []  # idempotent: a triaged report is left alone


def test_a_severity_given_by_the_reporter_or_set_by_a_verifier_is_kept(district, field_a_user, kapolres):
    given = _submit(field_a_user, severity=1)
    verified = _submit(field_a_user)
    report_verify(report=verified, user=kapolres, category="lainnya", severity=3)
    triage_pending()
    given.refresh_from_db()
    verified.refresh_from_db()
    assert given.severity == 1 and given.suggested_category == "ancaman_teror"
    assert verified.severity == 3 and verified.status == "verified"


def test_a_category_given_starts_with_its_default_severity(district, field_a_user):
    from siaga.reports.taxonomy import known_categories

    report = _submit(field_a_user, text="Baliho calon dirusak orang tak dikenal", category="perusakan_apk")
    assert report.severity == known_categories()["perusakan_apk"].default_severity


def test_the_command_triages_the_queue_in_batches(district, field_a_user):
    point = desa_point(district.desa_a[0])
    for i in range(5):
        _submit(field_a_user, text=f"Bentrok antar pendukung paslon di lapangan desa, {i} orang luka", **point)
    call_command("reports_triage", batch=2)
    assert not Report.objects.filter(triage_state="pending").exists()
    reports = list(Report.objects.order_by("id"))
    incident = reports[0].incident
    assert incident is not None and all(r.incident_id == incident.pk for r in reports)
    assert incident.report_count == 5
    assert ReportEvent.objects.filter(kind="suggested").count() == 5
