"""Where a report happened, as people read and settle it: ambiguous place names are put to a person (never
resolved silently), labels instead of codes, place names never drive the suggested category."""

import pytest
from django.test import TestCase

from siaga.reports.errors import ReportError
from siaga.reports.models import ClassifierState, Report
from siaga.reports.services import report_set_desa, report_verify
from tests.reports.factories import desa_point, submit

pytestmark = pytest.mark.django_db


def _region(code, name, level, parent):
    from tests.factories import RegionFactory

    return RegionFactory(code=code, name=name, level=level, kind="desa", parent=parent, lat=-8.25, lon=113.35)


@pytest.fixture
def tamansari(district):
    """A desa name both Polsek sectors have (as Tamansari in Wuluhan and in Mumbulsari)."""
    return (
        _region("35.09.01.2003", "Tamansari", 4, district.kec_a),
        _region("35.09.02.2003", "Tamansari", 4, district.kec_b),
    )


def test_a_tie_between_polsek_is_shown_and_put_to_a_person(district, tamansari, ops_user, login):
    report = submit(None, text="Ada pembagian amplop uang di desa Tamansari semalam")
    assert report.desa_id is None and report.unit == district.polres
    assert report.triage["located_by"] == "ambiguous"
    client = login(ops_user)
    assert client.get("/laporan/feed.json").json()["reports"][0]["location_ambiguous"] is True
    page = client.get(f"/laporan/{report.pk}/").content.decode()
    assert "lokasi ambigu" in page
    assert "Desa Tamansari, Kec. Jombang" in page and "Desa Tamansari, Kec. Kencong" in page
    client.post(f"/laporan/{report.pk}/aksi/lokasi/", {"desa_code": "35.09.02.2003"})
    report.refresh_from_db()
    assert report.desa_id == "35.09.02.2003" and report.unit == district.polsek_b
    assert report.events.filter(note__contains="Desa Tamansari, Kec. Kencong").exists()
    page = client.get(f"/laporan/{report.pk}/").content.decode()
    assert "lokasi ambigu" not in page and "Desa Tamansari, Kec. Kencong" in page


def test_a_place_named_in_one_kecamatan_only_is_resolved(district, tamansari):
    report = submit(None, text="Ada pembagian amplop uang di desa Tamansari kec. Kencong")
    assert report.desa_id == "35.09.02.2003" and report.unit == district.polsek_b
    assert report.triage["located_by"] == "text"


def test_setting_the_desa_needs_reports_change_and_scope(district, tamansari, viewer_user, polsek_a_user, ops_user):
    report = submit(None, text="Ada pembagian amplop uang di desa Tamansari semalam")
    with pytest.raises(ReportError) as err:
        report_set_desa(report=report, user=viewer_user, desa_code="35.09.01.2003")
    assert err.value.status == 403
    with pytest.raises(ReportError) as err:  # the report sits at the Polres, above this Polsek
        report_set_desa(report=report, user=polsek_a_user, desa_code="35.09.01.2003")
    assert err.value.status == 404
    with pytest.raises(ReportError) as err:
        report_set_desa(report=report, user=ops_user, desa_code="35.09.02")  # a kecamatan, not a desa
    assert "desa" in err.value.message
    assert Report.objects.get(pk=report.pk).desa_id is None


def test_a_polsek_cannot_move_a_report_into_another_polsek(district, tamansari, polsek_a_user):
    report = submit(None, text="Ada pembagian amplop uang di desa Tamansari kec. Jombang")
    assert report.unit == district.polsek_a
    with pytest.raises(ReportError) as err:
        report_set_desa(report=report, user=polsek_a_user, desa_code="35.09.02.2003")  # Polsek Kencong's
    assert err.value.status == 403
    report_set_desa(report=report, user=polsek_a_user, desa_code=district.desa_a[1].code)
    report.refresh_from_db()
    assert report.desa_id == district.desa_a[1].code and report.unit == district.polsek_a


def test_pages_show_labels_not_codes(district, ops_user, login):
    report = submit(None, text="Tim sukses bagi-bagi amplop uang ke warga", **desa_point(district.desa_a[0]))
    client = login(ops_user)
    page = client.get(f"/laporan/{report.pk}/").content.decode()
    assert "Politik uang (" in page and "politik_uang (" not in page
    assert "Desa A1, Kec. Jombang" in page
    feed = client.get("/laporan/feed.json").json()["reports"]
    assert feed[0]["desa"] == "Desa A1, Kec. Jombang" and feed[0]["category_label"] == "Politik uang"


def test_a_place_name_is_no_evidence_for_the_category(district):
    from tests.factories import RegionFactory

    RegionFactory(code="35.09.06", name="Tanggul", level=3, kind="kecamatan", parent=district.kabupaten)
    report = submit(None, text="Ada kerumunan warga di pasar Tanggul sejak sore")
    assert report.suggested_category != "bencana"
    assert all("tanggul" not in t for s in report.triage["suggestions"] for t in s["terms"])


def test_confirmations_are_learned_without_their_place_names(district, ops_user):
    report = submit(None, text="Warga melapor ada karung gabah ditimbun di gudang dekat balai desa A1")
    with TestCase.captureOnCommitCallbacks(execute=True):
        report_verify(report=report, user=ops_user, category="logistik")
    state = ClassifierState.objects.get(key="default").state
    learned = [f for counts in state["counts"].values() for f in counts] + [t for t, _ in state["validation"]]
    assert state["version"] == 2 and learned
    assert not any("a1" in f.lower() for f in learned)
