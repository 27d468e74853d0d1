"""Sislap reports: LHGK/LMGK/LBGK made on schedule for every unit, and the incidental report of one event."""

import datetime as dt
import io

import pytest
from docx import Document

from siaga.analysis.models import AnevDocument
from siaga.analysis.services import incident_report, sislap_due_chore

pytestmark = pytest.mark.django_db


def _text(doc) -> str:
    d = Document(io.BytesIO(doc.docx.read()))
    return (
        "\n".join(p.text for p in d.paragraphs)
        + "\n"
        + "\n".join(c.text for t in d.tables for row in t.rows for c in row.cells)
    )


def test_daily_weekly_monthly_reports_are_made_once_per_unit(
    district, make_case, at, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = str(tmp_path)
    make_case(district.polsek_a, at(2024, 2, 29, 22), "curat", desa=district.desa_a[0], victims=1, loss_rp=2_000_000)
    make_case(district.polsek_b, at(2024, 2, 29, 9), "bencana", desa=district.desa_b[0])
    with django_capture_on_commit_callbacks(execute=True):
        made = sislap_due_chore(dt.date(2024, 3, 1))
    assert made == 9  # LHGK, LMGK, LBGK for the Polres and its two Polsek
    assert sislap_due_chore(dt.date(2024, 3, 1)) == 0
    lhgk = AnevDocument.objects.get(unit=district.polres, report="lhgk")
    assert (lhgk.start, lhgk.end) == (dt.date(2024, 2, 29), dt.date(2024, 2, 29)) and lhgk.job.status == "done"
    text = _text(lhgk)
    assert "LAPORAN HARIAN GANGGUAN KAMTIBMAS (LHGK) POLRES JEMBER" in text
    assert "Pencurian dengan pemberatan (curat)" in text and "Bencana alam" in text and "2.000.000" in text
    lbgk = AnevDocument.objects.get(unit=district.polsek_b, report="lbgk")
    assert (lbgk.start, lbgk.end) == (dt.date(2024, 2, 1), dt.date(2024, 2, 29))
    assert "curat" not in _text(lbgk)  # Polsek B's report holds only its own events
    lmgk = AnevDocument.objects.get(unit=district.polsek_a, report="lmgk")
    assert (lmgk.start, lmgk.end) == (dt.date(2024, 2, 19), dt.date(2024, 2, 25)) and "Nihil" in _text(lmgk)


def test_the_incidental_report_of_one_event(
    district, polsek_a_user, polsek_b_user, make_case, at, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = str(tmp_path)
    case = make_case(district.polsek_a, at(2024, 5, 2, 23), "pembunuhan", desa=district.desa_a[0], summary="Korban X")
    with django_capture_on_commit_callbacks(execute=True):
        doc = incident_report(case=case, actor=polsek_a_user)
    doc.refresh_from_db()
    text = _text(doc)
    assert "LAPORAN INSIDENTIL POLSEK JOMBANG" in text and case.lp_number in text and "Korban X" in text
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        incident_report(case=case, actor=polsek_b_user)
