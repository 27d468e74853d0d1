"""Persona tests: intelligence notes on a tokoh and early-warning sources are hidden from other roles and from
partners; contacts only for roles that need them; a Polsek sees only its beats; the public sees nothing."""

import uuid

import pytest
from django.core.exceptions import PermissionDenied

from siaga.community import services
from siaga.community.models import Beat, Tokoh

pytestmark = pytest.mark.django_db

INTEL = "RAHASIA-INTEL"
SOURCE = "SUMBER-RAHASIA Pak RT"


@pytest.fixture
def warned(binmas, district, field_a_user):
    services.visit_record(
        actor=field_a_user,
        client_id=uuid.uuid4(),
        desa=district.desa_a[0],
        early_warning="Ada rencana pengerahan massa",
        early_warning_source=SOURCE,
        tokoh_ids=[binmas.tokoh_a.pk],
    )
    return binmas


PAGES = ["/binmas/", "/binmas/tokoh/", "/binmas/kunjungan/", "/binmas/deteksi-dini/", "/binmas/tokoh/ekspor.csv"]


def _everything(client, tokoh_pk, api_headers=None):
    pages = PAGES + [f"/binmas/tokoh/{tokoh_pk}/"]
    texts = [client.get(url).content.decode() for url in pages]
    if api_headers is not None:
        texts.append(client.get("/api/community/tokoh", headers=api_headers).content.decode())
    return "\n".join(texts)


def test_intel_notes_and_sources_reach_intelligence_only(warned, login, intel_user):
    text = _everything(login(intel_user), warned.tokoh_a.pk)
    assert INTEL in text and SOURCE in text


@pytest.mark.parametrize(
    "persona", ["kapolres", "ops_user", "polsek_a_user", "field_a_user", "viewer_user", "partner_user"]
)
def test_intel_notes_and_sources_are_hidden_from_other_roles_and_partners(warned, login, api_client, persona, request):
    user = request.getfixturevalue(persona)
    client, headers = api_client(user)
    text = _everything(login(user), warned.tokoh_a.pk, headers)
    assert INTEL not in text and SOURCE not in text


def test_contacts_only_for_roles_that_need_them(binmas, login, field_a_user, viewer_user, ops_user):
    url = f"/binmas/tokoh/{binmas.tokoh_a.pk}/"
    assert "081234567890" in login(field_a_user).get(url).content.decode()
    for user in (viewer_user, ops_user):
        page = login(user).get(url).content.decode() + login(user).get("/binmas/tokoh/ekspor.csv").content.decode()
        assert "081234567890" not in page


def test_a_polsek_sees_only_its_beats(binmas, district, polsek_a_user, polsek_b_user, kapolres):
    assert set(Beat.objects.restrict(polsek_a_user)) == {binmas.beat_a, binmas.rw_a}
    assert set(Beat.objects.restrict(polsek_b_user)) == {binmas.beat_b}
    assert Beat.objects.restrict(kapolres).count() == 3
    assert set(Tokoh.objects.restrict(polsek_b_user)) == {binmas.tokoh_b}


def test_another_sector_gets_404_on_polsek_a_tokoh(binmas, login, polsek_b_user):
    client = login(polsek_b_user)
    assert client.get(f"/binmas/tokoh/{binmas.tokoh_a.pk}/").status_code == 404
    assert "PENANDA" not in client.get("/binmas/tokoh/").content.decode()
    assert "PENANDA" not in client.get("/binmas/tokoh/ekspor.csv").content.decode()


def test_a_partner_cannot_open_binmas_pages(binmas, login, partner_user):
    client = login(partner_user)
    for url in ("/binmas/", "/binmas/tokoh/", "/binmas/deteksi-dini/", f"/binmas/tokoh/{binmas.tokoh_a.pk}/"):
        assert client.get(url).status_code in (403, 404)


def test_the_public_sees_nothing(binmas, client):
    for url in PAGES + [f"/binmas/tokoh/{binmas.tokoh_a.pk}/", "/binmas/sambang/", "/binmas/peta/cakupan.geojson"]:
        response = client.get(url)
        assert response.status_code == 302 and "/masuk/" in response["Location"]
    assert client.get("/api/community/tokoh").status_code == 401
    assert client.get("/api/community/cakupan").status_code == 401


def test_write_services_refuse_roles_without_the_permission(
    binmas, district, viewer_user, partner_user, polsek_b_user, field_a_user
):
    for actor in (viewer_user, partner_user, field_a_user, polsek_b_user, None):
        with pytest.raises(PermissionDenied):
            services.tokoh_save(actor=actor, unit=district.polsek_a, desa=district.desa_a[0], name="X", kind="media")
        with pytest.raises(PermissionDenied):
            services.beat_save(actor=actor, unit=district.polsek_a, desa=district.desa_a[1])
    assert Tokoh.objects.count() == 3 and Beat.objects.count() == 3


def test_only_intelligence_writes_the_intel_note(binmas, district, polsek_a_user, intel_user):
    t = services.tokoh_save(
        actor=polsek_a_user,
        tokoh=binmas.calon_a,
        unit=district.polsek_a,
        desa=district.desa_a[0],
        name="Calon Kades A",
        kind="calon_kades",
        intel_note="tulisan kapolsek",
    )
    assert t.intel_note == ""
    t = services.tokoh_intel_note(actor=intel_user, tokoh=binmas.calon_a, text="dari intel")
    assert t.intel_note == "dari intel"
    with pytest.raises(PermissionDenied):
        services.tokoh_intel_note(actor=polsek_a_user, tokoh=binmas.calon_a, text="bukan intel")
