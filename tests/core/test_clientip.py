"""The client address: REMOTE_ADDR unless a trusted proxy header is configured; the keyed hash of an address."""

import hashlib

from django.test import RequestFactory

from siaga.core.clientip import client_ip, keyed_hash


def _request(**meta):
    return RequestFactory().get("/", **meta)


def test_without_a_configured_proxy_the_forwarded_header_is_ignored(settings):
    settings.SIAGA_TRUSTED_PROXY_HEADER = ""
    assert client_ip(_request(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4")) == "10.0.0.1"


def test_the_entry_the_trusted_proxy_appended_is_the_client(settings):
    settings.SIAGA_TRUSTED_PROXY_HEADER = "X-Forwarded-For"
    settings.SIAGA_TRUSTED_PROXY_COUNT = 1
    request = _request(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9")
    assert client_ip(request) == "203.0.113.9"  # the spoofed left entry is not believed


def test_two_proxies_count_two_hops_from_the_right(settings):
    settings.SIAGA_TRUSTED_PROXY_HEADER = "X-Forwarded-For"
    settings.SIAGA_TRUSTED_PROXY_COUNT = 2
    request = _request(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9, 10.0.0.2")
    assert client_ip(request) == "203.0.113.9"


def test_a_custom_header_and_a_malformed_value(settings):
    settings.SIAGA_TRUSTED_PROXY_HEADER = "X-Real-IP"
    assert client_ip(_request(REMOTE_ADDR="127.0.0.1", HTTP_X_REAL_IP="[2001:db8::1]:443")) == "2001:db8::1"
    assert client_ip(_request(REMOTE_ADDR="127.0.0.1", HTTP_X_REAL_IP="bukan-ip")) == "127.0.0.1"
    assert client_ip(_request(REMOTE_ADDR="127.0.0.1")) == "127.0.0.1"


def test_the_keyed_hash_is_not_a_bare_sha256_and_depends_on_the_secret(settings):
    digest = keyed_hash("203.0.113.9", purpose="lapor")
    assert digest != hashlib.sha256(b"203.0.113.9").hexdigest()
    assert digest != hashlib.sha256(b"lapor:203.0.113.9").hexdigest()
    settings.SECRET_KEY = "another-secret-key-for-the-test-0123456789"
    assert keyed_hash("203.0.113.9", purpose="lapor") != digest
