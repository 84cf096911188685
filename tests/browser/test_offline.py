"""Reporting with a connection that comes and goes, in a real browser: chromium put
offline, a report kept on the device and listed, back online, the report made
exactly once; the same queue sent twice; a cancelled report never sent."""

from __future__ import annotations

import time

import pytest
from playwright.sync_api import expect

from mapsite.cameras.models import Camera
from mapsite.photos.models import Photo
from tests.helpers import CENTRAL, log_in
from tests.photos.factories import jpeg_with_gps

pytestmark = pytest.mark.django_db(transaction=True)

KEPT = "#report-queue-list li.queued-report:not(.is-sent)"
SENT = "#report-queue-list li.is-sent"


@pytest.fixture(autouse=True)
def _patient_expectations():
    """A send after the connection returns waits for the service worker, the queue's lock
    between tabs and a photo upload: on a loaded machine that is more than expect's 5 s.
    A longer wait changes no outcome a test checks; it only stops one from being cut short."""
    expect.set_options(timeout=30_000)
    yield
    expect.set_options(timeout=5_000)


# What chromium logs for requests made while it is offline: expected here, and only here.
OFFLINE_NOISE = ("ERR_INTERNET_DISCONNECTED", "FetchEvent", "net::ERR_FAILED")


def open_report(page, user) -> None:
    log_in(page, user)
    page.goto(page.base_url + "/report/")
    page.wait_for_selector("#report-map.leaflet-container")
    # The service worker has installed (the offline page and static files are kept) and controls the page.
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    # With a script, the map's own check stands in for the plain form's.
    expect(page.locator("button[name=check]")).to_be_hidden()


def keep_report(page, position: str, kind: str = "dome", photo: bool = False) -> None:
    page.fill("#paste-coords", position)
    page.select_option("#id_kind", kind)
    if photo:
        page.set_input_files(
            "#id_photo", files=[{"name": "camera.jpg", "mimeType": "image/jpeg", "buffer": jpeg_with_gps()}]
        )
    page.click("#report-form button.primary")


def forget_offline_noise(page) -> None:
    page.problems[:] = [p for p in page.problems if not any(noise in p for noise in OFFLINE_NOISE)]


def test_a_report_made_offline_is_listed_survives_a_reload_and_is_made_once_back_online(page, resident, artifacts):
    open_report(page, resident)
    page.context.set_offline(True)
    keep_report(page, "22.3193, 114.1694", photo=True)

    expect(page.locator("#queue-status")).to_contain_text("kept on this device")
    expect(page.locator(KEPT)).to_have_count(1)
    expect(page.locator(KEPT)).to_contain_text("22.3193, 114.1694")
    expect(page.locator(KEPT)).to_contain_text("with a photo")
    assert Camera.objects.count() == 0

    # Still offline, the page opens again from the service worker, queue and all.
    page.reload()
    expect(page.locator(".offline-note")).to_be_visible()
    expect(page.locator(KEPT)).to_have_count(1)
    page.screenshot(path=str(artifacts / "report-offline-queue.png"), full_page=True)
    assert Camera.objects.count() == 0

    page.context.set_offline(False)
    expect(page.locator(SENT)).to_have_count(1)
    expect(page.locator(KEPT)).to_have_count(0)
    expect(page.locator(SENT)).to_contain_text("Thank you")
    camera = Camera.objects.get()
    assert (round(camera.latitude, 4), round(camera.longitude, 4), camera.kind) == (22.3193, 114.1694, "dome")
    assert camera.reporter == resident
    assert Photo.objects.filter(camera=camera, uploader=resident).count() == 1
    # Nothing is left to send: a later page load sends nothing more.
    page.reload()
    page.wait_for_function("() => document.getElementById('report-form').dataset.queued === '0'")
    assert Camera.objects.count() == 1
    forget_offline_noise(page)


def test_the_same_queue_sent_twice_makes_one_camera(page, resident):
    open_report(page, resident)
    other_tab = page.context.new_page()
    other_tab.goto(page.base_url + "/report/")
    other_tab.wait_for_selector("#report-form")
    page.context.set_offline(True)
    keep_report(page, "22.3193, 114.1694")
    expect(page.locator(KEPT)).to_have_count(1)
    # A copy of the kept record, to put back after it has been sent.
    page.evaluate("""() => new Promise((resolve) => {
        indexedDB.open("camera-map-offline").onsuccess = (e) => {
            e.target.result.transaction("reports").objectStore("reports").getAll().onsuccess = (r) => {
                window.keptCopy = r.target.result[0];
                resolve();
            };
        };
    })""")

    # Both tabs hear the connection return and both send the queue.
    page.context.set_offline(False)
    # Whichever tab takes the queue's lock sends it and marks it sent; the other finds it gone.
    for tab in (page, other_tab):
        tab.wait_for_function("() => document.getElementById('report-form').dataset.queued === '0'")
    marked = [page.locator(SENT), other_tab.locator(SENT)]
    deadline = time.monotonic() + 30
    while sum(m.count() for m in marked) != 1 and time.monotonic() < deadline:
        page.wait_for_timeout(100)
    assert sum(m.count() for m in marked) == 1
    assert Camera.objects.count() == 1

    # The very same report sent again (a retry after a lost answer): received, not made twice.
    page.evaluate("""() => new Promise((resolve) => {
        indexedDB.open("camera-map-offline").onsuccess = (e) => {
            const tx = e.target.result.transaction("reports", "readwrite");
            tx.objectStore("reports").put(window.keptCopy);
            tx.oncomplete = () => { window.dispatchEvent(new Event("online")); resolve(); };
        };
    })""")
    expect(page.locator(SENT)).to_contain_text("already received")
    expect(page.locator(KEPT)).to_have_count(0)
    assert Camera.objects.count() == 1
    other_tab.close()
    forget_offline_noise(page)


def test_a_cancelled_report_is_never_sent(page, resident):
    open_report(page, resident)
    page.context.set_offline(True)
    keep_report(page, "22.3193, 114.1694", kind="dome")
    expect(page.locator(KEPT)).to_have_count(1)
    keep_report(page, f"{CENTRAL[0]}, {CENTRAL[1]}", kind="fixed")
    expect(page.locator(KEPT)).to_have_count(2)

    page.locator(KEPT).filter(has_text="22.3193, 114.1694").locator("button.queue-cancel").click()
    expect(page.locator(KEPT)).to_have_count(1)

    page.context.set_offline(False)
    expect(page.locator(SENT)).to_have_count(1)
    expect(page.locator(KEPT)).to_have_count(0)
    camera = Camera.objects.get()
    assert (round(camera.latitude, 4), camera.kind) == (CENTRAL[0], "fixed")
    page.reload()
    page.wait_for_function("() => document.getElementById('report-form').dataset.queued === '0'")
    assert Camera.objects.count() == 1
    forget_offline_noise(page)


def cut_off_from_the_site(page) -> None:
    """Every request of this page to the site fails, as with no connection, while the browser
    still says it is online. Chromium's offline emulation cannot keep a page offline while it
    is being left: the outgoing document loses the emulation before it is unloaded, hears
    "online", and its queue sends (to the site, unseen by Playwright's request events) while
    the test still has the context offline. Failed requests raise no such event."""
    page.route(page.base_url + "/**", lambda route: route.abort("internetdisconnected"))


def test_reports_kept_by_another_account_wait_for_it(page, resident, other_resident):
    open_report(page, resident)
    cut_off_from_the_site(page)
    keep_report(page, "22.3193, 114.1694")
    # Kept because the site's probe failed: the page never saw itself offline, so nothing
    # (no "online" event) makes it send before it is left.
    expect(page.locator("#queue-status")).to_contain_text("kept on this device")
    expect(page.locator(KEPT)).to_have_count(1)

    # The page is left; someone else signs in on this device once the connection is back.
    page.goto("about:blank")
    page.unroute(page.base_url + "/**")
    log_in(page, other_resident)
    page.goto(page.base_url + "/report/")
    expect(page.locator("#report-queue-others")).to_contain_text("1 more kept by another account")
    expect(page.locator(KEPT)).to_have_count(0)
    # Whose camera, if one appeared early: a failure says.
    assert Camera.objects.count() == 0, [(c.reporter.username, c.reported_at) for c in Camera.objects.all()]

    log_in(page, resident)
    page.goto(page.base_url + "/report/")
    expect(page.locator(SENT)).to_have_count(1)
    assert Camera.objects.get().reporter == resident
    forget_offline_noise(page)


def test_a_page_still_open_after_the_account_changed_sends_nothing_for_the_new_one(page, resident, other_resident):
    open_report(page, resident)
    cut_off_from_the_site(page)
    keep_report(page, "22.3193, 114.1694")
    expect(page.locator(KEPT)).to_have_count(1)

    # Someone else signs in on this device (in another tab) while this page still lists the
    # resident's queue; then the connection returns and this page sends it.
    log_in(page, other_resident)
    other_tab = page.context.new_page()
    other_tab.goto(page.base_url + "/report/")
    expect(other_tab.locator("#report-queue-others")).to_contain_text("1 more kept by another account")
    other_tab.close()
    page.unroute(page.base_url + "/**")
    page.evaluate("() => window.dispatchEvent(new Event('online'))")
    expect(page.locator(KEPT)).to_contain_text("Log in to send it.")
    assert Camera.objects.count() == 0, [(c.reporter.username, c.reported_at) for c in Camera.objects.all()]
    # Chromium logs the refusal (401) as a failed resource: expected here.
    page.problems[:] = [p for p in page.problems if "status of 401" not in p]

    log_in(page, resident)
    page.reload()
    expect(page.locator(SENT)).to_have_count(1)
    assert Camera.objects.get().reporter == resident
    forget_offline_noise(page)


def test_the_map_opens_offline_with_the_cameras_last_seen(page, make_camera):
    camera = make_camera(22.3193, 114.1694)
    at = page.base_url + "/#map=17/22.3193/114.1694"
    page.goto(at)
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    page.reload()  # now through the service worker, which keeps the tiles' JSON
    page.locator(f'.cam-dot[data-camera-id="{camera.pk}"]').wait_for()

    page.context.set_offline(True)
    page.reload()
    page.locator(f'.cam-dot[data-camera-id="{camera.pk}"]').wait_for()
    # The offline copy is the map for nobody in particular.
    expect(page.locator(".site-tools")).to_contain_text("Log in")
    page.context.set_offline(False)
    forget_offline_noise(page)
