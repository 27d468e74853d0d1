"""The live reports page's Polres filter in a real browser: opened from a link with `?unit=`, the feed shows only
that Polres's reports; choosing another Polres refetches and keeps the choice in the address."""

import pytest

from siaga.reports.models import Report
from tests.factories import UnitFactory, UserFactory
from tests.reports.factories import desa_point, submit

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_polres_filter_follows_the_query_string(district, kapolres, page, browser_login, live_server):
    lumajang = UnitFactory(code="polres-lumajang", name="Polres Lumajang", kind="polres", parent=district.polda)
    jember = submit(kapolres, **desa_point(district.desa_a[0]))
    other = submit(kapolres, text="Bentrok pendukung di lapangan", **desa_point(district.desa_b[0]))
    Report.objects.filter(pk=other.pk).update(unit=lumajang)
    browser_login(UserFactory(username="karoops_jatim", role="ops", unit=district.polda))
    page.goto(f"{live_server.url}/laporan/?unit={lumajang.pk}")
    page.wait_for_selector(f"#live-feed li[data-report-id='{other.pk}']")
    page.wait_for_selector("#live-status:has-text('Diperbarui')")
    assert page.locator(f"#live-feed li[data-report-id='{jember.pk}']").count() == 0
    page.select_option("#f-unit", str(district.polres.pk))
    page.wait_for_selector(f"#live-feed li[data-report-id='{jember.pk}']")
    assert page.url.endswith(f"/laporan/?unit={district.polres.pk}")
    assert page.locator(f"#live-feed li[data-report-id='{other.pk}']").count() == 0
