"""A moderator works through a filtered queue with the keyboard alone, and the queue map
shows the tab's cameras in view and opens a review on a click."""

from __future__ import annotations

import datetime as dt
import re

from django.utils import timezone

from mapsite.cameras.models import Camera
from tests.helpers import CENTRAL, MONG_KOK, log_in, offset


def camera_id(url: str) -> int:
    return int(re.search(r"/moderation/cameras/(\d+)/", url).group(1))


def tab_to(page, selector: str, limit: int = 300) -> None:
    """Press Tab until the focus is on the first element matching `selector`."""
    for _ in range(limit):
        if page.evaluate("s => document.activeElement === document.querySelector(s)", selector):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {selector}")


def press_and_land(page, key: str) -> int:
    with page.expect_navigation():
        page.keyboard.press(key)
    page.wait_for_function("() => document.documentElement.dataset.reviewKeys === 'ready'")
    return camera_id(page.url)


def test_keyboard_alone_through_the_filtered_queue(page, make_camera, moderator):
    now = timezone.now()
    # Domes in Mong Kok (the filter), most confirmed first; fixed cameras the filter leaves out between them.
    domes = [make_camera(*offset(*MONG_KOK, north_m=20 * i), kind=Camera.Kind.DOME, confirm_count=10 - i,
                         reported_at=now - dt.timedelta(days=i)) for i in range(5)]
    others = [make_camera(*offset(*MONG_KOK, east_m=20 * i), kind=Camera.Kind.FIXED, confirm_count=20)
              for i in range(3)]
    order = [c.pk for c in domes]  # confirmations 10, 9, 8, 7, 6
    log_in(page, moderator)
    page.goto(page.base_url + "/moderation/?tab=pending&kind=dome&sort=confirmed")
    rows = [int(n) for n in page.locator("tr.queue-camera").evaluate_all("rs => rs.map(r => r.dataset.cameraId)")]
    assert rows == order

    tab_to(page, "a.queue-review")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_function("() => document.documentElement.dataset.reviewKeys === 'ready'")
    assert camera_id(page.url) == order[0]
    assert "kind=dome" in page.url and "sort=confirmed" in page.url

    assert press_and_land(page, "v") == order[1]  # verified, on to the next dome
    assert f"Camera #{order[0]} is verified." in page.locator(".messages").inner_text()
    assert press_and_land(page, "r") == order[2]  # rejected, on to the next dome
    assert press_and_land(page, "j") == order[3]
    assert press_and_land(page, "j") == order[4]
    assert press_and_land(page, "k") == order[3]
    with page.expect_navigation():
        page.keyboard.press("u")
    assert "/moderation/?" in page.url and "kind=dome" in page.url

    statuses = dict(Camera.objects.values_list("pk", "status"))
    assert statuses[order[0]] == Camera.Status.VERIFIED and statuses[order[1]] == Camera.Status.REJECTED
    assert all(statuses[pk] == Camera.Status.PENDING for pk in order[2:])
    assert all(statuses[c.pk] == Camera.Status.PENDING for c in others)
    rows = [int(n) for n in page.locator("tr.queue-camera").evaluate_all("rs => rs.map(r => r.dataset.cameraId)")]
    assert rows == order[2:]


def test_queue_map_shows_pending_cameras_in_view_and_a_click_opens_the_review(page, make_camera, moderator):
    pending = make_camera(*CENTRAL)
    make_camera(*MONG_KOK, status=Camera.Status.VERIFIED)  # not in the queue: not on its map
    log_in(page, moderator)
    page.goto(page.base_url + "/moderation/?tab=pending")
    page.wait_for_function("() => document.getElementById('queue-map').dataset.queueMapState === 'ready'")
    dots = page.locator("#queue-map path.queue-dot")
    assert dots.count() == 1
    with page.expect_navigation():
        dots.first.click(force=True)
    assert camera_id(page.url) == pending.pk and "tab=pending" in page.url
