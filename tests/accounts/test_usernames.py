"""Usernames are unique once normalised, and may not mix scripts to pass for another."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from mapsite.accounts.forms import SignupForm
from mapsite.accounts.validators import normalise_username
from tests.conftest import PASSWORD
from tests.helpers import signup_data

pytestmark = pytest.mark.django_db
User = get_user_model()


def form(username: str) -> SignupForm:
    f = SignupForm({"username": username, "password1": PASSWORD, "password2": PASSWORD})
    del f.fields["altcha"]  # the username rules alone; the challenge is tested in test_signup_challenge.py
    return f


def codes(f: SignupForm) -> list[str]:
    return [e.code for e in f.errors.as_data().get("username", [])]


@pytest.mark.parametrize("username", ["аlice", "alicе", "Ωmega", "pаypal_1"])
def test_mixed_script_names_are_refused(username):
    f = form(username)
    assert not f.is_valid()
    assert codes(f) == ["mixed_scripts"]
    assert "one script" in f.errors["username"][0]


@pytest.mark.parametrize("username", ["alice", "陳大文", "陳大文_2", "αβγ_1", "иван99", "陳alice", "さくら陳", "ü_ber"])
def test_single_script_names_and_east_asian_mixes_are_fine(username):
    assert form(username).is_valid(), form(username).errors


@pytest.mark.parametrize("lookalike", ["Alice", "ALICE", "ａｌｉｃｅ", "aLiCe"])
def test_names_equal_once_normalised_are_taken(resident, lookalike):
    User.objects.create_user(username="alice", password=PASSWORD)
    f = form(lookalike)
    assert not f.is_valid()
    assert codes(f) == ["unique"]


def test_normalisation_folds_width_and_case():
    assert normalise_username("ｖ1") == normalise_username("V1") == "v1"
    assert normalise_username("Straße") == normalise_username("STRASSE")


def test_a_race_between_lookalike_signups_is_refused_at_save():
    first, second = form("alice"), form("Alice")
    # Both pass validation before either is saved, as two concurrent requests would.
    assert first.is_valid() and second.is_valid()
    first.save()
    with pytest.raises(ValidationError) as refused:
        second.save()
    assert refused.value.code == "unique"
    assert User.objects.filter(username__in=["alice", "Alice"]).count() == 1


def test_the_signup_view_turns_a_lost_race_into_a_form_error(client, monkeypatch):
    User.objects.create_user(username="alice", password=PASSWORD)
    # The check in clean_username passed (as if the other sign-up had not committed yet).
    monkeypatch.setattr(SignupForm, "clean_username", lambda self: self.cleaned_data["username"])
    data = signup_data(client, username="ALICE", password1=PASSWORD, password2=PASSWORD)
    response = client.post("/accounts/signup/", data)
    assert response.status_code == 200
    assert codes(response.context["form"]) == ["unique"]
    assert not User.objects.filter(username="ALICE").exists()
