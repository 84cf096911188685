"""Sign-up without JavaScript (Tor Browser at its safest): no puzzle can be solved, so the page
carries a signed note of when it was served, and the account is made only after a wait."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.utils import timezone

from tests.helpers import PASSWORD

pytestmark = pytest.mark.django_db
URL = "/accounts/signup/"


def served_note(client) -> str:
    """The signed note every sign-up page carries, sent as it is by a browser without scripts."""
    page = client.get(URL).content.decode()
    return re.search(r'name="altcha_wait" value="([^"]+)"', page).group(1)


def sign_up(client, note: str, username: str = "basement_walker"):
    """As a browser without scripts sends the form: the puzzle's answer empty, the note beside it."""
    return client.post(URL, {"username": username, "password1": PASSWORD, "password2": PASSWORD,
                             "altcha": "", "altcha_wait": note})


def test_after_the_wait_the_account_is_made(client, settings):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        note = served_note(client)
    with time_machine.travel(start + dt.timedelta(seconds=settings.SIGNUP_NOJS_WAIT_SECONDS + 1), tick=False):
        response = sign_up(client, note)
    assert response.status_code == 302
    assert get_user_model().objects.filter(username="basement_walker").exists()


def test_too_soon_is_a_form_error_and_makes_nothing(client, settings):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        note = served_note(client)
    with time_machine.travel(start + dt.timedelta(seconds=settings.SIGNUP_NOJS_WAIT_SECONDS - 1), tick=False):
        response = sign_up(client, note)
    assert response.status_code == 200
    assert response.context["form"].has_error("altcha", "wait_too_soon")
    assert not get_user_model().objects.filter(username="basement_walker").exists()


def test_a_note_buys_one_account_only(client, settings):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        note = served_note(client)
    with time_machine.travel(start + dt.timedelta(seconds=settings.SIGNUP_NOJS_WAIT_SECONDS + 1), tick=False):
        assert sign_up(client, note).status_code == 302
        client.logout()
        again = sign_up(client, note, username="second_walker")
    assert again.context["form"].has_error("altcha", "wait_used")
    assert not get_user_model().objects.filter(username="second_walker").exists()


@pytest.mark.parametrize("note", ["wait:forged", "wait:", "wait:" + "x" * 40])
def test_a_forged_or_stale_note_is_refused(client, note):
    response = sign_up(client, note)
    assert response.context["form"].has_error("altcha", "wait_invalid")


def test_a_note_older_than_an_hour_is_refused(client):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        note = served_note(client)
    with time_machine.travel(start + dt.timedelta(hours=1, seconds=1), tick=False):
        response = sign_up(client, note)
    assert response.context["form"].has_error("altcha", "wait_invalid")


def test_a_solved_puzzle_needs_no_wait(client):
    """With scripts the puzzle's answer is sent, and the note beside it is ignored."""
    from tests.helpers import signup_data

    data = signup_data(client, username="quick_walker", password1=PASSWORD, password2=PASSWORD)
    data["altcha_wait"] = served_note(client)
    assert client.post(URL, data).status_code == 302
