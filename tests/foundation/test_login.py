import pytest
from django.test import Client

from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db


def test_wrong_password_gives_a_clear_message(district, kapolres):
    response = Client().post("/masuk/", {"username": "kapolres", "password": "salah"}, REMOTE_ADDR="10.0.0.9")
    assert response.status_code == 200
    assert "Nama pengguna atau kata sandi salah" in response.content.decode()


def test_login_then_dashboard(district, kapolres):
    client = Client()
    response = client.post("/masuk/", {"username": "kapolres", "password": TEST_PASSWORD}, REMOTE_ADDR="10.0.0.9")
    assert response.status_code == 302
    assert "Dasbor" in client.get("/").content.decode()


def test_repeated_failures_lock_the_account(district, kapolres, settings):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/masuk/", {"username": "kapolres", "password": "salah"}, REMOTE_ADDR="10.0.0.7")
    response = client.post("/masuk/", {"username": "kapolres", "password": TEST_PASSWORD}, REMOTE_ADDR="10.0.0.7")
    assert response.status_code == 429
    assert "dikunci" in response.content.decode()


def test_api_token_reads_scoped_units(district, polsek_a_user, api_client):
    client, headers = api_client(polsek_a_user)
    response = client.get("/api/units/", headers=headers)
    assert response.status_code == 200
    assert [u["code"] for u in response.json()] == ["polsek-jombang"]


def test_expired_token_is_refused(district, polsek_a_user, client):
    from django.utils import timezone

    from siaga.accounts.models import ApiToken

    _, raw = ApiToken.issue(user=polsek_a_user, name="lama", expires_at=timezone.now())
    response = client.get("/api/units/", headers={"Authorization": f"Bearer {raw}"})
    assert response.status_code == 401


def test_choice_fields_say_pilih_in_indonesian():
    from django.db.models.fields import BLANK_CHOICE_LABEL
    from django.utils import translation

    with translation.override("id"):
        assert str(BLANK_CHOICE_LABEL) == "- Pilih -"


def test_a_deleted_token_stops_working_at_once(district, polsek_a_user, api_client):
    from siaga.accounts.models import ApiToken

    client, headers = api_client(polsek_a_user)
    assert client.get("/api/units/", headers=headers).status_code == 200
    ApiToken.objects.filter(user=polsek_a_user).delete()
    assert client.get("/api/units/", headers=headers).status_code == 401


def test_a_deactivated_user_loses_api_access(district, polsek_a_user, api_client):
    client, headers = api_client(polsek_a_user)
    assert client.get("/api/units/", headers=headers).status_code == 200
    polsek_a_user.is_active = False
    polsek_a_user.save()
    assert client.get("/api/units/", headers=headers).status_code == 401
