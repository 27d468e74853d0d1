"""Pages and API: the analyst's flow (import, review, case, letter) and the persona rules: no post or account is
visible to Polsek staff, field officers, partners, other Polres roles or the public; account views are audited."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from siaga.siber.choices import Source
from siaga.siber.models import AccountView, CustodyEntry, Post
from siaga.siber.services import case_open, post_ingest
from tests.factories import UserFactory
from tests.siber.conftest import post_input

pytestmark = pytest.mark.django_db
SECRET = "PENANDA-SIBER kepung kantor KPU Jombang bawa senjata"


@pytest.fixture
def world(text_model, intel_user):
    post, _ = post_ingest(data=post_input(text=SECRET, account="@akun_rahasia"), source=Source.API, actor=intel_user)
    case = case_open(post=post, actor=intel_user)
    return {"post": post, "case": case}


def urls(world) -> list[str]:
    post, case = world["post"], world["case"]
    return [
        "/siber/", "/siber/?semua=1", "/siber/impor/", "/siber/baru/", f"/siber/unggahan/{post.pk}/",
        f"/siber/akun/{post.account_id}/", "/siber/narasi/", f"/siber/narasi/{post.narrative_id}/",
        "/siber/peta/narasi.geojson", "/siber/kasus/", f"/siber/kasus/{case.pk}/",
        f"/siber/kasus/{case.pk}/surat.docx", f"/siber/kasus/{case.pk}/surat.pdf", "/siber/model/",
    ]  # fmt: skip


def test_the_analyst_reaches_every_page(world, login, intel_user):
    client = login(intel_user)
    for url in urls(world):
        response = client.get(url)
        assert response.status_code == 200, url
    page = client.get(f"/siber/unggahan/{world['post'].pk}/").content.decode()
    assert "PENANDA-SIBER" in page and "Mengapa ditandai" in page


@pytest.mark.parametrize(
    "persona", ["kapolres", "ops_user", "polsek_a_user", "field_a_user", "partner_user", "viewer_user"]
)
def test_no_post_or_account_is_visible_to_other_roles(world, persona, request, login, api_client):
    user = request.getfixturevalue(persona)
    client = login(user)
    for url in urls(world):
        response = client.get(url)
        assert response.status_code in (403, 404), (persona, url, response.status_code)
        assert b"PENANDA-SIBER" not in response.content and b"akun_rahasia" not in response.content
    api, headers = api_client(user)
    for url in ["/api/siber/unggahan", f"/api/siber/unggahan/{world['post'].pk}", "/api/siber/narasi"]:
        response = api.get(url, headers=headers)
        assert response.status_code in (403, 404) and b"PENANDA-SIBER" not in response.content
    response = api.post("/api/siber/unggahan", data=json.dumps({"platform": "x", "post_id": "9", "account": "a",
                        "text": "uji"}), content_type="application/json", headers=headers)  # fmt: skip
    assert response.status_code == 403
    assert not AccountView.objects.exists() and Post.objects.count() == 1
    assert "Patroli siber" not in client.get("/").content.decode()  # no menu entry either


def test_intel_at_a_polsek_and_the_public_see_nothing(world, district, client, login):
    for url in urls(world):
        response = client.get(url)
        assert response.status_code == 302 and "/masuk/" in response["Location"]
    assert client.get("/api/siber/unggahan").status_code == 401
    polsek_intel = UserFactory(username="intel_polsek", role="intel", unit=district.polsek_a)
    client = login(polsek_intel)
    for url in urls(world):
        assert client.get(url).status_code in (403, 404), url


def test_every_view_of_an_account_is_audited(world, login, intel_user):
    client = login(intel_user)
    url = f"/siber/akun/{world['post'].account_id}/"
    client.get(url, REMOTE_ADDR="10.1.2.3")
    client.get(url, REMOTE_ADDR="10.1.2.3")
    views = AccountView.objects.filter(account=world["post"].account)
    assert views.count() == 2 and {v.user for v in views} == {intel_user} and views[0].ip == "10.1.2.3"
    assert "kasatintel" in client.get(url).content.decode()  # the page lists who looked


def test_case_page_logs_views_and_letters_log_exports(world, login, intel_user):
    client = login(intel_user)
    case = world["case"]
    page = client.get(f"/siber/kasus/{case.pk}/").content.decode()
    evidence = case.evidence.get()
    assert evidence.sha256 in page and "utuh" in page
    docx = client.get(f"/siber/kasus/{case.pk}/surat.docx")
    assert docx.content[:2] == b"PK" and "surat-takedown" in docx["Content-Disposition"]
    pdf = client.get(f"/siber/kasus/{case.pk}/surat.pdf")
    assert pdf.content[:4] == b"%PDF"
    actions = list(CustodyEntry.objects.filter(evidence=evidence).values_list("action", flat=True))
    assert actions == ["capture", "view", "export", "export"]
    import io

    from docx import Document

    text = "\n".join(c.text for t in Document(io.BytesIO(docx.content)).tables for r in t.rows for c in r.cells)
    assert evidence.sha256 in text and "akun_rahasia" in text


def test_review_and_transition_through_pages(world, login, intel_user):
    client = login(intel_user)
    post, case = world["post"], world["case"]
    client.post(f"/siber/unggahan/{post.pk}/tinjau/", {"labels": ["provocation"]})
    post.refresh_from_db()
    assert post.review in ("confirmed", "corrected") and post.labels == ["provocation"]
    client.post(f"/siber/kasus/{case.pk}/status/", {"status": "reviewed", "note": "cek"})
    client.post(f"/siber/kasus/{case.pk}/status/", {"status": "action", "action": "gakkumdu"})
    case.refresh_from_db()
    assert (case.status, case.action) == ("action", "gakkumdu")


def test_manual_entry_with_screenshot(text_model, login, intel_user):
    import base64

    png = base64.b64decode(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
    )
    client = login(intel_user)
    data = {"platform": "tiktok", "account": "@manual", "url": "https://contoh.invalid/v/1",
            "text": "Serangan fajar di Kencong, 50 ribu per kepala untuk paslon nomor 2",
            "screenshot": SimpleUploadedFile("layar.png", png, content_type="image/png")}  # fmt: skip
    response = client.post("/siber/baru/", data)
    post = Post.objects.get(account__handle="@manual")
    assert response.status_code == 302 and post.source == "manual" and bytes(post.screenshot) == png
    again = client.post("/siber/baru/", {**data, "screenshot": ""})
    assert again.status_code == 302 and Post.objects.filter(account__handle="@manual").count() == 1
    assert client.get(f"/siber/unggahan/{post.pk}/tangkapan/")["Content-Type"] == "image/png"


CSV_GOOD = (
    "platform,id_unggahan,akun,teks,waktu,jangkauan,tautan\n"
    "x,101,@a1,Beredar kabar surat suara sudah dicoblos di gudang KPU Kencong,2024-11-20 10:00,500,\n"
    "facebook,102,@a2,=Semoga pilkada damai,2024-11-20 11:00,20,\n"
)


def _import(client, district, name, content, capture):
    with capture(execute=True):
        return client.post("/siber/impor/", {"file": SimpleUploadedFile(name, content), "unit": district.polres.pk})


def test_import_is_all_or_nothing_and_idempotent(text_model, district, login, intel_user,
                                                 django_capture_on_commit_callbacks):  # fmt: skip
    from siaga.core.models import Job

    client = login(intel_user)
    bad = CSV_GOOD + "myspace,103,@a3,teks,2024-11-20,1,\nx,104,@a4,,kemarin,-5,\n"
    _import(client, district, "ekspor.csv", bad.encode(), django_capture_on_commit_callbacks)
    job = Job.objects.latest("pk")
    assert job.status == "failed" and Post.objects.count() == 0
    messages = " ".join(e["message"] for e in job.errors)
    assert "Platform 'myspace' tidak dikenal" in messages and "Teks unggahan kosong" in messages
    assert "tidak dikenali" in messages
    _import(client, district, "ekspor.csv", CSV_GOOD.encode(), django_capture_on_commit_callbacks)
    _import(client, district, "ekspor.csv", CSV_GOOD.encode(), django_capture_on_commit_callbacks)
    assert Post.objects.count() == 2 and Job.objects.latest("pk").result["replayed"] == 2
    assert Post.objects.get(external_id="102").text == "=Semoga pilkada damai"  # stored as written


def test_json_export_import(text_model, district, login, intel_user, django_capture_on_commit_callbacks):
    client = login(intel_user)
    items = [{"platform": "tiktok", "id": 7, "user": {"username": "@tt"}, "text": "Ayo serbu TPS di Jombang",
              "created_at": "2024-11-21T08:00:00+07:00", "views": 900}]  # fmt: skip
    _import(client, district, "ekspor.json", json.dumps({"data": items}).encode(), django_capture_on_commit_callbacks)
    from siaga.core.models import Job

    job = Job.objects.latest("pk")
    assert job.status == "done", (job.message, job.errors)
    post = Post.objects.get()
    assert (post.platform, post.external_id, post.account.handle, post.reach) == ("tiktok", "7", "@tt", 900)
    response = _import(client, district, "rusak.json", b"{not json", django_capture_on_commit_callbacks)
    assert "tidak dapat dibaca" in response.content.decode() and Post.objects.count() == 1


def test_api_ingest_is_idempotent(text_model, api_client, intel_user):
    api, headers = api_client(intel_user)
    body = {"platform": "x", "post_id": "555", "account": "@crawler", "text": "Ayo kepung kantor KPU Jombang"}
    first = api.post("/api/siber/unggahan", data=json.dumps(body), content_type="application/json", headers=headers)
    again = api.post("/api/siber/unggahan", data=json.dumps(body), content_type="application/json", headers=headers)
    assert (first.status_code, again.status_code) == (201, 200) and first.json()["id"] == again.json()["id"]
    empty = api.post("/api/siber/unggahan", data=json.dumps({**body, "post_id": "556", "text": "   "}),
                     content_type="application/json", headers=headers)  # fmt: skip
    assert empty.status_code == 422 and "kosong" in empty.content.decode()
    batch = {"posts": [{**body, "post_id": "600"}, {**body, "post_id": "601", "platform": "myspace"}]}
    refused = api.post("/api/siber/unggahan/batch", data=json.dumps(batch), content_type="application/json",
                       headers=headers)  # fmt: skip
    assert refused.status_code == 422 and Post.objects.count() == 1
    listed = api.get("/api/siber/unggahan", headers=headers).json()
    assert [p["post_id"] for p in listed] == ["555"]


def test_a_narrative_links_reports_and_himbauan_of_its_place(text_model, district, login, intel_user, field_a_user):
    from datetime import timedelta

    from django.utils import timezone

    from siaga.community.models import Campaign
    from siaga.reports.models import Category, Report
    from tests.reports.factories import desa_point, submit

    post, _ = post_ingest(data=post_input(text=SECRET), source=Source.API, actor=intel_user)
    report = submit(field_a_user, text="Beredar hoaks SARA di grup warga", **desa_point(district.desa_a[0]))
    Report.objects.filter(pk=report.pk).update(category=Category.objects.get_or_create(
        code="hoaks_sara", defaults={"label": "Hoaks/SARA"})[0], desa=district.desa_a[0])  # fmt: skip
    today = timezone.localdate()
    campaign = Campaign.objects.create(
        unit=district.polsek_a,
        title="Jangan termakan hoaks KPU",
        kind="anti_hoaks",
        message="Cek fakta",
        start=today - timedelta(days=1),
        end=today + timedelta(days=7),
    )
    campaign.target_desa.set([district.desa_a[0]])
    page = login(intel_user).get(f"/siber/narasi/{post.narrative_id}/").content.decode()
    assert "Beredar hoaks SARA" in page and "Jangan termakan hoaks KPU" in page
