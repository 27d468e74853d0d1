"""Issue #10 in a real browser: the Kapolres makes an Anev, watches its progress and downloads DOCX and PDF."""

import datetime as dt
import io
from pathlib import Path

import pytest
from django.utils import timezone
from docx import Document

from siaga.analysis.models import CrimeType
from siaga.analysis.services import case_create
from siaga.core.access import SYSTEM

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def register(district):
    from siaga.analysis.catalog import catalog_sync
    from siaga.analysis.models import ClearanceRule, CrimeGroup

    catalog_sync(CrimeGroup, CrimeType, ClearanceRule)  # a transactional test starts from an emptied database
    curat = CrimeType.objects.get(code="curat")
    for i in range(5):
        when = timezone.make_aware(dt.datetime(2024, 1, 3 + i, 21))
        case_create(unit=district.polsek_a, lp_number=f"LP/B/{i + 1}/I/2024/SPKT", crime_type=curat, occurred_at=when,
                    desa=district.desa_a[0], lat=-8.225 + i * 0.001, lon=113.33, actor=SYSTEM)  # fmt: skip


@pytest.mark.parametrize("viewport", [{"width": 1280, "height": 900}, {"width": 390, "height": 844}])
def test_the_kapolres_makes_an_anev_and_downloads_both(register, district, kapolres, browser_login, live_server,
                                                        viewport, settings, tmp_path):  # fmt: skip
    settings.MEDIA_ROOT = str(tmp_path)
    page = browser_login(kapolres)
    page.set_viewport_size(viewport)
    page.goto(f"{live_server.url}/anev/?unit={district.polres.pk}&periode_jenis=month&dari=2024-01-01&kelompok=polsek")
    assert page.locator("[data-testid=ct]").inner_text() == "5"
    assert "Polsek Jombang" in page.locator("[data-testid=anev-rows]").inner_text()
    page.wait_for_selector("#anev-map[data-kde-count]")
    assert int(page.locator("#anev-map").get_attribute("data-kde-count")) > 0
    page.wait_for_selector("[data-testid=anev-section-temuan]")  # the document's sections, loaded by htmx
    side = page.locator("[data-testid=anev-section-polsek]").inner_text()
    assert "Polsek Jombang" in side and "Polsek Kencong" in side
    assert "Tidak ada TPS terdaftar" in page.locator("[data-testid=anev-section-kerawanan]").inner_text()
    assert page.locator("[data-testid=anev-section-tren] img").count() == 1
    page.click("[data-testid=anev-make] button[type=submit]")
    page.wait_for_selector("[data-testid=anev-doc]", timeout=90_000)
    page.wait_for_selector("[data-testid=anev-doc][data-status=done]", timeout=90_000)
    assert "100%" in page.locator("[data-testid=anev-doc]").inner_text()
    with page.expect_download() as info:
        page.click("[data-testid=anev-docx]")
    docx = Path(info.value.path()).read_bytes()
    assert info.value.suggested_filename.endswith(".docx")
    text = "\n".join(p.text for p in Document(io.BytesIO(docx)).paragraphs)
    assert "POLRES JEMBER" in text and "Crime total (CT) 5 perkara" in text
    with page.expect_download() as info:
        page.click("[data-testid=anev-pdf]")
    pdf = Path(info.value.path()).read_bytes()
    assert info.value.suggested_filename.endswith(".pdf") and pdf.startswith(b"%PDF") and b"/Subtype /Image" in pdf
