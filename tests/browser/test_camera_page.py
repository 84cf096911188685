"""A camera's own page in a real browser: disputing it as a duplicate by picking
the other camera on the page's map."""

from __future__ import annotations

from mapsite.cameras.models import Camera
from mapsite.votes.models import Vote
from tests.conftest import MONG_KOK
from tests.helpers import DUPLICATE_AT, log_in, still


def test_resident_picks_the_duplicate_on_the_map(page, make_camera, reporter, resident, artifacts):
    camera = make_camera(*DUPLICATE_AT, kind=Camera.Kind.DOME, reporter=reporter)
    original = make_camera(*MONG_KOK, kind=Camera.Kind.DOME)
    far_away = make_camera(MONG_KOK[0] - 0.0015, MONG_KOK[1], kind=Camera.Kind.FIXED)

    log_in(page, resident)
    page.goto(f"{page.base_url}/cameras/{camera.pk}/")
    page.locator("details.vote-dispute summary").click()
    candidate = page.locator(f"path.duplicate-candidate-{original.pk}")
    candidate.wait_for()
    assert page.locator("path.duplicate-candidate").count() == 2  # both nearby cameras are drawn
    # Opening the form fits the map to the candidates; a click while it moves lands beside them.
    still(page, f"path.duplicate-candidate-{original.pk}")

    candidate.click()
    assert page.locator(f'input[name="duplicate_of"][value="{original.pk}"]').is_checked()
    assert not page.locator(f'input[name="duplicate_of"][value="{far_away.pk}"]').is_checked()
    assert page.locator('.vote-dispute select[name="reason"]').input_value() == Vote.Reason.DUPLICATE
    page.screenshot(path=str(artifacts / "camera-page-duplicate-pick.png"))

    page.locator(".vote-dispute form button[type=submit]").first.click()
    page.wait_for_load_state()
    vote = Vote.objects.get(camera=camera, user=resident)
    assert (vote.kind, vote.reason, vote.duplicate_of_id) == (Vote.Kind.DISPUTE, Vote.Reason.DUPLICATE, original.pk)
