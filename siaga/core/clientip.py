"""The client's address, the one helper behind the login lock-out, the public form's rate limit and the audit trail.

Behind the documented TLS proxy every request arrives from the proxy, so `REMOTE_ADDR` names the proxy, not the
citizen. When `SIAGA_TRUSTED_PROXY_HEADER` is set (e.g. X-Forwarded-For), the client is read from that header:
the address `SIAGA_TRUSTED_PROXY_COUNT` hops from its right end, the entry the trusted proxy itself appended
(entries further left are whatever the client chose to send and are ignored). Unset, the header is never read."""

from __future__ import annotations

import hashlib
import hmac
import ipaddress

from django.conf import settings


def _meta_key(header: str) -> str:
    return "HTTP_" + header.strip().upper().replace("-", "_")


def _valid(value: str) -> str | None:
    value = value.strip()
    if value.startswith("[") and "]" in value:  # "[2001:db8::1]:443"
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:  # "203.0.113.5:5123"
        value = value.split(":", 1)[0]
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


def client_ip(request) -> str | None:
    """The client's IP address: from the trusted proxy's header when one is configured, else REMOTE_ADDR."""
    header = getattr(settings, "SIAGA_TRUSTED_PROXY_HEADER", "")
    remote = request.META.get("REMOTE_ADDR") or None
    if not header:
        return remote
    entries = [e for e in request.META.get(_meta_key(header), "").split(",") if e.strip()]
    count = max(1, int(getattr(settings, "SIAGA_TRUSTED_PROXY_COUNT", 1)))
    if len(entries) < count:
        return remote  # not through the proxy chain (e.g. a health check on the host itself)
    return _valid(entries[-count]) or remote


def keyed_hash(value: str, *, purpose: str) -> str:
    """HMAC-SHA256 of `value` with the secret key: a stable key that cannot be reversed by hashing every IPv4."""
    key = f"siaga:{purpose}:{settings.SECRET_KEY}".encode()
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()
