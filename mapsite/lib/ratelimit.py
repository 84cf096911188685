"""Rate-limit keys that identify a network without remembering it.

django-ratelimit's own "ip" key puts the address (md5'd, which is reversible
for the whole IPv4 space in seconds) into the cache key. Here the address is
read once, masked (IPv6 to its /64, which is what one household gets), run
through HMAC-SHA256 with a server-side salt and truncated. Only that digest
reaches the cache, it expires with the rate window, and the address itself is
never stored, logged or returned.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress

from django.conf import settings
from django.http import HttpRequest
from django_ratelimit.core import get_usage
from django_ratelimit.exceptions import Ratelimited

DIGEST_CHARS = 24  # 96 bits: collisions between networks are negligible, reversal needs the salt


def _network(request: HttpRequest) -> str:
    raw = request.META.get("REMOTE_ADDR", "") or ""
    try:
        address = ipaddress.ip_address(raw.strip())
    except ValueError:
        # No usable address (a test client, a unix socket): all such requests share one bucket.
        return "unknown"
    if address.version == 6:
        mapped = address.ipv4_mapped
        if mapped is not None:
            return str(mapped)
        return str(ipaddress.ip_network(f"{address}/64", strict=False).network_address)
    return str(address)


def network_key(group: str, request: HttpRequest) -> str:
    """django-ratelimit key function: a salted, truncated digest of the client's network."""
    return digest_key(group, _network(request))


def user_key(group: str, request: HttpRequest) -> str:
    """django-ratelimit key function: the signed-in user's id (anonymous requests share 'anon')."""
    user = getattr(request, "user", None)
    return f"user:{user.pk}" if user is not None and user.is_authenticated else "anon"


def refuse_if_exhausted(request: HttpRequest, limits: list[tuple[str, str, object]]) -> None:
    """Raise Ratelimited if any (group, rate, key) limit has no room for one more.

    Only looks: a request is refused up front, and counted with count() only
    once it has really created something, so form errors do not use up a limit.
    """
    for group, rate, key in limits:
        usage = get_usage(request, group=group, key=key, rate=rate, increment=False)
        if usage is not None and (usage["should_limit"] or usage["count"] >= usage["limit"]):
            raise Ratelimited()


def count(request: HttpRequest, limits: list[tuple[str, str, object]]) -> None:
    """Count one use against every limit."""
    for group, rate, key in limits:
        get_usage(request, group=group, key=key, rate=rate, increment=True)


def digest_key(group: str, value: str) -> str:
    """A salted, truncated digest of any value a limit keys on (a username, say)."""
    salt = str(settings.RATELIMIT_HASH_SALT).encode()
    return hmac.new(salt, f"{group}|{value}".encode(), hashlib.sha256).hexdigest()[:DIGEST_CHARS]


def is_exhausted(request: HttpRequest, group: str, rate: str, key: str) -> bool:
    """Whether the limit has no room for one more, without counting this request."""
    usage = get_usage(request, group=group, key=lambda _group, _request: key, rate=rate, increment=False)
    return usage is not None and (usage["should_limit"] or usage["count"] >= usage["limit"])


def count_one(request: HttpRequest, group: str, rate: str, key: str) -> None:
    get_usage(request, group=group, key=lambda _group, _request: key, rate=rate, increment=True)


def count_past(request: HttpRequest, group: str, rate: str, key) -> bool:
    """Count one use and say whether the count has now gone past the rate (a burst to
    act on, rather than a request to refuse)."""
    usage = get_usage(request, group=group, key=key, rate=rate, increment=True)
    return usage is not None and usage["count"] > usage["limit"]
