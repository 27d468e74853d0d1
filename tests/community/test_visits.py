"""Visits: idempotent by client id, position checked against the beat (flagged, not lost), early warnings
kept for Satintelkam, counted toward campaigns and directives, and the day's report."""

import uuid

import pytest
from django.core.exceptions import PermissionDenied

from siaga.community import selectors, services
from siaga.community.models import Aspiration, EarlyWarning, Visit
from siaga.core.errors import ServiceError

pytestmark = pytest.mark.django_db


def _visit(user, desa, **kw):
    return services.visit_record(actor=user, client_id=kw.pop("client_id", uuid.uuid4()), desa=desa, **kw)


def test_it_stores_a_replayed_offline_submission_once(binmas, district, field_a_user):
    cid = uuid.uuid4()
    first, created = _visit(field_a_user, district.desa_a[0], client_id=cid, headcount=12)
    again, created_again = _visit(field_a_user, district.desa_a[0], client_id=cid, headcount=12)
    assert created and not created_again and first.pk == again.pk
    assert Visit.objects.count() == 1


def test_it_refuses_a_client_id_reused_by_another_officer(binmas, district, field_a_user, polsek_a_user):
    cid = uuid.uuid4()
    _visit(field_a_user, district.desa_a[0], client_id=cid)
    with pytest.raises(ServiceError, match="sudah dipakai"):
        _visit(polsek_a_user, district.desa_a[0], client_id=cid)


def test_it_flags_a_visit_far_outside_the_beat_but_keeps_it(binmas, district, field_a_user):
    desa = district.desa_a[0]
    near, _ = _visit(field_a_user, desa, lat=desa.lat + 0.001, lon=desa.lon, accuracy_m=10)
    far, _ = _visit(field_a_user, desa, lat=desa.lat + 0.2, lon=desa.lon, accuracy_m=10)
    assert near.position_check == "inside" and near.beat == binmas.beat_a
    assert far.position_check == "outside" and far.distance_m > 20000
    assert Visit.objects.count() == 2


def test_a_drawn_outline_decides_inside(binmas, district, field_a_user):
    desa = district.desa_a[0]
    beat = binmas.beat_a
    lat, lon = desa.lat + 0.05, desa.lon + 0.05
    beat.boundary = {
        "type": "Polygon",
        "coordinates": [
            [[lon - 0.01, lat - 0.01], [lon + 0.01, lat - 0.01], [lon + 0.01, lat + 0.01], [lon - 0.01, lat + 0.01]]
        ],
    }
    beat.save()
    visit, _ = _visit(field_a_user, desa, lat=lat, lon=lon)
    assert visit.position_check == "inside"


def test_it_refuses_another_sectors_desa_and_roles_without_the_permission(
    binmas, district, field_a_user, viewer_user, partner_user
):
    with pytest.raises((ServiceError, PermissionDenied)):
        _visit(field_a_user, district.desa_b[0])
    for user in (viewer_user, partner_user, None):
        with pytest.raises(PermissionDenied):
            _visit(user, district.desa_a[0])
    assert Visit.objects.count() == 0


def test_early_warning_and_aspirations_are_written_with_the_visit(binmas, district, field_a_user):
    visit, _ = _visit(
        field_a_user,
        district.desa_a[0],
        early_warning="Rencana pengerahan massa",
        early_warning_source="Ketua RT 2",
        aspirations=[{"text": "Jalan rusak menuju TPS", "topic": "infrastruktur"}],
    )
    warning = EarlyWarning.objects.get()
    assert warning.visit == visit and warning.source == "Ketua RT 2"
    aspiration = Aspiration.objects.get()
    assert aspiration.visit == visit and aspiration.status == "recorded" and aspiration.events.count() == 1


def test_a_visit_counts_toward_the_campaign_and_the_directive(binmas, district, field_a_user, kapolres):
    _visit(
        field_a_user, district.desa_a[0], headcount=25, tokoh_ids=[binmas.calon_a.pk], campaign_ids=[binmas.campaign.pk]
    )
    reach = {r["campaign"].pk: r for r in selectors.campaign_reach(user=kapolres)}[binmas.campaign.pk]
    assert reach["visits"] == 1 and reach["people"] == 25 and reach["desa_reached"] == 1 and reach["desa_target"] == 2
    progress = {p["directive"].pk: p for p in selectors.directive_progress(user=kapolres)}[binmas.directive.pk]
    assert (progress["visited"], progress["total"], progress["percent"]) == (1, 1, 100)


def test_coverage_flags_desa_rw_and_tokoh_not_visited(binmas, district, field_a_user, kapolres):
    _visit(field_a_user, district.desa_a[0], tokoh_ids=[binmas.tokoh_a.pk])
    cov = selectors.coverage(user=kapolres, days=30)
    stale = {r["desa"].pk for r in cov["desa"] if r["stale"]}
    assert stale == {district.desa_b[0].pk}
    assert cov["rw_total"] == 1 and cov["rw_stale"] == 1 and cov["rw_uncovered"] == 1
    assert {t.pk for t in cov["tokoh_stale"]} == {binmas.calon_a.pk, binmas.tokoh_b.pk}


def test_the_daily_report_lists_the_days_visits(binmas, district, field_a_user, polsek_a_user, login):
    _visit(field_a_user, district.desa_a[0], headcount=7, topics="Pilkades damai")
    report = selectors.daily_report(user=polsek_a_user, day=Visit.objects.get().at.astimezone().date())
    assert report["total"] == 1 and report["people"] == 7
    response = login(polsek_a_user).get("/binmas/kunjungan/laporan.csv")
    assert response.status_code == 200 and "Pilkades damai" in response.content.decode()
    docx = login(polsek_a_user).get("/binmas/kunjungan/laporan.docx")
    assert docx.status_code == 200 and docx.content[:2] == b"PK"
    from io import BytesIO

    from docx import Document

    text = "\n".join(c.text for t in Document(BytesIO(docx.content)).tables for r in t.rows for c in r.cells)
    assert "Pilkades damai" in text and "7 orang" in text


def test_the_anev_section_compares_with_the_previous_period(binmas, district, field_a_user, kapolres):
    import datetime

    from django.utils import timezone

    now = timezone.now()
    _visit(field_a_user, district.desa_a[0], headcount=10, at=now)
    _visit(field_a_user, district.desa_a[0], headcount=5, at=now - datetime.timedelta(days=5))
    today = timezone.localdate()
    section = selectors.anev_section(
        user=kapolres, unit=district.polres, day_from=today - datetime.timedelta(days=2), day_to=today
    )
    assert (section["visits"], section["visits_previous"], section["people"]) == (1, 1, 10)
    assert section["desa_visited"] == 1 and section["desa_total"] == 2
    assert section["campaigns"][0]["title"] == "Pilkades damai"
