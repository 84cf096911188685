"""Sign-up with a username and password only; log-in, log-out, password change; their limits."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from tests.helpers import PASSWORD, csrf_client, signup_data

pytestmark = pytest.mark.django_db
User = get_user_model()
NEW_PASSWORD = "a quite different long passphrase 7"


def signup(client, username="streetwatcher", password=PASSWORD, password2=None, **extra):
    data = {"username": username, "password1": password, "password2": password2 or password, **extra}
    return client.post(reverse("accounts:signup"), signup_data(client, **data))


def test_signup_form_asks_for_a_username_and_a_password_only(outsider_client):
    response = outsider_client.get(reverse("accounts:signup"))
    assert response.status_code == 200
    assert set(response.context["form"].fields) == {"username", "password1", "password2", "altcha"}
    page = response.content.decode().lower()
    for word in ("email", "e-mail", "phone", "first_name", "last_name", "real name"):
        assert f'name="{word}' not in page
    assert "never ask for an email address" in page


def test_signup_creates_the_account_and_logs_in(outsider_client):
    response = signup(outsider_client, email="me@example.org", first_name="Real")
    assert response.status_code == 302
    user = User.objects.get(username="streetwatcher")
    # Extra fields in the request are ignored, not stored.
    assert user.email == "" and user.first_name == ""
    assert outsider_client.get(reverse("sightings:mine")).status_code == 200


def test_signup_redirects_to_a_safe_next_only(outsider_client):
    response = outsider_client.post(
        reverse("accounts:signup") + "?next=/report/",
        signup_data(outsider_client, username="a1", password1=PASSWORD, password2=PASSWORD, next="/report/"),
    )
    assert response["Location"] == "/report/"
    other = Client()
    response = other.post(
        reverse("accounts:signup"),
        signup_data(other, username="a2", password1=PASSWORD, password2=PASSWORD, next="https://evil.example/"),
    )
    assert response.status_code == 302
    assert "evil" not in response["Location"]


@pytest.mark.parametrize(
    ("password", "password2", "message"),
    [
        ("short1", None, "This password is too short."),
        ("password123", None, "This password is too common."),
        ("4938572019384756", None, "This password is entirely numeric."),
        (PASSWORD, PASSWORD + "x", "The two password fields didn"),
    ],
)
def test_signup_applies_the_password_validators(outsider_client, password, password2, message):
    response = signup(outsider_client, password=password, password2=password2)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not User.objects.filter(username="streetwatcher").exists()


def test_signup_refuses_a_taken_username(outsider_client, resident):
    response = signup(outsider_client, username="resident")
    assert "A user with that username already exists." in response.content.decode()
    assert User.objects.filter(username="resident").count() == 1


def test_signup_when_signed_in_goes_back_to_the_map(resident_client):
    response = resident_client.get(reverse("accounts:signup"))
    assert response.status_code == 302


@pytest.mark.parametrize("method", ["put", "delete", "patch"])
def test_signup_refuses_other_methods(outsider_client, method):
    assert getattr(outsider_client, method)(reverse("accounts:signup")).status_code == 405


def test_signup_without_csrf_token_is_refused(db):
    response = signup(csrf_client())
    assert response.status_code == 403
    assert "Form expired" in response.content.decode()
    assert not User.objects.filter(username="streetwatcher").exists()


def test_login_and_logout(resident):
    client = Client()
    response = client.post(reverse("accounts:login"), {"username": "resident", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get(reverse("sightings:mine")).status_code == 200
    # Log-out is POST only: a link or an image cannot sign anyone out.
    assert client.get(reverse("accounts:logout")).status_code == 405
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert client.get(reverse("sightings:mine")).status_code == 302


def test_login_with_a_wrong_password_says_so(resident, outsider_client):
    response = outsider_client.post(reverse("accounts:login"), {"username": "resident", "password": "nope"})
    assert response.status_code == 200
    assert "Please enter a correct username and password" in response.content.decode()


def test_login_without_csrf_token_is_refused(resident):
    response = csrf_client().post(reverse("accounts:login"), {"username": "resident", "password": PASSWORD})
    assert response.status_code == 403
    assert "Form expired" in response.content.decode()


def test_login_page_links_to_signup(outsider_client):
    page = outsider_client.get(reverse("accounts:login")).content.decode()
    assert reverse("accounts:signup") in page


def test_password_change(resident, resident_client):
    url = reverse("accounts:password_change")
    response = resident_client.post(
        url, {"old_password": "wrong", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert "Your old password was entered incorrectly" in response.content.decode()
    response = resident_client.post(
        url, {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}, follow=True
    )
    assert "Your password has been changed." in response.content.decode()
    resident.refresh_from_db()
    assert resident.check_password(NEW_PASSWORD)
    # Still signed in on this device after the change.
    assert resident_client.get(reverse("sightings:mine")).status_code == 200


def test_password_change_needs_login(outsider_client):
    response = outsider_client.get(reverse("accounts:password_change"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_password_change_without_csrf_token_is_refused(resident):
    response = csrf_client(resident).post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 403
    resident.refresh_from_db()
    assert resident.check_password(PASSWORD)


def test_signup_is_rate_limited_per_network(settings, outsider_client):
    settings.SIGNUP_RATE_NETWORK = "2/h"
    for i in range(2):
        assert signup(Client(), username=f"user{i}").status_code == 302
    response = signup(outsider_client, username="user3")
    assert response.status_code == 429
    assert "Too many requests" in response.content.decode()
    assert response["Retry-After"]
    assert not User.objects.filter(username="user3").exists()
    # Looking at the form is not limited.
    assert outsider_client.get(reverse("accounts:signup")).status_code == 200


def test_login_is_rate_limited_per_network(settings, resident):
    settings.LOGIN_RATE_NETWORK = "3/h"
    client = Client()
    for _ in range(3):
        client.post(reverse("accounts:login"), {"username": "someone", "password": "guess"})
    # Even the right password is refused until the window passes.
    response = client.post(reverse("accounts:login"), {"username": "resident", "password": PASSWORD})
    assert response.status_code == 429
    assert "Too many requests" in response.content.decode()


def test_login_per_username_across_networks_asks_for_a_challenge(settings, resident):
    """Spread-out guessing at one account is slowed, not refused: see test_login_limits."""
    settings.LOGIN_RATE_USERNAME = "2/h"
    for i in range(2):
        Client(REMOTE_ADDR=f"10.0.{i}.1").post(reverse("accounts:login"), {"username": "resident", "password": "x"})
    response = Client(REMOTE_ADDR="10.9.9.9").post(
        reverse("accounts:login"), {"username": "resident", "password": PASSWORD}
    )
    assert response.status_code == 200
    assert [e.code for e in response.context["form"].errors.as_data()["altcha"]] == ["challenge_required"]
    assert "_auth_user_id" not in response.wsgi_request.session
    # Another account is not affected.
    response = Client(REMOTE_ADDR="10.9.9.9").post(reverse("accounts:login"), {"username": "other", "password": "x"})
    assert response.status_code == 200
    assert "altcha" not in response.context["form"].fields
