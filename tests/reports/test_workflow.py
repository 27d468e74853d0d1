"""Workflow services: guarded transitions, timeline, assignment, escalation, learning from confirmations."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test import TestCase
from django.utils import timezone

from siaga.reports.errors import ReportError
from siaga.reports.models import ClassifierState, Report
from siaga.reports.services import (
    alert_level_set,
    report_assign,
    report_reject,
    report_resolve,
    report_start_handling,
    report_verify,
)
from tests.reports.factories import desa_point, submit

pytestmark = pytest.mark.django_db


def test_report_verify_to_resolve_records_every_step(district, ops_user):
    report = submit(None, text="Ada unjuk rasa di depan kantor KPU")
    with TestCase.captureOnCommitCallbacks(execute=True):
        report_verify(report=report, user=ops_user, category="unjuk_rasa")
    report_start_handling(report=report, user=ops_user)
    report_resolve(report=report, user=ops_user, note="Massa membubarkan diri")
    report.refresh_from_db()
    assert report.status == "resolved" and report.category_id == "unjuk_rasa" and report.category_confirmed
    kinds = list(report.events.values_list("kind", flat=True))
    assert kinds[:1] == ["created"] and kinds[-3:] == ["verified", "handling", "resolved"]
    assert report.events.get(kind="verified").actor == ops_user


def test_a_stale_transition_answers_409_and_changes_nothing(district, ops_user, kapolres):
    report = submit(None)
    stale = Report.objects.get(pk=report.pk)
    report_verify(report=report, user=kapolres)
    with pytest.raises(ReportError) as err:
        report_reject(report=stale, user=ops_user, reason="palsu")
    assert err.value.status == 409 and "pengguna lain" in err.value.message
    assert Report.objects.get(pk=report.pk).status == "verified"
    assert not report.events.filter(kind="rejected").exists()


def test_report_reject_requires_a_reason(district, ops_user):
    report = submit(None)
    with pytest.raises(ReportError, match="Alasan penolakan wajib"):
        report_reject(report=report, user=ops_user, reason=" ")
    report_reject(report=report, user=ops_user, reason="Laporan tidak dapat dikonfirmasi")
    assert Report.objects.get(pk=report.pk).rejection_reason == "Laporan tidak dapat dikonfirmasi"


def test_report_assign_defaults_to_the_polsek_of_the_place(district, kapolres):
    report = submit(kapolres, **desa_point(district.desa_a[0]))
    report_assign(report=report, user=kapolres, unit=district.polres)
    assert Report.objects.get(pk=report.pk).unit == district.polres
    report.refresh_from_db()
    report_assign(report=report, user=kapolres)
    assert Report.objects.get(pk=report.pk).unit == district.polsek_a


def test_field_officers_cannot_change_reports(district, field_a_user):
    report = submit(field_a_user)
    with pytest.raises(ReportError) as err:
        report_verify(report=report, user=field_a_user)
    assert err.value.status == 403


def test_reports_escalate_moves_overdue_reports_up_one_level(district, field_a_user):
    report = submit(field_a_user, **desa_point(district.desa_a[0]))
    Report.objects.filter(pk=report.pk).update(deadline_at=timezone.now() - timedelta(minutes=1))
    call_command("reports_escalate")
    report.refresh_from_db()
    assert report.unit == district.polres and report.escalation_level == 1
    assert report.deadline_at > timezone.now()
    assert report.events.filter(kind="escalated", unit=district.polres).exists()


def test_confirmed_categories_feed_the_learned_state(district, ops_user):
    report = submit(None, text="Warga melapor ada karung gabah ditimbun di gudang dekat balai")
    with TestCase.captureOnCommitCallbacks(execute=True):
        report_verify(report=report, user=ops_user, category="logistik")
    state = ClassifierState.objects.get(key="default")
    assert state.confirmations == 1 and "logistik" in state.state["counts"]


def test_only_command_roles_set_the_alert_level(district, kapolres, ops_user):
    alert = alert_level_set(unit=district.polres, level=1, user=kapolres, note="Masa tenang")
    assert alert.get_level_display() == "Siaga I"
    with pytest.raises(ReportError) as err:
        alert_level_set(unit=district.polres, level=2, user=ops_user)
    assert err.value.status == 403
