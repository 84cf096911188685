"""Log-in limits: per network (refused), per normalised username (a proof-of-work
challenge, never a lock-out), the same for the admin's log-in."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from tests.conftest import PASSWORD
from tests.helpers import fetched_elsewhere
from tests.helpers import solve_challenge as solve

pytestmark = pytest.mark.django_db
LOGIN = "/accounts/login/"
ADMIN_LOGIN = "/admin/login/"


@pytest.fixture(autouse=True)
def _small_limits(settings):
    settings.LOGIN_RATE_USERNAME = "3/h"
    settings.LOGIN_CHALLENGE_MAX_NUMBER = 2000  # quick to solve in a test


@pytest.fixture
def alice(db):
    return get_user_model().objects.create_user(username="alice", password=PASSWORD)


def client_from(network: str) -> Client:
    return Client(REMOTE_ADDR=network)


def error_codes(response, field: str) -> list[str]:
    return [error.code for error in response.context["form"].errors.as_data().get(field, [])]


def guess(client: Client, username="alice", url=LOGIN, password="wrong guess"):  # noqa: S107
    return client.post(url, {"username": username, "password": password})


def test_after_the_username_limit_the_form_asks_for_a_challenge_instead_of_refusing(alice):
    stranger = client_from("198.51.100.7")
    for _ in range(3):
        assert guess(stranger).status_code == 200
    response = guess(stranger)
    assert response.status_code == 200
    assert error_codes(response, "altcha") == ["challenge_required"]
    assert "altcha/altcha.min.js" in response.content.decode()
    assert fetched_elsewhere(response.content.decode()) == []
    # The widget's workers come from blob: URLs; only the log-in page allows that.
    assert "worker-src 'self' blob:" in response["Content-Security-Policy"]


def test_a_strangers_failures_do_not_stop_alice_logging_in_from_another_network(alice):
    stranger = client_from("198.51.100.7")
    for _ in range(5):
        guess(stranger)
    resident = client_from("203.0.113.20")
    page = guess(resident, password=PASSWORD)
    assert page.status_code == 200  # not a 429: asked to solve the challenge
    assert error_codes(page, "altcha") == ["challenge_required"]
    response = resident.post(LOGIN, {"username": "alice", "password": PASSWORD, "altcha": solve(page.content.decode())})
    assert response.status_code == 302
    assert int(resident.session["_auth_user_id"]) == alice.pk


@pytest.mark.parametrize("variant", ["ａｌｉｃｅ", "ALICE", "Alice"])
def test_normalised_variants_count_against_the_same_username(alice, variant):
    client = client_from("198.51.100.7")
    for name in ("alice", variant, "alice"):
        guess(client, username=name)
    # The fullwidth spelling logs in as alice: it must meet the same limit.
    response = guess(client_from("203.0.113.20"), username="ａｌｉｃｅ", password=PASSWORD)
    assert response.status_code == 200
    assert error_codes(response, "altcha") == ["challenge_required"]
    assert "_auth_user_id" not in response.wsgi_request.session


def test_a_wrong_challenge_checks_no_password(alice):
    client = client_from("198.51.100.7")
    for _ in range(3):
        guess(client)
    response = client.post(LOGIN, {"username": "alice", "password": PASSWORD, "altcha": "bm90IGEgc29sdXRpb24="})
    assert error_codes(response, "altcha") == ["challenge_failed"]
    # No word on the password either way: that would answer the guess.
    assert response.context["form"].non_field_errors() == []
    assert "_auth_user_id" not in client.session


def test_a_solved_challenge_cannot_be_used_twice(alice):
    client = client_from("198.51.100.7")
    for _ in range(3):
        guess(client)
    page = guess(client)
    payload = solve(page.content.decode())
    assert client.post(LOGIN, {"username": "alice", "password": "x", "altcha": payload}).status_code == 200
    response = client.post(LOGIN, {"username": "alice", "password": PASSWORD, "altcha": payload})
    assert error_codes(response, "altcha") == ["challenge_failed"]


def test_other_usernames_are_not_affected(alice, other_resident):
    client = client_from("198.51.100.7")
    for _ in range(3):
        guess(client)
    response = guess(client_from("203.0.113.20"), username="neighbour", password=PASSWORD)
    assert response.status_code == 302


@pytest.fixture
def admin_user(db):
    return get_user_model().objects.create_superuser(username="root", password=PASSWORD)


def test_admin_login_is_limited_per_network_like_the_sites(settings, admin_user):
    settings.LOGIN_RATE_NETWORK = "4/h"
    client = client_from("198.51.100.7")
    for i in range(2):
        guess(client, username=f"x{i}")  # the site's form and the admin's share one network limit
        guess(client, username=f"y{i}", url=ADMIN_LOGIN)
    response = guess(client, username="root", url=ADMIN_LOGIN, password=PASSWORD)
    assert response.status_code == 429
    assert guess(client_from("203.0.113.20"), username="root", url=ADMIN_LOGIN, password=PASSWORD).status_code == 302


def test_admin_login_asks_for_the_challenge_after_the_username_limit(admin_user):
    stranger = client_from("198.51.100.7")
    for _ in range(3):
        guess(stranger, username="ROOT", url=ADMIN_LOGIN)
    owner = client_from("203.0.113.20")
    page = guess(owner, username="root", url=ADMIN_LOGIN, password=PASSWORD)
    assert page.status_code == 200
    assert error_codes(page, "altcha") == ["challenge_required"]
    response = owner.post(
        ADMIN_LOGIN, {"username": "root", "password": PASSWORD, "altcha": solve(page.content.decode())}
    )
    assert response.status_code == 302
    assert owner.get(reverse("admin:index")).status_code == 200
