"""Sign-up always asks for the self-hosted proof-of-work challenge the log-in uses
after too many attempts; the per-network sign-up limit stays."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from tests.helpers import PASSWORD, signup_data, text

pytestmark = pytest.mark.django_db
URL = "/accounts/signup/"
FIELDS = {"username": "streetwatcher", "password1": PASSWORD, "password2": PASSWORD}


def _codes(response) -> list[str]:
    return [e.code for e in response.context["form"].errors.as_data().get("altcha", [])]


def test_the_form_carries_the_challenge_from_our_own_static_files(client):
    page = text(client.get(URL))
    assert "altcha/altcha.min.js" in page and "challengejson=" in page
    assert "https://" not in page.split("challengejson=")[1].split(">")[0]  # no third-party request
    assert "blob:" in client.get(URL)["Content-Security-Policy"]


def test_without_the_challenge_no_account_is_made(client):
    response = client.post(URL, FIELDS)
    assert response.status_code == 200
    assert _codes(response) == ["challenge_required"]
    assert "solves a small puzzle" in text(response)
    assert not get_user_model().objects.exists()


def test_a_wrong_or_reused_solution_is_refused(client):
    response = client.post(URL, {**FIELDS, "altcha": "bm90IGEgc29sdXRpb24="})
    assert _codes(response) == ["challenge_failed"]
    data = signup_data(client, **FIELDS)
    assert client.post(URL, data).status_code == 302
    again = Client()
    response = again.post(URL, {**data, "username": "second"})
    assert _codes(response) == ["challenge_failed"]
    assert get_user_model().objects.count() == 1


def test_a_solved_challenge_makes_the_account(client):
    assert client.post(URL, signup_data(client, **FIELDS)).status_code == 302
    assert get_user_model().objects.filter(username="streetwatcher").exists()
