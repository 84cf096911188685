"""The network key: stable per network, different between networks, and not the address."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from mapsite.lib.ratelimit import digest_key, network_key


def key_for(addr: str, group: str = "g") -> str:
    return network_key(group, RequestFactory().get("/", REMOTE_ADDR=addr))


def test_same_address_same_key_and_different_addresses_differ():
    assert key_for("203.0.113.5") == key_for("203.0.113.5")
    assert key_for("203.0.113.5") != key_for("203.0.113.6")


def test_key_reveals_nothing_of_the_address(settings):
    # A fixed salt: with each clone's own generated salt, a hex digest holds "203" by chance
    # about once in a hundred clones.
    settings.RATELIMIT_HASH_SALT = "a fixed salt for this test"
    key = key_for("203.0.113.5")
    assert "203" not in key and "113" not in key
    assert len(key) == 24 and set(key) <= set("0123456789abcdef")


def test_key_depends_on_the_salt(settings):
    before = key_for("203.0.113.5")
    settings.RATELIMIT_HASH_SALT = "another salt"
    assert key_for("203.0.113.5") != before


def test_ipv6_addresses_in_one_64_share_a_key():
    assert key_for("2001:db8:1:2::1") == key_for("2001:db8:1:2:ffff::9")
    assert key_for("2001:db8:1:2::1") != key_for("2001:db8:1:3::1")
    assert key_for("::ffff:203.0.113.5") == key_for("203.0.113.5")


def test_missing_or_garbage_address_still_gives_a_key():
    assert key_for("") == key_for("not an address")


def test_groups_do_not_share_keys():
    assert key_for("203.0.113.5", "a") != key_for("203.0.113.5", "b")


FORWARDING_HEADERS = {
    "HTTP_X_FORWARDED_FOR": "198.51.100.7, 198.51.100.8",
    "HTTP_X_REAL_IP": "198.51.100.9",
    "HTTP_FORWARDED": "for=198.51.100.10",
    "HTTP_CLIENT_IP": "198.51.100.11",
}


@pytest.mark.parametrize("header", list(FORWARDING_HEADERS))
def test_forwarding_headers_are_never_read(header):
    # A client can write any of these; only the address the connection came from counts (README).
    sent = RequestFactory().get("/", REMOTE_ADDR="203.0.113.5", **{header: FORWARDING_HEADERS[header]})
    assert network_key("g", sent) == key_for("203.0.113.5")
    assert network_key("g", sent) == digest_key("g", "203.0.113.5")
    no_address = RequestFactory().get("/", REMOTE_ADDR="", **{header: FORWARDING_HEADERS[header]})
    assert network_key("g", no_address) == digest_key("g", "unknown")


def test_the_key_is_the_digest_of_the_masked_network():
    assert key_for("203.0.113.5") == digest_key("g", "203.0.113.5")
    assert key_for("2001:db8:1:2:3:4:5:6") == digest_key("g", "2001:db8:1:2::")
    assert key_for("::ffff:203.0.113.5") == digest_key("g", "203.0.113.5")
    assert key_for(" 203.0.113.5 ") == digest_key("g", "203.0.113.5")
    assert key_for("garbage") == digest_key("g", "unknown")


@pytest.mark.django_db
def test_a_changing_x_forwarded_for_does_not_escape_the_network_limit(settings, residents, districts):
    import uuid

    from django.test import Client

    from mapsite.cameras.models import Camera
    from tests.helpers import MONG_KOK, offset

    settings.SUBMIT_RATE_NETWORK = "2/h"
    accounts = residents(4)

    def report(user, n, remote, forwarded):
        client = Client(REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
        client.force_login(user)
        lat, lon = offset(*MONG_KOK, north_m=30 * n)
        return client.post("/report/", {"latitude": lat, "longitude": lon, "submission_token": str(uuid.uuid4())})

    # Three accounts behind one address, each claiming a different forwarded address.
    statuses = [report(accounts[i], i, "203.0.113.5", f"198.51.100.{i + 1}").status_code for i in range(3)]
    assert statuses == [302, 302, 429]  # the last allowed request, then the first refused one
    # The same forwarded address from another connection is another network.
    assert report(accounts[3], 3, "192.0.2.77", "198.51.100.1").status_code == 302
    assert Camera.objects.count() == 3


@pytest.mark.django_db
def test_the_user_key_is_the_account_and_every_anonymous_request_shares_one(django_user_model):
    from django.contrib.auth.models import AnonymousUser

    from mapsite.lib.ratelimit import user_key

    bare = RequestFactory().get("/")  # no authentication middleware ran: no user at all
    anonymous = RequestFactory().get("/")
    anonymous.user = AnonymousUser()
    signed_in = RequestFactory().get("/")
    signed_in.user = django_user_model.objects.create_user(username="walker", password="x")
    assert user_key("g", bare) == user_key("g", anonymous) == "anon"
    assert user_key("g", signed_in) == f"user:{signed_in.user.pk}"


@pytest.mark.django_db
def test_a_burst_is_counted_per_account(django_user_model):
    from mapsite.lib.ratelimit import count_past, user_key

    def request_by(name):
        request = RequestFactory().post("/")
        request.user = django_user_model.objects.create_user(username=name, password="x")
        return request

    first, second = request_by("first"), request_by("second")
    assert [count_past(first, "burst", "2/m", user_key) for _ in range(3)] == [False, False, True]
    assert count_past(second, "burst", "2/m", user_key) is False  # another account's burst is not this one's


def test_asking_whether_a_limit_is_used_up_does_not_use_it():
    from mapsite.lib.ratelimit import count_one, is_exhausted

    request = RequestFactory().post("/")
    assert [is_exhausted(request, "login", "2/m", "someone") for _ in range(5)] == [False] * 5
    count_one(request, "login", "2/m", "someone")
    count_one(request, "login", "2/m", "someone")
    assert is_exhausted(request, "login", "2/m", "someone") is True
