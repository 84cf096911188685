"""What a reporter is told when a report waits for its window, and what the about page promises."""

from __future__ import annotations

import datetime as dt

import time_machine

from tests.helpers import report_body, text

# 13:30 in Hong Kong: with 3-hour windows a report goes out at 15:00.
AFTERNOON = dt.datetime(2026, 3, 4, 5, 30, tzinfo=dt.UTC)


def test_the_thank_you_says_when_a_waiting_report_goes_public(settings, resident_client):
    settings.PUBLISH_WINDOW_HOURS = 3
    with time_machine.travel(AFTERNOON, tick=False):
        response = resident_client.post("/report/", report_body(), follow=True)
    assert "Your report goes on the map at 15:00" in text(response)
    # Said once, by the camera page's notice, not again by the thank-you above it.
    assert text(response).lower().count("only you and the moderators can see") == 1
    assert "The camera is on the map as pending" not in text(response)


def test_without_a_window_the_thank_you_says_it_is_on_the_map(resident_client):
    response = resident_client.post("/report/", report_body(), follow=True)
    assert "The camera is on the map as pending" in text(response)


def test_the_about_page_explains_the_windows(settings, client, db):
    settings.PUBLISH_WINDOW_HOURS = 3
    assert "at fixed times every 3 hours" in text(client.get("/about/"))
    settings.PUBLISH_WINDOW_HOURS = 0
    assert "on the map as pending straight away" in text(client.get("/about/"))


def test_the_report_page_says_when_a_report_shows(settings, resident_client):
    settings.PUBLISH_WINDOW_HOURS = 3
    assert "at the next publication time" in text(resident_client.get("/report/"))
    settings.PUBLISH_WINDOW_HOURS = 0
    assert "The camera appears on the map at once" in text(resident_client.get("/report/"))
