""""Log out everywhere" ends every session of the account, on every device, and no one else's."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from mapsite.accounts.erasure import end_sessions
from tests.helpers import PASSWORD, csrf_client, csrf_token

pytestmark = pytest.mark.django_db
URL = "/accounts/sessions/end/"


def signed_in(username: str) -> Client:
    """A browser that logged in through the log-in form, as a resident does."""
    client = Client()
    response = client.post("/accounts/login/", {"username": username, "password": PASSWORD})
    assert response.status_code == 302
    return client


def is_signed_in(client: Client) -> bool:
    return client.get("/accounts/").status_code == 200


def test_sessions_live_in_the_database():
    # Ending sessions on other devices needs a store the server can list.
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.db"


def test_the_address_is_the_documented_one():
    assert reverse("accounts:logout_everywhere") == URL


def test_it_ends_the_accounts_sessions_on_every_device_and_no_one_elses(resident, other_resident):
    phone, laptop, neighbour = signed_in("resident"), signed_in("resident"), signed_in("neighbour")
    assert is_signed_in(phone) and is_signed_in(laptop)
    response = phone.post(URL)
    assert response.status_code == 302 and response["Location"] == "/accounts/login/"
    assert not is_signed_in(phone) and not is_signed_in(laptop)
    assert is_signed_in(neighbour)
    assert "You are logged out on every device" in phone.get(response["Location"]).content.decode()
    # Logging in again works as before.
    assert is_signed_in(signed_in("resident"))


def test_expired_sessions_naming_the_account_are_ended_too(resident, other_resident):
    signed_in("resident")
    signed_in("neighbour")
    Session.objects.update(expire_date="2020-01-01T00:00:00Z")
    assert end_sessions(resident) == 1
    assert Session.objects.count() == 1


def test_it_takes_post_only_and_needs_log_in(resident_client, outsider_client):
    assert resident_client.get(URL).status_code == 405
    assert is_signed_in(resident_client)
    response = outsider_client.post(URL)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_it_needs_the_csrf_token(resident):
    client = csrf_client(resident)
    assert client.post(URL).status_code == 403
    assert is_signed_in(client)
    token = csrf_token(client, "/accounts/")
    assert client.post(URL, {"csrfmiddlewaretoken": token}).status_code == 302
    assert not is_signed_in(client)
