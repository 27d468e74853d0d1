"""Aspirations and complaints: recorded → routed → answered → returned, deadlines, partners answer what was routed
to them, nothing routed outside the Polres."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from siaga.community import selectors, services
from siaga.core.errors import ServiceError
from tests.factories import UnitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def recorded(binmas, district, polsek_a_user):
    return services.aspiration_record(
        actor=polsek_a_user,
        unit=district.polsek_a,
        desa=district.desa_a[0],
        topic="pemilu",
        text="DPT warga pindahan belum masuk",
        kind="keluhan",
    )


def test_the_whole_workflow(recorded, district, polsek_a_user, partner_user, kapolres):
    due = timezone.localdate() + datetime.timedelta(days=5)
    item = services.aspiration_route(actor=polsek_a_user, aspiration=recorded, to=district.kpu, due=due)
    assert item.status == "routed" and item.routed_to == district.kpu and item.due == due
    item = services.aspiration_answer(actor=partner_user, aspiration=item, answer="Sudah didaftarkan di DPTb")
    assert item.status == "answered"
    item = services.aspiration_return(actor=polsek_a_user, aspiration=item)
    assert item.status == "returned" and item.returned_at is not None
    assert [e.new for e in item.events.all()] == ["recorded", "routed", "answered", "returned"]
    stats = selectors.aspiration_stats(user=kapolres)
    assert dict((code, n) for _, code, n in stats["by_status"])["returned"] == 1
    assert stats["by_topic"] == [("Pemilihan / penyelenggaraan", 1)]


def test_a_complaint_routed_outside_the_polres_is_refused(recorded, district, polsek_a_user):
    other = UnitFactory(code="kpu-lumajang", name="KPU Lumajang", kind="kpu", parent=district.polda)
    with pytest.raises(ServiceError, match="hanya dapat diteruskan ke satuan atau mitra di bawah Polres Jember"):
        services.aspiration_route(actor=polsek_a_user, aspiration=recorded, to=other)
    recorded.refresh_from_db()
    assert recorded.status == "recorded" and recorded.routed_to is None


def test_a_partner_answers_only_what_was_routed_to_it(recorded, district, polsek_a_user, bawaslu_user, partner_user):
    with pytest.raises((PermissionDenied, ServiceError)):
        services.aspiration_answer(actor=partner_user, aspiration=recorded, answer="x")
    services.aspiration_route(actor=polsek_a_user, aspiration=recorded, to=district.kpu)
    with pytest.raises((PermissionDenied, ServiceError)):
        services.aspiration_answer(actor=bawaslu_user, aspiration=recorded, answer="bukan urusan kami")
    recorded.refresh_from_db()
    assert recorded.status == "routed" and recorded.answer == ""


def test_a_step_out_of_order_is_refused(recorded, polsek_a_user):
    with pytest.raises(ServiceError, match="tidak dapat diubah"):
        services.aspiration_return(actor=polsek_a_user, aspiration=recorded)


def test_overdue_counts_past_deadlines(recorded, kapolres):
    type(recorded).objects.filter(pk=recorded.pk).update(due=timezone.localdate() - datetime.timedelta(days=1))
    assert selectors.aspiration_stats(user=kapolres)["overdue"] == 1


def test_the_detail_page_routes_and_a_partner_answers(recorded, district, login, polsek_a_user, partner_user):
    client = login(polsek_a_user)
    url = f"/binmas/aspirasi/{recorded.pk}/"
    assert client.get(url).status_code == 200
    client.post(url, {"action": "route", "to": district.kpu.pk})
    recorded.refresh_from_db()
    assert recorded.status == "routed"
    partner = login(partner_user)
    assert partner.get(url).status_code == 200
    partner.post(url, {"action": "answer", "answer": "Ditindaklanjuti PPS"})
    recorded.refresh_from_db()
    assert recorded.status == "answered" and recorded.answer == "Ditindaklanjuti PPS"
