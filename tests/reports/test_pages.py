"""Pages: live map and feed, report detail with actions and timeline, dashboard panel, officer form."""

import pytest

from siaga.reports.models import AlertLevel, Report
from tests.reports.factories import desa_point, submit

pytestmark = pytest.mark.django_db


def test_the_live_feed_and_map_layer_are_scoped(district, polsek_b_user, kapolres, login):
    in_a = submit(kapolres, **desa_point(district.desa_a[0]))
    in_b = submit(kapolres, text="Pencurian motor di pasar", **desa_point(district.desa_b[0]))
    client = login(polsek_b_user)
    assert client.get("/laporan/").status_code == 200
    assert [r["id"] for r in client.get("/laporan/feed.json").json()["reports"]] == [in_b.pk]
    features = client.get("/laporan/peta.geojson").json()["features"]
    assert [f["properties"]["id"] for f in features] == [in_b.pk]
    assert client.get(f"/laporan/{in_a.pk}/").status_code == 404


def test_the_feed_filters_by_category_severity_and_status(district, kapolres, login):
    money = submit(kapolres, text="Tim sukses bagi-bagi amplop uang", category="politik_uang", severity=2)
    submit(kapolres, text="Ada ancaman bom di kantor KPU", category="ancaman_teror", severity=4)
    client = login(kapolres)
    assert [r["id"] for r in client.get("/laporan/feed.json", {"category": "politik_uang"}).json()["reports"]] == [
        money.pk
    ]
    assert len(client.get("/laporan/feed.json", {"severity": "4"}).json()["reports"]) == 1
    assert client.get("/laporan/feed.json", {"status": "resolved"}).json()["reports"] == []
    assert len(client.get("/laporan/feed.json", {"hours": "1"}).json()["reports"]) == 2


def test_an_officer_verifies_and_assigns_in_the_ui(district, ops_user, login):
    report = submit(None, text="Ada keributan di TPS", **desa_point(district.desa_a[0]))
    client = login(ops_user)
    client.post(f"/laporan/{report.pk}/aksi/verify/", {"category": "gangguan_tps", "severity": "3"})
    client.post(f"/laporan/{report.pk}/aksi/assign/", {"unit_id": str(district.polres.pk)})
    report.refresh_from_db()
    assert report.status == "verified" and report.unit == district.polres and report.severity == 3
    page = client.get(f"/laporan/{report.pk}/").content.decode()
    assert "Diverifikasi" in page and "Ditugaskan" in page
    stale = client.post(f"/laporan/{report.pk}/aksi/verify/", {"category": "gangguan_tps"}, follow=True)
    assert "tidak dapat diverifikasi" in stale.content.decode()


def test_the_dashboard_panel_shows_alert_levels_and_overdue_reports(district, kapolres, login):
    client = login(kapolres)
    client.post("/laporan/siaga/", {"level": "2", "note": "Masa kampanye"})
    assert AlertLevel.objects.get().level == 2
    report = submit(kapolres, **desa_point(district.desa_a[0]))
    Report.objects.filter(pk=report.pk).update(deadline_at=report.created_at.replace(year=2020))
    page = client.get("/").content.decode()
    assert "Siaga II" in page and f"#{report.pk}" in page and "Melewati batas waktu" in page


def test_the_officer_form_is_for_reporting_roles_only(district, field_a_user, viewer_user, login):
    assert login(field_a_user).get("/laporan/kirim/").status_code == 200
    assert login(viewer_user).get("/laporan/kirim/").status_code == 403
