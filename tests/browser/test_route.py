"""'How watched is my walk?' (cameras/map/route.js and exposure.js): a route's exposure to
cameras, computed in the browser from bbox requests only.

The street: 300 m due east from MONG_KOK. By hand, with the ranges of ROUTE_RANGE_M:
 - `beside`: fixed (50 m), 10 m north of x=100 m, facing south (180°) with a 90° cone: it sees the
   street where |x - 100| <= 10 * tan(45°) = 10, so 20 m (x from 90 to 110);
 - `all_round`: PTZ (100 m) with no direction, 20 m north of x=250 m: it sees |x - 250| <= sqrt(100² - 20²)
   = 97.98, clipped at the route's end: x from 152.02 to 300, so 147.98 m;
 - `away`: dome, 10 m north of x=150 m, facing north with a 60° cone: the street is behind it;
 - `far`: fixed (50 m) with no direction, 80 m north of x=40 m: out of range (but inside the corridor
   the browser asks about, so it is fetched and then left out).
So 2 cameras, 167.98 m of 300 m in view: 56.0 %. Sampling every 2 m moves each of the three edges by
at most 1 m, so the share is right to within 1 percentage point.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from defusedxml import ElementTree as ET

from mapsite.cameras.models import Camera
from tests.conftest import MONG_KOK
from tests.helpers import offset, open_map_at

START = MONG_KOK
END = offset(*MONG_KOK, east_m=300)
EXPECTED_SHARE = 100 * (20 + (300 - (250 - (100**2 - 20**2) ** 0.5))) / 300
MALFORMED = "This file is not a GPX file with a track, route or waypoints we can read."
GPX_NS = {"g": "http://www.topografix.com/GPX/1/1"}


@pytest.fixture
def street(make_camera):
    beside = make_camera(*offset(*MONG_KOK, north_m=10, east_m=100), kind=Camera.Kind.FIXED,
                         operator=Camera.Operator.POLICE, direction=180, field_of_view=90)
    all_round = make_camera(*offset(*MONG_KOK, north_m=20, east_m=250), kind=Camera.Kind.PTZ,
                            operator=Camera.Operator.TRANSPORT)
    away = make_camera(*offset(*MONG_KOK, north_m=10, east_m=150), kind=Camera.Kind.DOME,
                       operator=Camera.Operator.POLICE, direction=0, field_of_view=60)
    far = make_camera(*offset(*MONG_KOK, north_m=80, east_m=40), kind=Camera.Kind.FIXED,
                      operator=Camera.Operator.PRIVATE)
    return {"beside": beside, "all_round": all_round, "away": away, "far": far}


def part(page, name):
    return page.locator(f'#route-section [data-route="{name}"]')


def open_route_panel(page):
    open_map_at(page, *START, zoom=17)
    page.locator("#route-section > summary").click()


def wait_state(page, state):
    page.wait_for_function(f"() => document.getElementById('route-section').dataset.routeState === '{state}'")


def gpx(points, tag="trkpt") -> str:
    body = "".join(f'<{tag} lat="{lat:.6f}" lon="{lon:.6f}"><ele>5</ele></{tag}>' for lat, lon in points)
    inner = f"<trk><name>walk</name><trkseg>{body}</trkseg></trk>" if tag == "trkpt" else body
    return f'<?xml version="1.0"?><gpx version="1.1" xmlns="http://www.topografix.com/GPX/1/1">{inner}</gpx>'


def load_gpx(page, source: str, name="walk.gpx"):
    part(page, "file").set_input_files({"name": name, "mimeType": "application/gpx+xml", "buffer": source.encode()})


def listed_ids(page) -> list[int]:
    hrefs = part(page, "cameras").locator("a").evaluate_all("els => els.map(a => a.pathname)")
    return sorted(int(h.rstrip("/").rsplit("/", 1)[1]) for h in hrefs)


def assert_street_result(page, street):
    wait_state(page, "ready")
    assert listed_ids(page) == sorted([street["beside"].pk, street["all_round"].pk])
    assert page.locator("#camera-map path.route-camera").count() == 2
    assert page.locator("#camera-map path.route-watched").count() == 2  # two separate stretches
    assert part(page, "status").inner_text() == "Cameras that could see this route: 2."
    share = part(page, "share").inner_text()
    match = re.fullmatch(r"([\d.]+)% of the route \((\d+) m of (\d+) m\) is in view of a camera\.", share)
    assert match, share
    assert abs(float(match[1]) - EXPECTED_SHARE) <= 1.0, (share, EXPECTED_SHARE)
    assert abs(int(match[3]) - 300) <= 1
    assert abs(int(match[2]) - 300 * EXPECTED_SHARE / 100) <= 3
    operators = part(page, "by-operator").locator("li").all_inner_texts()
    kinds = part(page, "by-kind").locator("li").all_inner_texts()
    assert operators == ["By operator", "Police: 1", "Transport Department: 1"]
    assert kinds == ["By kind", "Fixed / bullet: 1", "Pan-tilt-zoom: 1"]
    assert part(page, "incomplete").is_hidden()


def route_strings(points) -> set[str]:
    """The route's coordinates as a request could carry them."""
    out = set()
    for lat, lon in points:
        for digits in (4, 5, 6):
            out |= {f"{lat:.{digits}f}", f"{lon:.{digits}f}"}
    return out


def test_a_drawn_street_counts_the_cameras_that_face_it_and_sends_only_boxes(page, street):
    open_route_panel(page)
    sent = []
    page.on("request", lambda r: sent.append((r.method, r.url, r.post_data)))
    part(page, "centre").click()
    page.evaluate(f"window.cameraMap.setView([{END[0]}, {END[1]}], 17, {{animate: false}})")
    part(page, "centre").click()
    assert part(page, "status").inner_text() == "Route points: 2. Length: 0.30 km."
    part(page, "check").click()
    assert_street_result(page, street)

    # Only bounding boxes went to the server: no request carries the line or its points.
    assert all(method == "GET" and not body for method, _, body in sent)
    boxes = [parse_qs(urlsplit(url).query) for _, url, _ in sent if "/api/cameras.geojson" in url]
    assert boxes and all(set(q) == {"bbox"} for q in boxes)
    for q in boxes:
        w, s, e, n = map(float, q["bbox"][0].split(","))
        assert w < START[1] < END[1] < e and s < START[0] < n  # the corridor, wider than the line
    secret = route_strings([START, END])
    assert not [url for _, url, _ in sent if any(s in url for s in secret)]


def test_a_gpx_file_gives_the_same_result_and_exports_the_cameras_as_waypoints(page, street):
    open_route_panel(page)
    middle = offset(*MONG_KOK, east_m=120)
    load_gpx(page, gpx([START, middle, END]))
    assert_street_result(page, street)

    with page.expect_download() as got:
        part(page, "gpx").click()
    root = ET.fromstring(got.value.path().read_text(encoding="utf-8"))
    waypoints = root.findall("g:wpt", GPX_NS)
    assert sorted(int(w.find("g:link", GPX_NS).get("href").rstrip("/").rsplit("/", 1)[1]) for w in waypoints) == sorted(
        [street["beside"].pk, street["all_round"].pk]
    )
    beside = next(w for w in waypoints if w.find("g:type", GPX_NS).text == "fixed")
    assert abs(float(beside.get("lat")) - street["beside"].latitude) < 1e-6
    assert beside.find("g:name", GPX_NS).text == "Fixed / bullet · Police"
    track = root.findall("g:trk/g:trkseg/g:trkpt", GPX_NS)
    assert [(round(float(p.get("lat")), 6), round(float(p.get("lon")), 6)) for p in track] == [
        (round(lat, 6), round(lon, 6)) for lat, lon in (START, middle, END)
    ]


def test_route_points_in_a_gpx_are_read_too(page, street):
    open_route_panel(page)
    load_gpx(page, gpx([START, END], tag="rtept").replace("<rtept", "<rte><rtept", 1).replace("</gpx>", "</rte></gpx>"))
    assert_street_result(page, street)


@pytest.mark.parametrize(
    ("source", "message"),
    [
        (gpx([START, offset(*START, north_m=30_000), offset(*START, north_m=60_000)]),
         "This route is longer than 50 km. Load a shorter one."),
        (gpx([offset(*START, east_m=i * 0.5) for i in range(5001)]),
         "This route has more than 5000 points. Load a simpler one."),
        (gpx([START, END])[:-40], MALFORMED),
        (gpx([START, END]).replace('lat="22', 'lat="north', 1), MALFORMED),
        ("<kml><Placemark/></kml>", MALFORMED),
        ("<gpx><wpt>no coordinates</wpt></gpx>", MALFORMED),
        (gpx([START]), "A route needs at least two points."),
    ],
    ids=["too-long", "too-many-points", "cut-short", "bad-coordinate", "not-gpx", "no-coordinates", "one-point"],
)
def test_an_unusable_gpx_is_refused_and_nothing_is_drawn(page, street, source, message):
    open_route_panel(page)
    sent = []
    page.on("request", lambda r: sent.append(r.url) if "/api/cameras.geojson" in r.url and "bbox" in r.url else None)
    load_gpx(page, source)
    wait_state(page, "refused")
    assert part(page, "status").inner_text() == message
    assert page.locator("#camera-map path.route-line, #camera-map path.route-vertex").count() == 0
    assert part(page, "result").is_hidden()
    assert sent == []  # nothing was asked about a refused route


def test_drawing_by_clicking_with_undo_and_clear(page, street):
    open_route_panel(page)
    part(page, "draw").click()
    assert part(page, "draw").get_attribute("aria-pressed") == "true"
    box = page.locator("#camera-map").bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2 - 100, box["y"] + box["height"] / 2 + 150)
    page.mouse.click(box["x"] + box["width"] / 2 + 100, box["y"] + box["height"] / 2 + 150)
    page.mouse.click(box["x"] + box["width"] / 2 + 150, box["y"] + box["height"] / 2 + 160)
    assert part(page, "status").inner_text().startswith("Route points: 3.")
    assert page.locator("#camera-map path.route-vertex").count() == 3
    part(page, "undo").click()
    assert part(page, "status").inner_text().startswith("Route points: 2.")
    part(page, "check").click()
    wait_state(page, "ready")
    assert part(page, "draw").get_attribute("aria-pressed") == "false"
    part(page, "clear").click()
    assert part(page, "status").inner_text() == "No route yet. Draw one or load a GPX file."
    assert page.locator("#camera-map path.route-line, #camera-map path.route-vertex").count() == 0


def test_a_truncated_answer_says_the_result_is_incomplete(page, street, settings):
    settings.API_MAX_FEATURES = 1
    open_route_panel(page)
    load_gpx(page, gpx([START, END]))
    wait_state(page, "ready")
    assert part(page, "incomplete").is_visible()
    assert part(page, "incomplete").inner_text().startswith("Incomplete:")


def test_the_ranges_come_from_the_settings(page, street, settings):
    settings.ROUTE_RANGE_M = {"ptz": 100, "default": 5}
    open_route_panel(page)
    load_gpx(page, gpx([START, END]))
    wait_state(page, "ready")
    assert listed_ids(page) == [street["all_round"].pk]  # `beside` is 10 m from the street


def test_a_long_route_is_asked_about_in_small_boxes(page, street):
    open_route_panel(page)
    sent = []
    page.on("request", lambda r: sent.append(r.url) if "/api/cameras.geojson" in r.url else None)
    far_end = offset(*MONG_KOK, east_m=3500)
    load_gpx(page, gpx([START, far_end]))  # one straight segment, 3.5 km
    wait_state(page, "ready")
    assert len(sent) >= 4
    for url in sent:
        w, s, e, n = map(float, parse_qs(urlsplit(url).query)["bbox"][0].split(","))
        assert (e - w) * 111_195 * 0.925 < 1300 and (n - s) * 111_195 < 300  # about 1 km of street, padded
