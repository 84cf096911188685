"""The network key: stable per network, different between networks, and not the address."""

from __future__ import annotations

from django.test import RequestFactory

from mapsite.lib.ratelimit import network_key


def key_for(addr: str, group: str = "g") -> str:
    return network_key(group, RequestFactory().get("/", REMOTE_ADDR=addr))


def test_same_address_same_key_and_different_addresses_differ():
    assert key_for("203.0.113.5") == key_for("203.0.113.5")
    assert key_for("203.0.113.5") != key_for("203.0.113.6")


def test_key_reveals_nothing_of_the_address():
    key = key_for("203.0.113.5")
    assert "203" not in key and "113" not in key
    assert len(key) == 24


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
