"""The API token page: issue (shown once), list and revoke, for oneself or the users one manages; all audited.
The admin's token form is read-only (it used to save an empty digest and never show the value)."""

import pytest
from django.test import Client

from siaga.accounts.models import ApiToken
from siaga.core.models import ObjectChange

pytestmark = pytest.mark.django_db


def _issue(client, user, name="HP lapangan", days=""):
    return client.post("/akun/token/", {"user": user.pk, "name": name, "days": days}, REMOTE_ADDR="10.5.5.5")


def test_a_user_issues_their_own_token_sees_it_once_and_it_works(district, field_a_user, login):
    client = login(field_a_user)
    response = _issue(client, field_a_user, days="30")
    assert response.status_code == 200 and response["Cache-Control"].startswith("max-age=0")
    token = ApiToken.objects.get(user=field_a_user)
    raw = response.context["new_token"]["raw"]
    assert raw in response.content.decode() and token.digest == ApiToken.hash(raw) and token.expires_at
    assert Client().get("/api/units/", headers={"Authorization": f"Bearer {raw}"}).status_code == 200
    listing = client.get("/akun/token/").content.decode()
    assert raw not in listing and token.prefix in listing and "HP lapangan" in listing
    audit = ObjectChange.objects.get(model="accounts.ApiToken", action="create")
    assert audit.user_id == field_a_user.pk and audit.ip == "10.5.5.5" and "bhabin_a" in audit.note
    assert raw not in str(audit.changes) and token.digest not in str(audit.changes)


def test_revoking_stops_the_token_and_is_audited(district, field_a_user, login):
    client = login(field_a_user)
    raw = _issue(client, field_a_user).context["new_token"]["raw"]
    token = ApiToken.objects.get()
    assert client.post(f"/akun/token/{token.pk}/cabut/").status_code == 302
    assert not ApiToken.objects.exists()
    assert Client().get("/api/units/", headers={"Authorization": f"Bearer {raw}"}).status_code == 401
    assert ObjectChange.objects.filter(model="accounts.ApiToken", action="delete", user=field_a_user).exists()


def test_ops_at_polres_issue_for_their_subtree_but_not_for_command_or_admin(
    district, ops_user, field_a_user, partner_user, kapolres, admin_user, login
):
    client = login(ops_user)
    assert _issue(client, field_a_user).status_code == 200
    assert _issue(client, partner_user, name="gateway KPU").status_code == 200
    assert _issue(client, kapolres).status_code == 400
    assert _issue(client, admin_user).status_code == 400
    assert sorted(ApiToken.objects.values_list("user__username", flat=True)) == ["bhabin_a", "mitra_kpu"]
    page = client.get("/akun/token/").content.decode()
    assert "gateway KPU" in page


def test_others_manage_only_their_own_tokens(district, polsek_a_user, field_a_user, login):
    ApiToken.issue(user=field_a_user, name="milik bhabin")
    client = login(polsek_a_user)
    assert _issue(client, field_a_user).status_code == 400
    assert "milik bhabin" not in client.get("/akun/token/").content.decode()
    other = ApiToken.objects.get()
    assert client.post(f"/akun/token/{other.pk}/cabut/").status_code == 404
    assert ApiToken.objects.count() == 1


def test_admin_issues_for_anyone(district, admin_user, kapolres, login):
    assert _issue(login(admin_user), kapolres, name="Kapolres tablet").status_code == 200
    assert ApiToken.objects.get().user == kapolres


def test_a_bad_name_or_an_anonymous_visitor_is_refused(district, field_a_user, login):
    assert Client().get("/akun/token/").status_code == 302
    assert _issue(login(field_a_user), field_a_user, name="   ").status_code == 400
    assert not ApiToken.objects.exists()


def test_the_admin_token_form_is_read_only(district, admin_user, login):
    client = login(admin_user)
    ApiToken.issue(user=admin_user, name="lama")
    assert client.get("/admin/accounts/apitoken/add/").status_code == 403
    assert client.get("/admin/accounts/apitoken/").status_code == 200
    token = ApiToken.objects.get()
    page = client.get(f"/admin/accounts/apitoken/{token.pk}/change/").content.decode()
    assert token.digest not in page
    assert client.post(f"/admin/accounts/apitoken/{token.pk}/delete/", {"post": "yes"}).status_code == 403


def test_behind_the_proxy_the_audit_records_the_clients_address(district, field_a_user, login, settings):
    settings.SIAGA_TRUSTED_PROXY_HEADER = "X-Forwarded-For"
    client = login(field_a_user)
    client.post(
        "/akun/token/",
        {"user": field_a_user.pk, "name": "HP"},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.44",
    )
    assert ObjectChange.objects.get(model="accounts.ApiToken").ip == "203.0.113.44"
