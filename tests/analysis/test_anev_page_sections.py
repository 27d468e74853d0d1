"""The Anev page shows the same sections as the document (loaded by htmx) and links to the template page."""

import pytest
from django.urls import reverse

from tests.analysis.test_anev_sections import election_side  # noqa: F401

pytestmark = pytest.mark.django_db


def test_the_page_loads_the_election_side_and_findings(district, kapolres, login, election_side):  # noqa: F811
    client = login(kapolres)
    period = election_side["period"]
    query = f"unit={district.polres.pk}&periode_jenis=custom&dari={period.start:%Y-%m-%d}&sampai={period.end:%Y-%m-%d}"
    page = client.get(reverse("analysis:anev") + "?" + query).content.decode()
    assert reverse("analysis:sections") in page and reverse("analysis:template") in page
    html = client.get(reverse("analysis:sections") + "?" + query, HTTP_HX_REQUEST="true").content.decode()
    for key in ("polsek", "kerawanan", "pengerahan", "patroli", "laporan", "respons", "siaga", "binmas", "temuan"):
        assert f'data-testid="anev-section-{key}"' in html, key
    assert "Sebaran kategori TPS" in html and "7 personel BKO dibutuhkan" in html and "Polsek Kencong" in html


def test_the_sections_need_the_view_permission_and_scope(district, login, partner_user, polsek_a_user):
    assert login(partner_user).get(reverse("analysis:sections")).status_code == 403
    own = login(polsek_a_user).get(reverse("analysis:sections") + f"?unit={district.polsek_a.pk}")
    assert own.status_code == 200 and "tidak membawahi kesatuan" in own.content.decode()
    other = login(polsek_a_user).get(reverse("analysis:sections") + f"?unit={district.polres.pk}")
    assert "Polsek Jombang tidak membawahi" in other.content.decode()  # the Polres is outside: its own unit shown
