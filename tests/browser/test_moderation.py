"""Verification and moderation in a real browser: a resident confirms a camera
from its map popup; a moderator merges a duplicate and verifies a camera from
the queue; the public map then shows the result."""

from __future__ import annotations

import pytest

from mapsite.cameras.models import Camera
from mapsite.votes.models import Vote
from tests.conftest import MONG_KOK
from tests.helpers import DUPLICATE_AT, log_in, marker, open_map_at, settled, zoom_to


@pytest.fixture
def scene(make_camera, django_user_model, moderator):
    from tests.conftest import PASSWORD

    reporter = django_user_model.objects.create_user(username="reporter", password=PASSWORD)
    survivor = make_camera(*MONG_KOK, reporter=reporter, kind=Camera.Kind.DOME)
    duplicate = make_camera(*DUPLICATE_AT, kind=Camera.Kind.DOME)
    resident = django_user_model.objects.create_user(username="walker", password=PASSWORD)
    return survivor, duplicate, resident, moderator


def test_the_popups_counts_take_the_pages_colon_in_chinese(page, scene):
    survivor, _duplicate, resident, _moderator = scene
    log_in(page, resident)
    page.goto(page.base_url + "/zh-hant/")
    page.wait_for_function("() => window.cameraMap !== undefined")
    zoom_to(page, *MONG_KOK, 17)
    marker(page, survivor).click()
    counts = page.locator(f'.camera-popup[data-camera-id="{survivor.pk}"] .popup-votes-counts')
    counts.wait_for()
    assert counts.inner_text() == "確認次數：0 · 異議：0"


def test_confirm_from_popup_then_moderator_merges_and_verifies(page, scene, artifacts):
    survivor, duplicate, resident, moderator = scene

    # --- a resident confirms the survivor from its popup
    log_in(page, resident)
    open_map_at(page, *MONG_KOK)
    marker(page, survivor).click()
    popup = page.locator(f'.camera-popup[data-camera-id="{survivor.pk}"]')
    popup.wait_for()
    votes_box = popup.locator(".popup-votes")
    assert "Confirmations: 0" in votes_box.locator(".popup-votes-counts").inner_text()
    page.screenshot(path=str(artifacts / "popup-votes.png"))
    with page.expect_response(lambda r: r.url.endswith(f"/cameras/{survivor.pk}/confirm/")) as info:
        votes_box.locator("button.popup-confirm").click()
    response = info.value
    assert response.status == 200
    assert response.json()["confirm_count"] == 1
    settled(page)  # the map reloads its cameras after a vote
    assert Vote.objects.filter(camera=survivor, user=resident, kind=Vote.Kind.CONFIRM).exists()
    survivor.refresh_from_db()
    assert survivor.confirm_count == 1 and survivor.last_confirmed_at is not None

    # --- a moderator merges the duplicate into the survivor, then verifies the survivor
    log_in(page, moderator)
    page.goto(page.base_url + "/moderation/?tab=pending")
    assert page.locator("h1").inner_text() == "Moderation queue"
    page.locator(f'tr[data-camera-id="{duplicate.pk}"] a.queue-review').click()
    page.locator(f'.merge-any input[name="into"][value="{survivor.pk}"]').check()
    page.locator(".merge-any button[type=submit]").click()
    # the merge picker: both records side by side, then the merge
    page.wait_for_url("**/merge/pick/**")
    page.locator(".merge-fields input[name='reason']").fill("Same dome, reported twice")
    page.locator(".merge-fields button[type=submit]").click()
    page.wait_for_url("**/moderation/**")
    assert f"Camera #{duplicate.pk} is merged into camera #{survivor.pk}." in page.locator(".messages").inner_text()
    page.goto(page.base_url + "/moderation/?tab=pending")
    assert page.locator(f'tr[data-camera-id="{duplicate.pk}"]').count() == 0

    page.screenshot(path=str(artifacts / "moderation-queue.png"), full_page=True)
    page.locator(f'tr[data-camera-id="{survivor.pk}"] a.queue-review').click()
    page.locator(".decision-verify input[name='reason']").fill("Seen by a moderator")
    page.locator(".decision-verify button").click()
    page.wait_for_url("**/moderation/**")
    assert f"Camera #{survivor.pk} is verified." in page.locator(".messages").inner_text()

    # --- the public map shows the survivor verified and no longer the duplicate
    page.context.clear_cookies()
    open_map_at(page, *MONG_KOK)
    marker(page, survivor).wait_for()
    assert marker(page, survivor).evaluate("el => el.parentElement.classList.contains('cam-status-verified')")
    assert marker(page, duplicate).count() == 0
    page.screenshot(path=str(artifacts / "map-after-moderation.png"))


def test_outsider_popup_offers_log_in_and_reporter_is_refused(page, scene):
    survivor, _duplicate, _resident, _moderator = scene
    open_map_at(page, *MONG_KOK)
    marker(page, survivor).click()
    link = page.locator(f'.camera-popup[data-camera-id="{survivor.pk}"] .popup-votes-login')
    assert link.inner_text() == "Log in to confirm or dispute this camera."
    assert link.get_attribute("href").startswith("/accounts/login/?next=")

    log_in(page, survivor.reporter)
    open_map_at(page, *MONG_KOK)
    marker(page, survivor).click()
    box = page.locator(f'.camera-popup[data-camera-id="{survivor.pk}"] .popup-votes[data-mine="ready"]')
    box.wait_for()
    # The reporter is told why, and offered nothing the server would refuse.
    assert "You reported this camera" in box.locator(".popup-votes-mine").inner_text()
    assert not box.locator("button.popup-confirm").is_visible()
    assert not box.locator("button.popup-dispute").is_visible()
    assert not Vote.objects.exists()


def test_dispute_from_popup(page, scene):
    survivor, _duplicate, resident, _moderator = scene
    log_in(page, resident)
    open_map_at(page, *MONG_KOK)
    marker(page, survivor).click()
    box = page.locator(f'.camera-popup[data-camera-id="{survivor.pk}"] .popup-votes')
    box.locator("button.popup-dispute").click()
    box.locator("select.popup-dispute-reason").select_option("removed")
    with page.expect_response(lambda r: r.url.endswith(f"/cameras/{survivor.pk}/dispute/")) as info:
        box.locator("button.popup-dispute-send").click()
    assert info.value.status == 200
    vote = Vote.objects.get(camera=survivor)
    assert (vote.user, vote.kind, vote.reason) == (resident, Vote.Kind.DISPUTE, Vote.Reason.REMOVED)
    survivor.refresh_from_db()
    assert survivor.flagged


def test_moderator_moves_the_pin_on_the_review_map(page, scene):
    survivor, _duplicate, _resident, moderator = scene
    log_in(page, moderator)
    page.goto(page.base_url + f"/moderation/cameras/{survivor.pk}/")
    page.wait_for_selector('#review-map[data-review-map-ready="true"]')
    # The map sits below the decisions: bring it into view as a moderator would scroll to it.
    page.locator("#review-map").scroll_into_view_if_needed()
    box = page.locator("#review-map").bounding_box()
    # Click a little east of the pin (the map is centred on it).
    page.mouse.click(box["x"] + box["width"] / 2 + 60, box["y"] + box["height"] / 2)
    new_lon = float(page.locator("#id_longitude").input_value())
    assert new_lon > survivor.longitude
    page.locator(".edit-form input[name='reason']").fill("Pin was on the wrong side of the road")
    page.locator(".edit-form button[type=submit]").click()
    page.wait_for_url(f"**/moderation/cameras/{survivor.pk}/")
    assert f"Camera #{survivor.pk} is updated." in page.locator(".messages").inner_text()
    survivor.refresh_from_db()
    assert survivor.longitude == pytest.approx(new_lon, abs=1e-6)
    assert survivor.audit_entries.filter(action="moved").exists()
