"""Issue 13, "what it must show" #3: an analyst imports a monitoring export, sees the flagged posts grouped into
narratives on the map, confirms one, opens a case and downloads the takedown letter; the evidence hash and the
custody log are shown. At phone and desktop widths."""

import pytest

from siaga.siber.models import Case, CustodyEntry, Narrative, Post
from tests.siber.conftest import text_model  # noqa: F401 - the trained model fixture

pytestmark = pytest.mark.django_db(transaction=True)

EXPORT = (
    "platform,id_unggahan,akun,teks,waktu,jangkauan\n"
    "x,201,@penyebar1,Beredar kabar surat suara sudah dicoblos di gudang KPU Kencong hasil pilkada diatur,"
    "2024-11-20 09:00,1200\n"
    "facebook,202,@penyebar2,RT Beredar kabar surat suara sudah dicoblos di gudang KPU Kencong hasil pilkada diatur!!,"
    "2024-11-20 10:30,800\n"
    "tiktok,203,@penyebar3,beredar kabar surat suara sudah dicoblos di gudang KPU Kencong sebarkan,2024-11-21 08:00,"
    "5000\n"
    "x,204,@warga,Semoga pilkada di Jombang berjalan aman dan damai,2024-11-21 09:00,10\n"
)


@pytest.mark.parametrize("viewport", [{"width": 390, "height": 844}, {"width": 1280, "height": 900}])
def test_analyst_imports_reviews_opens_a_case_and_downloads_the_letter(
    text_model,  # noqa: F811
    intel_user,
    browser_login,
    live_server,
    page,
    viewport,
    tmp_path,  # noqa: F811
):
    page.set_viewport_size(viewport)
    browser_login(intel_user)
    export = tmp_path / "ekspor-pemantauan.csv"
    export.write_text(EXPORT, encoding="utf-8")
    page.goto(f"{live_server.url}/siber/impor/")
    page.set_input_files("input[type=file]", str(export))
    page.click("[data-testid=import-form] button[type=submit]")
    page.wait_for_selector("#import-job [data-status=done]", timeout=60_000)
    assert "4 unggahan baru" in page.locator("#import-job").inner_text()

    narrative = Narrative.objects.get(post_count=3)
    page.goto(f"{live_server.url}/siber/narasi/")
    page.wait_for_selector("#siber-map[data-narasi-count]")
    assert int(page.locator("#siber-map").get_attribute("data-narasi-count")) >= 1
    assert page.locator("#siber-map .leaflet-interactive, #siber-map canvas").count() >= 1
    table = page.locator("[data-testid=narrative-table]").inner_text()
    assert "Kencong" in table and narrative.title[:30] in table

    post = Post.objects.get(external_id="201")
    page.goto(f"{live_server.url}/siber/unggahan/{post.pk}/")
    assert "Hoaks" in page.locator("[data-testid=post-labels]").inner_text()
    assert page.locator("[data-testid=explanations] code").count() >= 1
    page.click("[data-testid=review-form] button[type=submit]")
    page.wait_for_selector("text=Tinjauan tersimpan")
    assert Post.objects.get(pk=post.pk).review == "confirmed"

    page.click("[data-testid=open-case]")
    page.wait_for_selector("[data-testid=evidence-hash]")
    case = Case.objects.get(post=post)
    evidence = case.evidence.get()
    assert page.locator("[data-testid=evidence-hash]").inner_text() == evidence.sha256
    assert page.locator("[data-testid=evidence-intact]").is_visible()
    with page.expect_download() as download:
        page.click("[data-testid=letter-docx]")
    assert download.value.suggested_filename.endswith(".docx")
    page.reload()
    log = page.locator("[data-testid=custody-log]").inner_text()
    assert "Diamankan" in log and "Diekspor" in log and "Dilihat" in log
    assert list(CustodyEntry.objects.filter(evidence=evidence).values_list("action", flat=True))[:1] == ["capture"]
