"""The report page in chromium with JavaScript turned off (as Tor Browser's safest
mode has it): a plain form, with pasted coordinates, the district check and the
same messages; the map and its buttons are not offered."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from playwright.sync_api import expect

from mapsite.cameras.models import Camera

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def plain_page(browser, live_server, districts, resident):
    context = browser.new_context(java_script_enabled=False, locale="en-GB", viewport={"width": 1280, "height": 900})
    # Nothing leaves the live server, as in every browser test.
    context.route("**/*", lambda r: r.continue_() if r.request.url.startswith(live_server.url) else r.abort())
    client = Client()
    client.force_login(resident)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}])
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(live_server.url + "/report/")
    yield page
    context.close()


def test_without_javascript_the_form_checks_refuses_and_sends(plain_page):
    page = plain_page
    # The map and the buttons that need a script are not offered; the boxes and the plain check are.
    expect(page.locator("#report-map")).to_be_hidden()
    expect(page.locator("#use-location")).to_be_hidden()
    expect(page.locator("#paste-go")).to_be_hidden()
    expect(page.locator("button[name=check]")).to_be_visible()
    expect(page.locator("#id_latitude")).to_be_visible()

    # Typed coordinates outside Hong Kong: the district check on submit refuses them, with
    # the same message as with the map, and nothing is saved.
    page.fill("#id_latitude", "22.5410")
    page.fill("#id_longitude", "114.0550")
    page.click("button.primary")
    expect(page.locator("#report-errors")).to_contain_text("This position is outside Hong Kong.")
    expect(page.locator("#id_latitude")).to_have_value("22.5410")
    assert Camera.objects.count() == 0

    # Pasted text that is not a position.
    page.fill("#id_latitude", "")
    page.fill("#id_longitude", "")
    page.fill("#paste-coords", "the lamppost by the market")
    page.click("button.primary")
    expect(page.locator("#position-errors")).to_contain_text("Those coordinates were not understood.")
    assert Camera.objects.count() == 0

    # Pasted in degrees, minutes and seconds, outside Hong Kong.
    page.fill("#paste-coords", "22°32′28″N 114°03′18″E")
    page.click("button.primary")
    expect(page.locator("#report-errors")).to_contain_text("This position is outside Hong Kong.")

    # "Check this position" names the district and keeps what was filled in.
    page.fill("#paste-coords", "22.3193, 114.1694")
    page.fill("#id_notes", "Above the bus stop")
    page.click("button[name=check]")
    expect(page.locator("#pin-status")).to_have_text("District: Yau Tsim Mong · 油尖旺區")
    expect(page.locator("#id_notes")).to_have_value("Above the bus stop")
    assert Camera.objects.count() == 0

    page.select_option("#id_kind", "dome")
    page.click("button.primary")
    page.wait_for_url(re.compile(r"/cameras/\d+/$"))
    expect(page.locator(".messages")).to_contain_text("Thank you.")
    camera = Camera.objects.get()
    assert (round(camera.latitude, 4), round(camera.longitude, 4), camera.kind) == (22.3193, 114.1694, "dome")
    assert camera.notes == "Above the bus stop"


def test_without_javascript_a_resident_signs_up_after_a_wait(browser, live_server, districts, settings):
    """No puzzle can run, so the sign-up page asks for a wait instead (a second here)."""
    settings.SIGNUP_NOJS_WAIT_SECONDS = 1
    context = browser.new_context(java_script_enabled=False, locale="en-GB")
    context.route("**/*", lambda r: r.continue_() if r.request.url.startswith(live_server.url) else r.abort())
    page = context.new_page()
    page.goto(live_server.url + "/accounts/signup/")
    expect(page.get_by_text("Without JavaScript there is no puzzle")).to_be_visible()
    page.fill("#id_username", "tor_walker")
    page.fill("#id_password1", "a long enough passphrase 42")
    page.fill("#id_password2", "a long enough passphrase 42")
    page.wait_for_timeout(1200)  # the wait the page asks for, not a speed check
    page.locator("form button[type=submit]").last.click()
    page.wait_for_load_state()
    assert get_user_model().objects.filter(username="tor_walker").exists()
    context.close()
