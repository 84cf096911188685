"""The map draws server-side tiles: clusters zoomed out, cameras zoomed in, tiles fetched once."""

from mapsite.cameras.models import Camera
from mapsite.lib.quadkeys import lonlat_to_tile, tile_to_lonlat
from tests.conftest import MONG_KOK, SHA_TIN
from tests.helpers import open_map, settled, zoom_to

# The middle of the zoom-17 tile over Mong Kok: a block around it stays inside that one tile.
_x, _y = lonlat_to_tile(MONG_KOK[1], MONG_KOK[0], 17)
CENTRE_LON, CENTRE_LAT = tile_to_lonlat(_x + 0.5, _y + 0.5, 17)


def seed_block(make_camera, n=30):
    return [
        make_camera(CENTRE_LAT + (i % 6 - 3) * 0.0001, CENTRE_LON + (i // 6 - 3) * 0.0001,
                    status=Camera.Status.VERIFIED if i % 3 else Camera.Status.PENDING)
        for i in range(n)
    ]


def test_low_zoom_shows_clusters_with_counts_and_high_zoom_shows_cameras(page, make_camera):
    cams = seed_block(make_camera)
    make_camera(*SHA_TIN)
    open_map(page)  # zoom 11: the whole territory
    page.wait_for_selector(".marker-cluster")
    # Clusters sit on a fixed grid, so the block may straddle a cell edge; the counts add up.
    counts = [int(t) for t in page.locator(".marker-cluster span").all_inner_texts()]
    # A lone camera is a dot with no number (issue 13: no bubble saying "1").
    lone = page.locator(".marker-cluster-one")
    assert sum(counts) + lone.count() == 31 and lone.count() >= 1 and 1 not in counts
    assert lone.first.inner_text() == ""
    assert page.locator(".cam-dot").count() == 0
    titles = page.locator(".marker-cluster").evaluate_all("els => els.map(e => e.title)")
    # "1 camera here", never "1 cameras here" (issue 13).
    assert all((" camera here (" if t.startswith("1 ") else " cameras here (") in t and "verified" in t for t in titles)

    zoom_to(page, CENTRE_LAT, CENTRE_LON, 17)
    for cam in cams:
        page.wait_for_selector(f'.cam-dot[data-camera-id="{cam.pk}"]', state="attached")
    assert page.locator(".marker-cluster").count() == 0


def test_clicking_a_cluster_zooms_in(page, make_camera):
    seed_block(make_camera)
    open_map(page)
    page.wait_for_selector(".marker-cluster", state="attached")
    page.locator(".marker-cluster").first.click()
    page.wait_for_function("() => window.cameraMap.getZoom() === 13")
    settled(page)


def test_enter_on_a_focused_cluster_zooms_in_and_keeps_focus_on_the_map(page, make_camera):
    seed_block(make_camera)
    open_map(page)
    page.wait_for_selector(".marker-cluster", state="attached")
    page.locator(".marker-cluster").first.focus()
    page.keyboard.press("Enter")
    page.wait_for_function("() => window.cameraMap.getZoom() === 13")
    settled(page)
    # Focus stays on the map, not dropped to <body>.
    assert page.evaluate("document.activeElement.id") == "camera-map"


def test_a_dense_tile_stays_clustered_at_high_zoom(page, make_camera, settings):
    settings.TILES_MAX_CAMERAS = 10
    seed_block(make_camera)
    open_map(page)
    zoom_to(page, CENTRE_LAT, CENTRE_LON, 17)
    page.wait_for_selector(".marker-cluster")
    assert page.locator(".cam-dot").count() == 0


def test_panning_back_never_refetches_a_tile(page, make_camera):
    seed_block(make_camera)
    tile_requests = []
    page.on("request", lambda r: tile_requests.append(r.url) if "/api/tiles/15/" in r.url else None)
    open_map(page)
    zoom_to(page, *MONG_KOK, 15)
    first = [u for u in tile_requests if "/tiles/15/" in u]
    assert first
    zoom_to(page, MONG_KOK[0], MONG_KOK[1] + 0.08, 15)
    zoom_to(page, *MONG_KOK, 15)
    again = [u for u in tile_requests if "/tiles/15/" in u]
    assert sorted(set(again)) == sorted(again), "a tile was fetched twice"
    assert set(first) <= set(again)
    assert all("v=" in u for u in tile_requests)


def test_an_edit_elsewhere_shows_after_cameras_changed(page, make_camera):
    cams = seed_block(make_camera, 3)
    open_map(page)
    zoom_to(page, *MONG_KOK, 17)
    page.wait_for_selector(f'.cam-dot[data-camera-id="{cams[0].pk}"]')
    cams[0].status = Camera.Status.REJECTED
    cams[0].save()
    page.evaluate('document.dispatchEvent(new CustomEvent("cameras:changed"))')
    page.wait_for_selector(f'.cam-dot[data-camera-id="{cams[0].pk}"]', state="detached")
    assert page.locator(f'.cam-dot[data-camera-id="{cams[1].pk}"]').count() == 1


def test_at_the_deepest_zoom_a_cluster_fans_out_into_its_cameras(page, make_camera, settings):
    settings.TILES_MAX_CAMERAS = 1  # every tile with two or more cameras comes back clustered
    cams = {cam.pk for cam in seed_block(make_camera)}
    open_map(page)
    deepest = page.evaluate("window.cameraMap.getMaxZoom()")
    zoom_to(page, CENTRE_LAT, CENTRE_LON, deepest)
    page.wait_for_selector(".marker-cluster")
    clusters = page.locator(".marker-cluster:not(.marker-cluster-one)")
    counts = [int(t) for t in clusters.locator("span").all_inner_texts()]
    biggest = clusters.nth(counts.index(max(counts)))
    assert max(counts) >= 2
    assert "Click to show each one" in biggest.get_attribute("title")

    dots_before = set(page.locator(".cam-dot").evaluate_all("els => els.map(e => +e.dataset.cameraId)"))
    biggest.click()
    page.wait_for_function(f"() => document.querySelectorAll('path.spider-leg').length === {max(counts)}")
    settled(page)
    assert page.evaluate("window.cameraMap.getZoom()") == deepest  # fanned out, not zoomed
    dots_after = page.locator(".cam-dot").evaluate_all("els => els.map(e => +e.dataset.cameraId)")
    fanned = set(dots_after) - dots_before
    assert len(fanned) == max(counts) and fanned <= cams

    # Each fanned-out camera has its own popup.
    chosen = sorted(fanned)[0]
    page.locator(f'.cam-dot[data-camera-id="{chosen}"]').click()
    page.wait_for_selector(f'.camera-popup[data-camera-id="{chosen}"]')

    # A click elsewhere on the map (here on the district shading) folds the fan away again.
    page.locator("#camera-map").click(position={"x": 5, "y": 200})
    page.wait_for_selector("path.spider-leg", state="detached")
    assert page.locator(f'.cam-dot[data-camera-id="{chosen}"]').count() == 0

    # From the keyboard: Enter on the cluster fans it out, Escape folds it.
    biggest.focus()
    page.keyboard.press("Enter")
    page.wait_for_function(f"() => document.querySelectorAll('path.spider-leg').length === {max(counts)}")
    page.keyboard.press("Escape")
    page.wait_for_selector("path.spider-leg", state="detached")


def test_a_zoom_redraws_at_once_while_a_pan_waits_for_the_moves_to_stop(page, make_camera):
    """Timers are frozen (Playwright's clock): a load that waits for a timer never comes until the
    clock runs. A zoom step's load must not wait; a pan's waits 250 ms for the next move."""
    seed_block(make_camera)
    page.clock.install()
    open_map(page)
    zoom_to(page, CENTRE_LAT, CENTRE_LON, 15)
    page.clock.pause_at(page.evaluate("Date.now()") + 60_000)
    state = "document.getElementById('camera-map').dataset.camerasState"

    page.evaluate("window.cameraMap.setZoom(16, {animate: false})")
    page.wait_for_function(f"() => {state} === 'ready'")
    page.wait_for_selector(".cam-dot", state="attached")

    page.evaluate("window.cameraMap.panBy([200, 0], {animate: false})")
    assert page.evaluate(state) == "pending"
    page.wait_for_timeout(300)  # real time passes; the page's frozen clock does not
    assert page.evaluate(state) == "pending"
    page.clock.run_for(300)
    page.wait_for_function(f"() => {state} === 'ready'")


def test_the_versions_preloaded_by_the_page_are_the_ones_the_map_uses(page, make_camera):
    seed_block(make_camera)
    asked = []
    page.on("request", lambda request: asked.append(request.url) if "/api/tiles/versions.json" in request.url else None)
    open_map(page)
    page.wait_for_selector(".marker-cluster", state="attached")
    assert len(asked) == 1, asked  # the page's <link rel="preload">, taken up by the map's fetch
