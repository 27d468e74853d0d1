"""Which earlier reports the deferred triage compares a report with (siaga.reports.services.nearby)."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from siaga.reports.services import report_reject
from siaga.reports.services.nearby import candidates_prefetch
from tests.reports.factories import desa_point, submit

pytestmark = pytest.mark.django_db


def _ids(report):
    return [c.pk for c in candidates_prefetch([report])[report.pk]]


def test_a_report_with_coordinates_is_compared_with_nearby_and_same_desa_reports_only(district, kapolres):
    near = submit(kapolres, text="Baliho paslon dirobek", **desa_point(district.desa_a[1]))  # ~0.55 km away
    no_point = submit(kapolres, text="Spanduk dicopot", desa_code=district.desa_a[0].code)
    far = submit(kapolres, text="Spanduk dicopot", **desa_point(district.desa_b[0]))  # ~4.5 km away
    report = submit(kapolres, text="Baliho paslon dirusak", **desa_point(district.desa_a[0]))
    ids = _ids(report)
    assert near.pk in ids and no_point.pk in ids and far.pk not in ids
    assert report.pk not in ids  # never itself, never a later report


def test_a_report_without_coordinates_is_compared_with_its_desa(district, kapolres):
    same_desa = submit(kapolres, text="Baliho paslon dirobek", **desa_point(district.desa_a[0]))
    other_desa = submit(kapolres, text="Baliho paslon dirobek", **desa_point(district.desa_a[1]))
    report = submit(kapolres, text="Baliho paslon dirusak", desa_code=district.desa_a[0].code)
    assert report.lat is None and report.desa_id == district.desa_a[0].code
    assert _ids(report) == [same_desa.pk]
    assert other_desa.pk not in _ids(report)


def test_rejected_and_out_of_window_reports_are_left_out_latest_first(district, kapolres):
    point = desa_point(district.desa_a[0])
    now = timezone.now()
    old = submit(kapolres, text="Baliho dirobek", occurred_at=now - timedelta(hours=3), **point)
    rejected = submit(kapolres, text="Baliho dirobek", **point)
    report_reject(report=rejected, user=kapolres, reason="Laporan palsu")
    earlier = submit(kapolres, text="Baliho dirobek", occurred_at=now - timedelta(minutes=30), **point)
    later = submit(kapolres, text="Baliho dirobek", occurred_at=now - timedelta(minutes=5), **point)
    report = submit(kapolres, text="Baliho dirusak", **point)
    assert _ids(report) == [later.pk, earlier.pk]
    assert old.pk not in _ids(report) and rejected.pk not in _ids(report)


def test_a_batch_reads_each_shared_candidate_once(district, kapolres):
    point = desa_point(district.desa_a[0])
    earlier = [submit(kapolres, text=f"Baliho dirobek {i}", **point) for i in range(3)]
    batch = [submit(kapolres, text=f"Baliho dirusak {i}", **point) for i in range(3)]
    with CaptureQueriesContext(connection) as queries:
        found = candidates_prefetch(batch)
    assert len(queries) == len(batch) + 1  # one id lookup per report, one read of the distinct candidates
    assert [c.pk for c in found[batch[0].pk]] == [r.pk for r in reversed(earlier)]
    assert [c.pk for c in found[batch[2].pk]][:2] == [batch[1].pk, batch[0].pk]
    assert found[batch[2].pk][1] is found[batch[1].pk][0]  # batch[0]'s row, read once for both
