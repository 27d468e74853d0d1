"""Login lock-out: by account and by address; one account's success never forgets another account's failures."""

import pytest
from django.test import Client

from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db


def _post(client, username, password, ip, **headers):
    return client.post("/masuk/", {"username": username, "password": password}, REMOTE_ADDR=ip, **headers)


def test_signing_in_to_ones_own_account_does_not_reset_guesses_at_another(district, kapolres, viewer_user, settings):
    attacker = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _post(attacker, "kapolres", "tebakan-salah", "10.1.0.5").status_code == 200
        assert _post(attacker, "peninjau", TEST_PASSWORD, "10.1.0.5").status_code == 302  # own account
        attacker.post("/keluar/")
    _post(attacker, "kapolres", "tebakan-salah", "10.1.0.5")
    assert _post(attacker, "kapolres", TEST_PASSWORD, "10.1.0.5").status_code == 429
    assert _post(Client(), "kapolres", TEST_PASSWORD, "10.9.9.9").status_code == 429  # the account is locked


def test_failures_from_many_addresses_lock_the_account(district, kapolres, settings):
    for i in range(settings.AXES_FAILURE_LIMIT):
        _post(Client(), "kapolres", "salah", f"10.2.0.{i + 1}")
    assert _post(Client(), "kapolres", TEST_PASSWORD, "10.2.1.1").status_code == 429


def test_failures_at_many_accounts_lock_the_address(district, kapolres, viewer_user, settings):
    for i in range(settings.AXES_FAILURE_LIMIT):
        _post(Client(), f"tebak{i}", "salah", "10.3.0.1")
    assert _post(Client(), "peninjau", TEST_PASSWORD, "10.3.0.1").status_code == 429
    assert _post(Client(), "peninjau", TEST_PASSWORD, "10.3.0.2").status_code == 302


def test_a_users_success_forgets_their_own_typos(district, kapolres, settings):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _post(client, "kapolres", "salah", "10.4.0.1")
    assert _post(client, "kapolres", TEST_PASSWORD, "10.4.0.1").status_code == 302
    client.post("/keluar/")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _post(client, "kapolres", "salah", "10.4.0.1")
    assert _post(client, "kapolres", TEST_PASSWORD, "10.4.0.1").status_code == 302


def test_behind_the_proxy_one_citizens_failures_do_not_lock_out_another(district, viewer_user, settings):
    settings.SIAGA_TRUSTED_PROXY_HEADER = "X-Forwarded-For"
    for i in range(settings.AXES_FAILURE_LIMIT):
        _post(Client(), f"tebak{i}", "salah", "127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.7")
    assert (
        _post(Client(), "peninjau", TEST_PASSWORD, "127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.7").status_code == 429
    )
    assert (
        _post(Client(), "peninjau", TEST_PASSWORD, "127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.8").status_code == 302
    )
