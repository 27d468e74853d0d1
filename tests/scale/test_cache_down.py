"""Cache and sessions on Redis: a signed-in user keeps working when Redis goes away (sessions from the database).

Run only in the scale configuration (SIAGA_REDIS_URL: the cache is siaga.core.cache.FailOpenRedisCache)."""

import pytest
from django.core.cache import cache
from django.test import override_settings

from siaga.core.cache import breaker_reset
from tests.scale.services import RedisServer

pytestmark = [
    pytest.mark.scale,
    pytest.mark.postgresql,
    pytest.mark.django_db(transaction=True, databases=["default", "replica_0"]),
]


@pytest.fixture
def own_cache_redis():
    server = RedisServer()
    server.start()
    caches = {"default": {"BACKEND": "siaga.core.cache.FailOpenRedisCache", "LOCATION": server.url,
                          "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1}}}  # fmt: skip
    breaker_reset()
    with override_settings(CACHES=caches, SESSION_ENGINE="django.contrib.sessions.backends.cached_db"):
        try:
            yield server
        finally:
            server.stop()
            breaker_reset()


def test_sessions_live_in_redis_and_survive_it_going_away(own_cache_redis, ops_user, client):
    client.force_login(ops_user)
    assert client.get("/").status_code == 200
    session_keys = [k for k in own_cache_redis._client().keys("*") if b"django.contrib.sessions" in k]
    assert session_keys, "the session is cached in Redis"
    own_cache_redis.stop()
    response = client.get("/")  # the session comes from the database, the page is served uncached
    assert response.status_code == 200 and response.wsgi_request.user == ops_user
    assert cache.get("apa-saja", "tidak ada") == "tidak ada"
    cache.set("apa-saja", 1)  # a write is a no-op, not an error
    client.logout()
    assert client.get("/").status_code == 302  # signed out: to the login page
