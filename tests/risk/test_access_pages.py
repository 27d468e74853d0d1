"""Kerawanan pages follow the permission boundary: the kabupaten-wide catalog and rule belong to the Polres."""

import pytest

from siaga.core.models import Job
from siaga.risk.models import Indicator
from tests.conftest import _user

pytestmark = pytest.mark.django_db


@pytest.fixture
def intel_polsek_a(district):
    return _user("intel_polsek_a", "intel", district.polsek_a)


def test_intel_at_a_polsek_gets_no_rule_links_and_is_refused_on_the_rule_pages(
    profile, intel_polsek_a, intel_user, login
):
    election_id = profile.election_id
    client = login(intel_polsek_a)
    summary = client.get(f"/kerawanan/pemilihan/{election_id}/").content.decode()
    assert "Aturan kategori" not in summary and "Hitung ulang semua TPS" not in summary
    for page in ("indikator", "aturan"):
        assert client.get(f"/kerawanan/pemilihan/{election_id}/{page}/").status_code == 403
    assert client.post(f"/kerawanan/pemilihan/{election_id}/hitung-ulang/").status_code == 403
    indicator = profile.indicators.first()
    response = client.post(
        f"/kerawanan/pemilihan/{election_id}/indikator/",
        {"indicator": indicator.code, f"{indicator.code}-label": "Diubah", f"{indicator.code}-weight": "9"},
    )
    assert response.status_code == 403
    assert Indicator.objects.get(pk=indicator.pk).label == indicator.label and not Job.objects.exists()
    summary = login(intel_user).get(f"/kerawanan/pemilihan/{election_id}/").content.decode()
    assert "Aturan kategori" in summary and "Hitung ulang semua TPS" in summary


def test_a_polsek_fills_its_own_tps_but_cannot_reach_another_sectors(profile, stations, polsek_b_user, login):
    client = login(polsek_b_user)
    own, other = stations["b"][0], stations["a"][0]
    assert "Simpan daftar periksa" in client.get(f"/kerawanan/tps/{own.pk}/").content.decode()
    assert client.get(f"/kerawanan/tps/{other.pk}/").status_code == 404
    assert client.post(f"/kerawanan/tps/{other.pk}/", {"politik_uang": "on"}).status_code == 404
