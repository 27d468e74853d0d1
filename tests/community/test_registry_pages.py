"""Registry pages: beats (who covers what), tokoh, campaigns with their reach and directives, through the same
services; another sector's records are not found, roles without the right are told why."""

import datetime

import pytest
from django.utils import timezone

from siaga.community.models import Beat, Campaign, CampaignReach, Directive, Tokoh

pytestmark = pytest.mark.django_db


def test_a_kapolsek_assigns_a_bhabinkamtibmas_and_babinsa_to_a_desa(
    binmas, district, login, polsek_a_user, field_a_user
):
    client = login(polsek_a_user)
    desa = district.desa_a[1]
    response = client.post(
        "/binmas/wilayah/baru/",
        {
            "unit": district.polsek_a.pk,
            "desa": desa.pk,
            "kind": "desa",
            "officer": field_a_user.pk,
            "babinsa_name": "Serka Budi",
            "babinsa_phone": "0812 1111 2222",
            "radius_m": 2000,
        },
    )
    assert response.status_code == 302
    beat = Beat.objects.get(desa=desa)
    assert beat.officer == field_a_user and beat.babinsa_phone == "081211112222" and beat.lat == desa.lat
    page = client.get("/binmas/wilayah/").content.decode()
    assert "Serka Budi" in page and "belum ada" in page  # the RW without its Polisi RW shows as uncovered


def test_a_bad_babinsa_phone_or_outline_is_answered_on_the_form(binmas, district, login, polsek_a_user):
    client = login(polsek_a_user)
    base = {"unit": district.polsek_a.pk, "desa": district.desa_a[1].pk, "kind": "desa", "radius_m": 2000}
    page = client.post("/binmas/wilayah/baru/", {**base, "babinsa_phone": "12"}).content.decode()
    assert "Nomor telepon tidak sah" in page
    page = client.post("/binmas/wilayah/baru/", {**base, "boundary": '{"type": "Point"}'}).content.decode()
    assert "GeoJSON Polygon" in page
    assert not Beat.objects.filter(desa=district.desa_a[1]).exists()


def test_another_sector_cannot_edit_and_a_field_officer_is_refused(binmas, login, polsek_b_user, field_a_user):
    assert login(polsek_b_user).get(f"/binmas/wilayah/{binmas.beat_a.pk}/ubah/").status_code == 404
    assert login(polsek_b_user).get(f"/binmas/tokoh/{binmas.tokoh_a.pk}/ubah/").status_code == 404
    assert login(field_a_user).get("/binmas/wilayah/baru/").status_code == 403


def test_tokoh_edit_keeps_the_intel_note(binmas, district, login, polsek_a_user):
    client = login(polsek_a_user)
    response = client.post(
        f"/binmas/tokoh/{binmas.tokoh_a.pk}/ubah/",
        {
            "unit": district.polsek_a.pk,
            "desa": district.desa_a[0].pk,
            "name": "KH Tokoh A",
            "kind": "tokoh_agama",
            "influence": 4,
            "phone": "081298765432",
        },
    )
    assert response.status_code == 302
    tokoh = Tokoh.objects.get(pk=binmas.tokoh_a.pk)
    assert tokoh.influence == 4 and tokoh.phone == "081298765432" and tokoh.intel_note.startswith("RAHASIA-INTEL")


def test_campaigns_reach_and_directives(binmas, district, login, ops_user, field_a_user, kapolres):
    today = timezone.localdate()
    client = login(ops_user)
    response = client.post(
        "/binmas/kampanye/baru/",
        {
            "unit": district.polres.pk,
            "title": "Kontra hoaks kotak suara",
            "kind": "kontra_hoaks",
            "message": "Kotak suara disegel",
            "hoax": "Kotak suara dibuka malam hari",
            "start": today,
            "end": today + datetime.timedelta(days=5),
            "target_desa": [district.desa_a[0].pk],
        },
    )
    assert response.status_code == 302
    campaign = Campaign.objects.get(kind="kontra_hoaks")
    field = login(field_a_user)
    assert (
        field.post(
            f"/binmas/kampanye/{campaign.pk}/jangkauan/",
            {"channel": "whatsapp", "day": today, "audience": 120, "desa": district.desa_a[0].pk},
        ).status_code
        == 302
    )
    page = field.post(
        f"/binmas/kampanye/{campaign.pk}/jangkauan/",
        {"channel": "khotbah", "day": today - datetime.timedelta(days=9), "audience": 10},
    ).content.decode()
    assert "di luar periode kampanye" in page
    assert CampaignReach.objects.get().audience == 120
    assert (
        login(ops_user)
        .post(
            "/binmas/arahan/baru/",
            {
                "unit": district.polres.pk,
                "title": "Sambang tokoh agama",
                "tokoh_kinds": ["tokoh_agama"],
                "start": today,
                "deadline": today + datetime.timedelta(days=3),
            },
        )
        .status_code
        == 302
    )
    assert Directive.objects.filter(title="Sambang tokoh agama").exists()
    dashboard = login(kapolres).get("/binmas/").content.decode()
    assert "Kontra hoaks kotak suara" in dashboard and "Sambang tokoh agama" in dashboard
