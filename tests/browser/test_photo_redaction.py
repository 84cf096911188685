"""Drawing boxes to blur over a pending photo: with the mouse and with the keyboard,
a box removed again, and the form posting exactly the boxes left."""

from __future__ import annotations

import pytest

from mapsite.photos.models import Photo
from tests.helpers import log_in
from tests.photos.factories import astronaut_with_gps, stored_photo


@pytest.fixture
def photo(make_camera, resident) -> Photo:
    return stored_photo(make_camera(reporter=resident), resident, astronaut_with_gps())


def row_values(page, row: int) -> list[str]:
    return [page.locator(f'input[name="box-{row}-{part}"]').input_value()
            for part in ("left", "top", "width", "height")]


def test_draw_with_mouse_and_keyboard_remove_one_and_blur(page, photo, resident, artifacts):
    log_in(page, resident)
    page.goto(f"{page.base_url}/photos/{photo.pk}/redact/")
    figure = page.locator("#redact-figure")
    figure.locator("img").wait_for()
    page.wait_for_function("() => document.querySelector('#redact-figure').classList.contains('drawing')")
    # The detector's face box is outlined; the keyboard help is shown once the script runs.
    assert page.locator("rect.blurred-box-face").count() == 1
    assert page.locator("#redact-keys").is_visible()

    # A drag from 10% / 10% to 30% / 25% of the photo fills the first row.
    box = figure.bounding_box()
    page.mouse.move(box["x"] + box["width"] * 0.10, box["y"] + box["height"] * 0.10)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.20, box["y"] + box["height"] * 0.18, steps=4)
    page.mouse.move(box["x"] + box["width"] * 0.30, box["y"] + box["height"] * 0.25, steps=4)
    page.mouse.up()
    left, top, width, height = (float(v) for v in row_values(page, 0))
    assert abs(left - 10) < 1 and abs(top - 10) < 1 and abs(width - 20) < 1 and abs(height - 15) < 1
    assert page.locator("rect.drawn-box").count() == 1

    # The keyboard: the dashed box starts at 40 / 40, 20 x 20; two steps right, one taller, Enter.
    figure.focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Shift+ArrowDown")
    page.keyboard.press("Enter")
    assert row_values(page, 1) == ["44", "40", "20", "22"]
    assert page.locator("rect.drawn-box").count() == 2
    page.screenshot(path=str(artifacts / "photo-redaction.png"), full_page=True)

    # The first box is removed again; only the second is posted.
    page.get_by_role("button", name="Remove: Box 1").click()
    assert row_values(page, 0) == ["", "", "", ""]
    assert page.locator("rect.drawn-box").count() == 1
    page.get_by_role("button", name="Blur these regions").click()
    page.wait_for_load_state()

    assert "1 region blurred." in page.locator(".messages").inner_text()
    photo.refresh_from_db()
    assert photo.boxes[1] == {"x": 0.44, "y": 0.4, "w": 0.2, "h": 0.22, "source": "drawn"}
    assert page.locator("rect.blurred-box-drawn").count() == 1


def test_a_fourth_box_gets_a_new_row_up_to_the_limit(page, photo, resident):
    log_in(page, resident)
    page.goto(f"{page.base_url}/photos/{photo.pk}/redact/")
    figure = page.locator("#redact-figure")
    page.wait_for_function("() => document.querySelector('#redact-figure').classList.contains('drawing')")
    figure.focus()
    for _ in range(4):
        page.keyboard.press("Enter")
    assert page.locator("tr.box-row").count() == 4
    assert row_values(page, 3) == ["40", "40", "20", "20"]
    assert page.locator('label[for="id_box-3-left"]').inner_text().startswith("Box 4")


def test_without_javascript_boxes_are_typed_and_a_bad_one_explained(browser, live_server, make_camera, resident):
    # Tor Browser's safest mode and the like: the same page, the rows typed by hand.
    from django.conf import settings
    from django.test import Client

    photo = stored_photo(make_camera(reporter=resident), resident, astronaut_with_gps())
    client = Client()
    client.force_login(resident)
    context = browser.new_context(java_script_enabled=False, locale="en-GB")
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}])
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/photos/{photo.pk}/redact/")
        assert not page.locator("#redact-keys").is_visible()  # drawing help only where drawing works
        page.get_by_label("Box 1: From the left (%)").fill("90")
        page.get_by_label("Box 1: From the top (%)").fill("10")
        page.get_by_label("Box 1: Width (%)").fill("20")
        page.get_by_label("Box 1: Height (%)").fill("10")
        page.get_by_role("button", name="Blur these regions").click()
        assert "Box 1 reaches past the edge of the photo" in page.locator(".errorlist").inner_text()
        assert page.get_by_label("Box 1: From the left (%)").input_value() == "90"  # kept for correcting
        page.get_by_label("Box 1: From the left (%)").fill("54")
        page.get_by_role("button", name="Blur these regions").click()
        assert "1 region blurred." in page.locator(".messages").inner_text()
    finally:
        context.close()
    photo.refresh_from_db()
    assert photo.boxes[1] == {"x": 0.54, "y": 0.1, "w": 0.2, "h": 0.1, "source": "drawn"}


def test_the_photo_pages_pass_axe(page, photo, resident, moderator):
    from tests.browser.test_accessibility import check

    log_in(page, resident)
    check(page, f"/photos/{photo.pk}/redact/",
          ready="() => document.querySelector('#redact-figure').classList.contains('drawing')")
    log_in(page, moderator)
    check(page, f"/photos/{photo.pk}/redact/")
    check(page, "/moderation/?tab=photos")
