"""Meetings: invitees, attendance (confirm, QR at the door, secretary's tick), minutes, calendar, bad input."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from siaga.coordination import services
from siaga.coordination.models import Invitee, Meeting
from siaga.core.errors import ServiceError
from siaga.elections.selectors import calendar_items

pytestmark = pytest.mark.django_db


def test_a_meeting_link_that_is_not_a_url_is_refused_and_nothing_is_written(district, kapolres):
    with pytest.raises(ValidationError) as caught:
        services.meeting_create(
            unit=district.polres,
            title="Dialog kesiapan Nataru",
            mode=Meeting.Mode.ONLINE,
            starts_at=timezone.now(),
            link="zoom meeting id 123",
            invite_units=[district.kpu],
            actor=kapolres,
        )
    assert "bukan alamat web yang sah" in caught.value.messages[0]
    assert not Meeting.objects.exists() and not Invitee.objects.exists()


def test_an_online_meeting_needs_a_link_and_an_offline_one_a_place(district, kapolres):
    with pytest.raises(ValidationError, match="memerlukan tautan"):
        services.meeting_create(
            unit=district.polres, title="Daring", mode="online", starts_at=timezone.now(), actor=kapolres
        )
    with pytest.raises(ValidationError, match="memerlukan tempat"):
        services.meeting_create(unit=district.polres, title="Luring", starts_at=timezone.now(), actor=kapolres)


def test_partners_invited_see_the_meeting_and_the_link_is_shared(rakor, district, partner_user, bawaslu_user):
    from siaga.coordination.selectors import meeting_list

    assert list(meeting_list(user=partner_user)) == [rakor]
    assert list(meeting_list(user=bawaslu_user)) == []


def test_an_invitee_checks_in_with_the_qr_token_and_twice_changes_nothing(rakor, polsek_a_user):
    invitee = services.meeting_checkin(meeting=rakor, actor=polsek_a_user, token=str(rakor.checkin_token))
    assert invitee.status == "present" and invitee.method == "qr" and invitee.unit_id == polsek_a_user.unit_id
    first = invitee.checked_in_at
    again = services.meeting_checkin(meeting=rakor, actor=polsek_a_user, token=str(rakor.checkin_token))
    assert again.checked_in_at == first
    assert Invitee.objects.filter(meeting=rakor, status="present").count() == 1


def test_a_check_in_by_someone_not_invited_is_refused(rakor, bawaslu_user, field_a_user, district):
    with pytest.raises(ServiceError) as caught:
        services.meeting_checkin(meeting=rakor, actor=bawaslu_user, token=str(rakor.checkin_token))
    assert caught.value.status == 403 and "tidak termasuk undangan" in caught.value.message
    assert not Invitee.objects.filter(status="present").exists()


def test_a_wrong_qr_token_is_refused(rakor, polsek_a_user):
    with pytest.raises(ServiceError, match="tidak berlaku"):
        services.meeting_checkin(meeting=rakor, actor=polsek_a_user, token="00000000-0000-0000-0000-000000000000")


def test_the_secretary_ticks_and_another_sector_cannot(rakor, kapolres, polsek_b_user):
    invitee = rakor.invitees.get(unit__code="kpu-jember")
    services.invitee_mark(invitee=invitee, status="present", attendee_name="Ketua KPU Jember", actor=kapolres)
    invitee.refresh_from_db()
    assert (invitee.status, invitee.method, invitee.attendee_name) == ("present", "secretary", "Ketua KPU Jember")
    with pytest.raises(PermissionDenied):
        services.invitee_mark(invitee=invitee, status="absent", actor=polsek_b_user)


def test_the_check_in_page_through_the_qr_link(rakor, login, partner_user, bawaslu_user):
    url = f"/koordinasi/rapat/{rakor.pk}/hadir/{rakor.checkin_token}/"
    client = login(bawaslu_user)
    page = client.get(url)
    assert "tidak termasuk undangan" in page.content.decode()
    assert client.post(url).status_code == 403
    client = login(partner_user)
    assert "Saya hadir" in client.get(url).content.decode()
    assert client.post(url).status_code == 302
    assert rakor.invitees.get(unit__code="kpu-jember").status == "present"
    assert client.get(f"/koordinasi/rapat/{rakor.pk}/hadir/bukan-token/").status_code == 404


def test_meetings_appear_on_the_calendar_of_invitees(rakor, polsek_a_user, bawaslu_user):
    day = timezone.localtime(rakor.starts_at).date()
    items = calendar_items(user=polsek_a_user, start=day - timedelta(days=3), end=day + timedelta(days=3))
    assert any(i.label == f"Rapat · {rakor.title}" and i.start == day for i in items)
    others = calendar_items(user=bawaslu_user, start=day - timedelta(days=3), end=day + timedelta(days=3))
    assert not any(rakor.title in i.label for i in others)


def test_the_calendar_page_shows_the_meeting(rakor, login, kapolres):
    day = timezone.localtime(rakor.starts_at).date()
    page = login(kapolres).get(f"/kalender/?bulan={day:%Y-%m}")
    assert f"Rapat · {rakor.title}" in page.content.decode()


def test_minutes_saved_by_the_organiser_only(rakor, kapolres, polsek_a_user):
    services.meeting_minutes_save(
        meeting=rakor, minutes="Kapolres memberi arahan.", decisions="Sambang", actor=kapolres
    )
    with pytest.raises(PermissionDenied):
        services.meeting_minutes_save(meeting=rakor, minutes="ubah", actor=polsek_a_user)
    rakor.refresh_from_db()
    assert rakor.minutes == "Kapolres memberi arahan."


def test_the_meeting_page_for_organiser_and_invitee(rakor, login, kapolres, polsek_a_user, polsek_b_user):
    page = login(kapolres).get(f"/koordinasi/rapat/{rakor.pk}/").content.decode()
    assert "Kode QR presensi" in page and "Catat arahan pimpinan" in page
    assert login(kapolres).get(f"/koordinasi/rapat/{rakor.pk}/qr.svg").content.startswith(b"<?xml")
    page = login(polsek_a_user).get(f"/koordinasi/rapat/{rakor.pk}/").content.decode()
    assert "Undangan Anda" in page and "Kode QR presensi" not in page
    assert login(polsek_a_user).get(f"/koordinasi/rapat/{rakor.pk}/qr.svg").status_code == 403


def test_the_meeting_form_invites_units_partners_and_people(district, ops_user, login, partner_user):
    from siaga.coordination.models import PartnerContact

    person = PartnerContact.objects.create(unit=district.bawaslu, name="Ketua Bawaslu Jember", position="Ketua")
    client = login(ops_user)
    assert "Ketua Bawaslu Jember" in client.get("/koordinasi/rapat/baru/").content.decode()
    response = client.post(
        "/koordinasi/rapat/baru/",
        {
            "title": "Koordinasi pengamanan kampanye",
            "kind": "koordinasi_mitra",
            "mode": "online",
            "unit": district.polres.pk,
            "starts_at": "2024-11-01T09:00",
            "link": "https://meet.example.id/abc",
            "invite_units": [district.polsek_a.pk],
            "invite_partners": [district.kpu.pk],
            "invite_contacts": [person.pk],
        },
    )
    assert response.status_code == 302
    meeting = Meeting.objects.get()
    assert sorted(i.name for i in meeting.invitees.all()) == [
        "KPU Kabupaten Jember",
        "Ketua Bawaslu Jember",
        "Polsek Jombang",
    ]
    assert set(meeting.shared_with.values_list("code", flat=True)) == {"kpu-jember", "bawaslu-jember"}
    bad = client.post("/koordinasi/rapat/baru/", {"title": "x", "kind": "rakor", "mode": "online",
                                                  "unit": district.polres.pk, "starts_at": "2024-11-01T09:00",
                                                  "link": "bukan tautan"})  # fmt: skip
    assert bad.status_code == 200 and "bukan alamat web yang sah" in bad.content.decode()
    assert Meeting.objects.count() == 1


def test_a_double_submitted_meeting_is_created_once(district, kapolres):
    import uuid

    client_id = uuid.uuid4()
    kwargs = dict(unit=district.polres, title="Apel kesiapan", starts_at=timezone.now(), place="Lapangan",
                  invite_units=[district.polsek_a], actor=kapolres, client_id=client_id)  # fmt: skip
    first = services.meeting_create(**kwargs)
    assert services.meeting_create(**kwargs) == first
    assert Meeting.objects.count() == 1 and Invitee.objects.count() == 1
