"""report_submit: idempotency, location → desa → Polsek, triage suggestions, incidents, contact kept apart."""

import uuid

import pytest

from siaga.reports.models import Report, ReporterContact, ReportEvent
from siaga.reports.services import report_submit
from tests.reports.factories import desa_point, submit

pytestmark = pytest.mark.django_db


def test_report_submit_is_idempotent_on_client_id(district, field_a_user):
    client_id = uuid.uuid4()
    first, created = report_submit(channel="officer", user=field_a_user, client_id=client_id, text="Kotak suara rusak")
    again, created_again = report_submit(channel="officer", user=field_a_user, client_id=client_id, text="lain")
    assert created and not created_again
    assert first.pk == again.pk and again.text == "Kotak suara rusak"
    assert Report.objects.count() == 1
    assert ReportEvent.objects.filter(report=first, kind="created").count() == 1


def test_it_resolves_coordinates_to_the_desa_and_its_polsek(district, kapolres):
    report = submit(kapolres, **desa_point(district.desa_b[1], 0.0005))
    assert report.desa_id == district.desa_b[1].code
    assert report.unit == district.polsek_b


def test_it_matches_place_names_in_free_text_to_the_gazetteer(district):
    report = submit(None, text="Ada keributan pendukung di Kecamatan Kencong, Desa B1 dekat balai desa")
    assert report.unit == district.polsek_b
    assert report.desa_id == district.desa_b[0].code
    assert any(p["code"] == district.desa_b[0].code for p in report.triage["places"])


def test_it_suggests_a_category_and_severity_without_confirming(district, field_a_user):
    report = submit(field_a_user, text="Tim sukses membagikan amplop berisi uang kepada warga menjelang pencoblosan")
    assert report.category_id is None and not report.category_confirmed
    assert report.suggested_category == "politik_uang"
    assert report.severity >= 1 and report.deadline_at > report.created_at
    assert ReportEvent.objects.filter(report=report, kind="suggested").exists()


def test_near_duplicates_are_grouped_into_one_incident_with_a_count(district, field_a_user, kapolres):
    point = desa_point(district.desa_a[0])
    text = "Bentrok antar pendukung paslon di lapangan desa, dua orang luka"
    first = submit(field_a_user, text=text, **point)
    second = submit(kapolres, text="Bentrok antar pendukung paslon di lapangan desa, ada yang luka", **point)
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.incident_id is not None and first.incident_id == second.incident_id
    assert first.incident.report_count == 2
    third = submit(kapolres, text="Jalan rusak berlubang di jalur desa", **desa_point(district.desa_b[0]))
    assert third.incident_id is None


def test_public_contact_is_stored_apart_from_the_report(district):
    report = submit(None, contact={"name": "Siti", "phone": "08123456789"})
    assert report.source == "public" and report.tracking_code.startswith("SG")
    assert ReporterContact.objects.get(report=report).phone == "08123456789"
    assert "0812" not in str(Report.objects.filter(pk=report.pk).values().first())


def test_partner_reports_are_shared_with_the_partner(district, partner_user):
    report = submit(partner_user)
    assert report.source == "partner"
    assert list(report.shared_with.all()) == [district.kpu]
