"""Plain helpers shared by the test suite: places, a CSRF-checking client and a thread-race
runner. Fixtures live in conftest.py; what is here is imported by name."""

from __future__ import annotations

import math
import re
import threading
import uuid
from collections.abc import Callable

from django.conf import settings
from django.db import connection
from django.test import Client

from mapsite.lib.quadkeys import lonlat_to_tile

PASSWORD = "correct horse battery staple 42"

# The districts of a few well-known places, used across the suite.
MONG_KOK = (22.3193, 114.1694)  # E, Yau Tsim Mong
CENTRAL = (22.2820, 114.1580)  # A, Central and Western
SHA_TIN = (22.3817, 114.1880)  # R
TUEN_MUN = (22.3916, 113.9770)  # L, Tuen Mun: a different region and district from Mong Kok
SHENZHEN = (22.5410, 114.0550)  # outside Hong Kong


def offset(lat: float, lon: float, north_m: float = 0.0, east_m: float = 0.0) -> tuple[float, float]:
    """A point north_m metres north and east_m metres east of (lat, lon)."""
    return lat + north_m / 111_195.0, lon + east_m / (111_195.0 * math.cos(math.radians(lat)))


def tile_url(lat: float, lon: float, z: int = 14) -> str:
    """The address of the map tile holding (lat, lon) at zoom z, without its ?v=."""
    x, y = lonlat_to_tile(lon, lat, z)
    return f"/api/tiles/{z}/{x}/{y}.json"


def give_level(user, level: str = "established"):
    """Give an account the record (moderator-verified reports, in Sha Tin) and the age of a level,
    then recompute it as a moderator's decision would."""
    import datetime as dt

    from django.conf import settings
    from django.utils import timezone

    from mapsite.accounts.trust import recompute
    from mapsite.cameras.models import Camera

    # One day past each threshold, whatever the settings say the thresholds are.
    verified, days = {
        "new": (0, 0),
        "established": (settings.TRUST_ESTABLISHED_VERIFIED, settings.TRUST_ESTABLISHED_DAYS + 1),
        "trusted": (settings.TRUST_TRUSTED_VERIFIED, settings.TRUST_TRUSTED_DAYS + 1),
    }[level]
    user.date_joined = timezone.now() - dt.timedelta(days=days)
    user.save(update_fields=["date_joined"])
    for i in range(verified):
        # Apart per account, within Sha Tin: PostgreSQL's ids keep growing across tests, so wrap them.
        lat, lon = offset(*SHA_TIN, north_m=20 * i, east_m=20 * (user.pk % 40))
        Camera.objects.create(
            latitude=lat, longitude=lon, reporter=user, status=Camera.Status.VERIFIED, moderator_decided=True
        )
    recompute(user)
    return user


def report_body(lat: float = MONG_KOK[0], lon: float = MONG_KOK[1], **fields) -> dict:
    """The fields of a sighting report at (lat, lon), with a fresh submission token."""
    return {"latitude": lat, "longitude": lon, "submission_token": str(uuid.uuid4()), **fields}


def solve_challenge(page: str) -> str:
    """What the proof-of-work widget's script does in the browser: solve the page's challenge."""
    import base64
    import html
    import json
    import re

    import altcha

    challenge = json.loads(html.unescape(re.search(r'challengejson="([^"]+)"', page).group(1)))
    solution = altcha.solve_challenge(challenge["challenge"], challenge["salt"], challenge["algorithm"], 10**6)
    payload = {**{k: challenge[k] for k in ("algorithm", "challenge", "salt", "signature")}, "number": solution.number}
    return base64.b64encode(json.dumps(payload).encode()).decode()


def signup_data(client: Client, **fields) -> dict:
    """The sign-up form's fields with its challenge solved, as a browser would send them."""
    page = client.get("/accounts/signup/").content.decode()
    return {"altcha": solve_challenge(page), **fields}


def cache_keys() -> list[str]:
    """Every key in the default cache, in-process memory or Redis (CACHE_URL) alike."""
    from django.core.cache import cache

    client = cache._cache
    if hasattr(client, "get_client"):  # Django's RedisCacheClient
        return [key.decode() for key in client.get_client().scan_iter()]
    return list(client.keys())


def text(response) -> str:
    """A response's body as text."""
    return response.content.decode()


# What a page makes the browser fetch: scripts, styles, images, frames. Links a reader may follow
# (the footer's credits) are not fetched and are not matched.
_FETCHED = re.compile(r"<(?:script|img|iframe|link|source)\b[^>]*?\b(?:src|href)=\"([^\"]*)\"", re.I)


def fetched_elsewhere(html: str) -> list[str]:
    """The addresses a page would fetch from another host (absolute or protocol-relative)."""
    return [url for url in _FETCHED.findall(html) if re.match(r"(?:[a-z][a-z0-9+.-]*:)?//", url, re.I)]


def csrf_client(user=None) -> Client:
    """A client that checks CSRF tokens as a browser's requests are checked, signed in as `user` if given."""
    client = Client(enforce_csrf_checks=True)
    if user is not None:
        client.force_login(user)
    return client


def csrf_token(client: Client, url: str = "/report/") -> str:
    """GET `url` (a page with a form, which sets the CSRF cookie) and return the token."""
    client.get(url)
    return client.cookies["csrftoken"].value


class DidNotFinish(Exception):
    """Stands in the outcome of a call whose thread was still running when run_together gave up."""


def run_together(*calls: Callable[[], object], timeout: float = 60) -> list:
    """Run the calls at the same instant, each in its own thread with its own database connection,
    and wait for them all. Returns, in the order of the calls, what each returned or the exception
    it raised (DidNotFinish if it was still running after `timeout` seconds)."""
    barrier = threading.Barrier(len(calls))
    outcomes: list = [DidNotFinish() for _ in calls]

    def run(i: int, call: Callable[[], object]) -> None:
        try:
            barrier.wait(timeout=10)
            outcomes[i] = call()
        except Exception as exc:  # handed to the test
            outcomes[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=timeout)
    return outcomes


def raised(outcomes: list) -> list[Exception]:
    """The exceptions among run_together's outcomes."""
    return [o for o in outcomes if isinstance(o, Exception)]


# Instants either side of midnight in Hong Kong (UTC+8, no daylight saving), with the day a public
# page must show for each. Expected days are written out, never computed by the code under test.
BESIDE_HK_MIDNIGHT = [
    ("2026-03-04T15:59:30+00:00", "2026-03-04"),  # 23:59:30 in Hong Kong, still the 4th
    ("2026-03-04T16:00:30+00:00", "2026-03-05"),  # 00:00:30 in Hong Kong, already the 5th (UTC: the 4th)
]


def stored_photo(camera, uploader, status: str = "pending"):
    """A photo of `camera` from `uploader`, processed and written to MEDIA_ROOT as an upload would be."""
    from mapsite.photos.models import Photo
    from mapsite.photos.processing import process_upload, write_new_file
    from tests.photos.factories import jpeg_with_gps, upload

    processed = process_upload(upload("a.jpg", jpeg_with_gps()))
    return Photo.objects.create(
        camera=camera,
        uploader=uploader,
        status=status,
        width=processed.width,
        height=processed.height,
        image=write_new_file(processed.full, written=[]),
        thumbnail=write_new_file(processed.thumbnail, written=[]),
    )


# --- In a real browser (Playwright pages) -----------------------------------------------------

# ~33 m north of Mong Kok's camera: near enough to be its duplicate, far enough
# to be its own marker at street zoom.
DUPLICATE_AT = (MONG_KOK[0] + 0.0003, MONG_KOK[1])


def log_in(page, user) -> None:
    """Give the browser a signed-in session (the log-in form is tested elsewhere)."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.clear_cookies()
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": page.base_url}])


def settled(page) -> None:
    """Wait until the home map's cameras for the current view have been fetched and drawn."""
    page.wait_for_function("() => document.getElementById('camera-map').dataset.camerasState === 'ready'")


def open_map(page, path: str = "/") -> None:
    page.goto(page.base_url + path)
    page.wait_for_function("() => window.cameraMap !== undefined")
    # The districts are drawn once their GeoJSON has arrived.
    page.wait_for_selector("path.district-E", state="attached")
    settled(page)


def zoom_to(page, lat: float, lon: float, zoom: int) -> None:
    page.evaluate(f"window.cameraMap.setView([{lat}, {lon}], {zoom}, {{animate: false}})")
    settled(page)


def open_map_at(page, lat: float, lon: float, zoom: int = 17) -> None:
    page.goto(page.base_url + "/")
    page.wait_for_function("() => window.cameraMap !== undefined")
    zoom_to(page, lat, lon, zoom)


def click_at(page, lat: float, lon: float) -> None:
    point = page.evaluate(
        f"(() => {{ const p = window.cameraMap.latLngToContainerPoint([{lat}, {lon}]);"
        " const r = document.getElementById('camera-map').getBoundingClientRect();"
        " return [r.left + p.x, r.top + p.y]; })()"
    )
    page.mouse.click(point[0], point[1])


def marker(page, camera):
    return page.locator(f'.cam-dot[data-camera-id="{camera.pk}"]')


def still(page, selector: str) -> None:
    """Wait until a map's animated move has ended: the element stays where it is for 150 ms
    and no zoom animation runs (Playwright's own check, two frames, can pass before a move starts)."""
    page.wait_for_function(
        """(selector) => new Promise((resolve) => {
            const box = () => JSON.stringify(document.querySelector(selector).getBoundingClientRect());
            const before = box();
            setTimeout(() => resolve(box() === before && !document.querySelector(".leaflet-zoom-anim")), 150);
        })""",
        arg=selector,
    )
