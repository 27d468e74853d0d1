"""A revoked token, or a deactivated user, is refused at once by every process, not only by the one that revoked it.

Each web process keeps verified tokens in memory (siaga.accounts.api_auth) under the shared generation TOKENS; a
revocation sets a new generation when it commits. "Another process" is simulated by putting back what this process
kept before the revocation (the revoking process forgets its own tokens through the signal; another process only
sees the new generation): without the shared generation the kept token would still be accepted."""

import pytest
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from siaga.accounts import api_auth
from siaga.accounts.models import ApiToken
from siaga.accounts.services import api_token_revoke
from siaga.core.api_errors import UNAUTHORIZED
from siaga.core.cache import breaker_reset

pytestmark = pytest.mark.django_db
URL = "/api/units/"


@pytest.fixture(autouse=True)
def _own_generation_and_cache(settings, tmp_path):
    settings.SIAGA_GENERATION_DIR = str(tmp_path / "generations")
    api_auth.token_cache_clear()
    yield
    api_auth.token_cache_clear()


def _get(raw):
    return Client().get(URL, headers={"Authorization": f"Bearer {raw}"})


def _token_lookups(queries):
    return [
        q["sql"] for q in queries if "accounts_apitoken" in q["sql"] and q["sql"].lstrip().upper().startswith("SELECT")
    ]


def _as_another_process(kept, change):
    """Run `change` (committing it), then answer as a process that kept `kept` and saw no signal."""
    change()
    with api_auth._lock:
        api_auth._cache.update(kept)


def _revoke_elsewhere(django_capture_on_commit_callbacks, token, actor):
    kept = dict(api_auth._cache)
    assert token.digest in kept  # this process keeps the token, as every worker that served it does

    def revoke():
        with django_capture_on_commit_callbacks(execute=True):
            api_token_revoke(actor=actor, token=token)

    _as_another_process(kept, revoke)


def test_a_token_revoked_in_another_process_is_refused_at_once(
    district, field_a_user, django_capture_on_commit_callbacks
):
    token, raw = ApiToken.issue(user=field_a_user, name="HP lapangan")
    assert _get(raw).status_code == 200
    _revoke_elsewhere(django_capture_on_commit_callbacks, token, field_a_user)
    response = _get(raw)
    assert response.status_code == 401 and response.json() == {"detail": UNAUTHORIZED}


def test_a_user_deactivated_in_another_process_is_refused_at_once(
    district, field_a_user, django_capture_on_commit_callbacks
):
    _, raw = ApiToken.issue(user=field_a_user, name="HP lapangan")
    assert _get(raw).status_code == 200
    kept = dict(api_auth._cache)

    def deactivate():
        with django_capture_on_commit_callbacks(execute=True):
            field_a_user.is_active = False
            field_a_user.save()

    _as_another_process(kept, deactivate)
    response = _get(raw)
    assert response.status_code == 401 and response.json() == {"detail": UNAUTHORIZED}


def test_a_kept_token_costs_no_lookup_and_after_a_revocation_one(
    district, field_a_user, polsek_a_user, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    _, raw = ApiToken.issue(user=field_a_user, name="HP lapangan")
    other, other_raw = ApiToken.issue(user=polsek_a_user, name="tablet")
    with CaptureQueriesContext(connection) as first:
        assert _get(raw).status_code == 200 and _get(other_raw).status_code == 200
    assert len(_token_lookups(first.captured_queries)) == 2
    with django_assert_max_num_queries(3) as kept:  # the endpoint's own reads; the token comes from memory
        assert _get(raw).status_code == 200
    assert _token_lookups(kept.captured_queries) == []
    _revoke_elsewhere(django_capture_on_commit_callbacks, other, polsek_a_user)
    with django_assert_max_num_queries(4) as after:  # the still valid token is looked up once more
        assert _get(raw).status_code == 200
    assert len(_token_lookups(after.captured_queries)) == 1
    with CaptureQueriesContext(connection) as again:
        assert _get(raw).status_code == 200
    assert _token_lookups(again.captured_queries) == []
    assert _get(other_raw).status_code == 401


def test_a_sign_in_in_the_browser_does_not_drop_the_kept_tokens(district, field_a_user, login):
    _, raw = ApiToken.issue(user=field_a_user, name="HP lapangan")
    assert _get(raw).status_code == 200
    before = api_auth.TOKENS.current()
    login(field_a_user).get("/")  # saves last_login only
    assert api_auth.TOKENS.current() == before
    with CaptureQueriesContext(connection) as queries:
        assert _get(raw).status_code == 200
    assert _token_lookups(queries.captured_queries) == []


def test_with_a_shared_cache_the_generation_lives_there(
    district, field_a_user, tmp_path, settings, django_capture_on_commit_callbacks
):
    shared = {
        "default": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": str(tmp_path / "c")}
    }
    with override_settings(CACHES=shared):
        from django.core.cache import cache

        token, raw = ApiToken.issue(user=field_a_user, name="HP lapangan")
        assert _get(raw).status_code == 200
        before = cache.get(api_auth.TOKENS.cache_key)
        assert before is not None and not api_auth.TOKENS.path().exists()
        _revoke_elsewhere(django_capture_on_commit_callbacks, token, field_a_user)
        assert cache.get(api_auth.TOKENS.cache_key) not in (None, before)
        response = _get(raw)
        assert response.status_code == 401 and response.json() == {"detail": UNAUTHORIZED}


def test_with_redis_unreachable_nothing_kept_is_trusted(
    district, field_a_user, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    down = {"default": {"BACKEND": "siaga.core.cache.FailOpenRedisCache", "LOCATION": "redis://127.0.0.1:1/0",
                        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1}}}  # fmt: skip
    breaker_reset()
    try:
        with override_settings(CACHES=down):
            token, raw = ApiToken.issue(user=field_a_user, name="HP lapangan")
            assert api_auth.TOKENS.current() is None
            for _ in range(2):  # every request looks the token up: one query, no more
                with django_assert_max_num_queries(4) as queries:
                    assert _get(raw).status_code == 200
                assert len(_token_lookups(queries.captured_queries)) == 1
            with django_capture_on_commit_callbacks(execute=True):
                api_token_revoke(actor=field_a_user, token=token)
            response = _get(raw)
            assert response.status_code == 401 and response.json() == {"detail": UNAUTHORIZED}
    finally:
        breaker_reset()
