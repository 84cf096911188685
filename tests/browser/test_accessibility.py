"""axe-core (vendored for the tests under tests/browser/vendor/axe-core) in a real browser: the map, report,
camera and moderation pages, in both languages, have no serious or critical violations."""

from __future__ import annotations

from pathlib import Path

import pytest

from mapsite.cameras.models import Camera
from tests.conftest import MONG_KOK
from tests.helpers import log_in, settled

AXE = Path(__file__).resolve().parent / "vendor/axe-core/axe.min.js"
# axe-core's own names for the impacts this site must not have.
BLOCKING = {"serious", "critical"}


def violations(page) -> list[str]:
    """Run axe on the page as it stands; one line per blocking violation and element."""
    # Evaluated rather than added as a <script>: the page's CSP (rightly) refuses inline scripts.
    page.evaluate(AXE.read_text(encoding="utf-8"))
    found = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
        ".map(v => ({id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map(n => n.target.join(' '))}))"
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {target}"
        for v in found
        if v["impact"] in BLOCKING
        for target in v["targets"][:5]
    ]


def check(page, path: str, *, ready: str = "") -> None:
    page.goto(page.base_url + path)
    if ready:
        page.wait_for_function(ready)
    assert violations(page) == [], path


@pytest.fixture
def camera(make_camera):
    return make_camera(*MONG_KOK, kind=Camera.Kind.DOME, direction=90, notes="Above the bus stop")


@pytest.mark.parametrize("lang", ["", "/zh-hant"])
def test_the_map_passes_axe(page, camera, lang):
    check(page, f"{lang}/", ready="() => window.cameraMap !== undefined")
    page.evaluate(f"window.cameraMap.setView([{MONG_KOK[0]}, {MONG_KOK[1]}], 18, {{animate: false}})")
    settled(page)
    assert violations(page) == []


def test_an_axe_run_finds_a_planted_violation(page, camera):
    """The check itself can fail: an image with no text alternative is a critical violation."""
    page.goto(page.base_url + "/")
    page.evaluate(
        "document.querySelector('main').append(Object.assign(document.createElement('img'),"
        " {src: 'data:image/gif;base64,R0lGODlhAQABAAAAACw='}))"
    )
    assert any(line.startswith("image-alt (critical)") for line in violations(page))


@pytest.mark.parametrize("lang", ["", "/zh-hant"])
def test_the_camera_page_passes_axe(page, camera, lang):
    check(page, f"{lang}/cameras/{camera.pk}/")


@pytest.mark.parametrize("lang", ["", "/zh-hant"])
def test_the_report_page_passes_axe(page, resident, lang):
    log_in(page, resident)
    check(page, f"{lang}/report/")


def test_the_moderation_pages_pass_axe(page, camera, moderator):
    log_in(page, moderator)
    check(page, "/moderation/")
    check(page, f"/moderation/cameras/{camera.pk}/")
    check(page, "/moderation/audit/")
