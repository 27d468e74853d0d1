"""Persona tests: who sees which directive, meeting and contact."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from siaga.coordination import selectors, services
from siaga.core import access

pytestmark = pytest.mark.django_db


@pytest.fixture
def contact(district):
    return services.contact_save(
        unit=district.kpu, name="Drs. Muhammad Syai'in", position="Ketua KPU", phone="0812-3456-7890",
        actor=access.SYSTEM,
    )  # fmt: skip


def test_a_polsek_answers_only_directives_of_its_subtree(district, kapolres, polsek_a_user, polsek_b_user, login):
    d = services.directive_issue(unit=district.polres, title="Arahan PENANDA Jombang", deadline=date(2030, 1, 1),
                                 units=[district.polsek_a], actor=kapolres)  # fmt: skip
    a_page = login(polsek_a_user).get("/koordinasi/arahan/").content.decode()
    assert "Arahan PENANDA Jombang" in a_page
    b = login(polsek_b_user)
    assert "Arahan PENANDA Jombang" not in b.get("/koordinasi/arahan/").content.decode()
    assert "Arahan PENANDA Jombang" not in b.get("/koordinasi/arahan/matriks/").content.decode()
    assert b.get(f"/koordinasi/arahan/{d.pk}/").status_code == 404
    target = d.targets.get()
    assert b.post(f"/koordinasi/arahan/penerima/{target.pk}/lapor/", {"text": "x"}).status_code == 404
    target.refresh_from_db()
    assert target.status == "pending"


def test_partners_see_only_meetings_they_were_invited_to(rakor, district, kapolres, login, partner_user, bawaslu_user):
    internal = services.meeting_create(unit=district.polres, title="Anev internal PENANDA", kind="anev",
                                       starts_at=rakor.starts_at, place="Ruang Kapolres",
                                       invite_units=[district.polsek_a], actor=kapolres)  # fmt: skip
    kpu = login(partner_user)
    page = kpu.get("/koordinasi/rapat/").content.decode()
    assert rakor.title in page and "Anev internal PENANDA" not in page
    assert kpu.get(f"/koordinasi/rapat/{internal.pk}/").status_code == 404
    assert kpu.get(f"/koordinasi/rapat/{rakor.pk}/").status_code == 200
    bawaslu = login(bawaslu_user)
    assert rakor.title not in bawaslu.get("/koordinasi/rapat/").content.decode()
    assert bawaslu.get(f"/koordinasi/rapat/{rakor.pk}/").status_code == 404
    assert bawaslu.get("/koordinasi/arahan/").status_code == 403


def test_contacts_are_hidden_from_roles_that_do_not_need_them(contact, district, login, kapolres, intel_user,
                                                              polsek_a_user, field_a_user, viewer_user):  # fmt: skip
    for user in (kapolres, intel_user, polsek_a_user):
        page = login(user).get("/koordinasi/mitra/").content.decode()
        assert "0812-3456-7890" in page and "KPU Kabupaten Jember" in page, user.role
    for user in (field_a_user, viewer_user):
        page = login(user).get("/koordinasi/mitra/").content.decode()
        assert "KPU Kabupaten Jember" in page and "0812-3456-7890" not in page, user.role
        assert list(selectors.contacts_for(user=user, units=[district.kpu])) == []


def test_partner_users_get_no_directory_and_only_a_permitted_role_adds_contacts(district, login, partner_user,
                                                                                 field_a_user, ops_user):  # fmt: skip
    assert login(partner_user).get("/koordinasi/mitra/").status_code == 403
    with pytest.raises(PermissionDenied):
        services.contact_save(unit=district.kpu, name="X", actor=field_a_user)
    response = login(ops_user).post(
        "/koordinasi/mitra/", {"unit": district.bawaslu.pk, "name": "Ketua Bawaslu", "phone": "0813"}
    )
    assert response.status_code == 302
    assert district.bawaslu.contacts.get().name == "Ketua Bawaslu"


def test_new_partner_kinds_exist(district):
    from siaga.units.models import Unit

    assert {"fkub", "kesbangpol", "dai_kamtibmas", "ormas", "media", "mui", "pemda", "panwascam"} <= set(
        Unit.Kind.values
    )
    fkub = Unit.objects.create(code="fkub-jember", name="FKUB Jember", kind="fkub", parent=district.polres)
    assert fkub.get_kind_display() == "FKUB"
