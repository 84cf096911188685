"""Hostile requests to the public pages and the read-only JSON APIs and exports."""

from __future__ import annotations

import pytest

from tests.hostile.corpus import BAD_IDS, BIG, HUGE, Case, check, ids

A = "anonymous"
NOT_FOUND = "There is nothing at this address"
CAMERA_NOT_FOUND = "not found"
BBOX_OK = "114.1,22.2,114.3,22.4"

CASES: list[Case] = []

# Ids in paths: the int converter refuses signs and letters (404); numbers no row has are 404 too.
for raw in BAD_IDS:
    if raw in ("", " 7"):
        continue
    api_404 = CAMERA_NOT_FOUND if raw.isdigit() else NOT_FOUND
    CASES += [
        Case(f"detail-id-{raw}", A, "GET", f"/cameras/{raw}/", 404, "Page not found"),
        Case(f"api-camera-id-{raw}", A, "GET", f"/api/cameras/{raw}.geojson", 404, api_404),
        Case(f"photo-id-{raw}", A, "GET", f"/photos/{raw}.jpg", 404, "Page not found"),
        Case(f"thumb-id-{raw}", A, "GET", f"/photos/{raw}/thumb.jpg", 404, "Page not found"),
    ]

CASES += [
    # A pending photo does not exist for the public.
    Case("photo-pending", A, "GET", "/photos/{photo}.jpg", 404, "Page not found"),
    # Bounding boxes: missing, short, text, NaN, infinity, out of range, inverted, NUL.
    Case("bbox-missing", A, "GET", "/api/cameras.geojson", 400, "bbox is required"),
    Case("bbox-empty", A, "GET", "/api/cameras.geojson?bbox=", 400, "bbox is required"),
    Case("bbox-three", A, "GET", "/api/cameras.geojson?bbox=1,2,3", 400, "exactly four"),
    Case("bbox-text", A, "GET", "/api/cameras.geojson?bbox=a,b,c,d", 400, "must be numbers"),
    Case("bbox-nan", A, "GET", "/api/cameras.geojson?bbox=nan,22.2,114.3,22.4", 400, "finite"),
    Case("bbox-inf", A, "GET", "/api/cameras.geojson?bbox=-inf,22.2,inf,22.4", 400, "finite"),
    Case("bbox-1e999", A, "GET", "/api/cameras.geojson?bbox=114,22,1e999,23", 400, "finite"),
    Case("bbox-range", A, "GET", "/api/cameras.geojson?bbox=114,22,514,23", 400, "between -180 and 180"),
    Case("bbox-lat-range", A, "GET", "/api/cameras.geojson?bbox=114,-91,115,23", 400, "between -90 and 90"),
    Case("bbox-inverted", A, "GET", "/api/cameras.geojson?bbox=114.3,22.4,114.1,22.2", 400, "inverted"),
    Case("bbox-nul", A, "GET", "/api/cameras.geojson?bbox=114%00,22,115,23", 400, "must be numbers"),
    Case("bbox-bad-utf8", A, "GET", "/api/cameras.geojson?bbox=%ff%fe", 400, "exactly four"),
    Case("bbox-kind-unknown", A, "GET", f"/api/cameras.geojson?bbox={BBOX_OK}&kind=laser", 400, "Unknown kind"),
    Case("bbox-status-nul", A, "GET", f"/api/cameras.geojson?bbox={BBOX_OK}&status=%00", 400, "Unknown status"),
    Case("bbox-operator-utf8", A, "GET", f"/api/cameras.geojson?bbox={BBOX_OK}&operator=%c3%28", 400,
         "Unknown operator"),
    Case("cameras-post", A, "POST", "/api/cameras.geojson", 405, "does not accept POST"),
    Case("cameras-delete", A, "DELETE", "/api/cameras.geojson", 405, "does not accept DELETE"),
    Case("camera-put", A, "PUT", "/api/cameras/{vcam}.geojson", 405, "does not accept PUT"),
    # Tiles.
    Case("tile-text", A, "GET", "/api/tiles/a/b/c.json", 400, "whole numbers"),
    Case("tile-nan", A, "GET", "/api/tiles/nan/0/0.json", 400, "whole numbers"),
    Case("tile-float", A, "GET", "/api/tiles/1.5/0/0.json", 400, "whole numbers"),
    Case("tile-zoom-huge", A, "GET", f"/api/tiles/{HUGE}/0/0.json", 400, "Zoom must be between"),
    Case("tile-zoom-negative", A, "GET", "/api/tiles/-1/0/0.json", 400, "Zoom must be between"),
    Case("tile-x-huge", A, "GET", f"/api/tiles/14/{BIG}/0.json", 400, "x and y must be between"),
    Case("tile-y-negative", A, "GET", "/api/tiles/14/0/-1.json", 400, "x and y must be between"),
    Case("tile-nul", A, "GET", "/api/tiles/1%00/0/0.json", 400, "NUL"),
    Case("tile-version-text", A, "GET", "/api/tiles/14/13388/7148.json?v=abc", 400, "whole number"),
    Case("tile-version-huge", A, "GET", f"/api/tiles/14/13388/7148.json?v={HUGE}x", 400, "whole number"),
    Case("tile-kind-unknown", A, "GET", "/api/tiles/14/13388/7148.json?kind=%00", 400, "Unknown kind"),
    Case("tile-post", A, "POST", "/api/tiles/14/1/1.json", 405, "does not accept POST"),
    Case("tile-post-no-csrf", "resident-csrf", "POST", "/api/tiles/14/1/1.json", 403, "CSRF"),
    Case("tile-delete-no-csrf", "anonymous-csrf", "DELETE", "/api/tiles/14/1/1.json", 403, "CSRF"),
    Case("version-post", A, "POST", "/api/tiles/version.json", 405, "does not accept POST"),
    Case("version-post-no-csrf", "moderator-csrf", "POST", "/api/tiles/version.json", 403, "CSRF"),
    Case("districts-api-patch", A, "PATCH", "/api/districts.geojson", 405, "does not accept PATCH"),
    # Locate.
    Case("locate-nothing", A, "GET", "/api/locate", 400, "Give a position"),
    Case("locate-nan", A, "GET", "/api/locate?lat=nan&lon=114.1", 400, "Give a position"),
    Case("locate-inf", A, "GET", "/api/locate?lat=22.3&lon=inf", 400, "Give a position"),
    Case("locate-range", A, "GET", "/api/locate?lat=95&lon=114.1", 400, "Give a position"),
    Case("locate-text", A, "GET", "/api/locate?lat=north&lon=east", 400, "Give a position"),
    Case("locate-only-lat", A, "GET", "/api/locate?lat=22.3", 400, "Give a position"),
    Case("locate-q-long", A, "GET", "/api/locate?q=" + "1" * 101, 400, "Give a position"),
    Case("locate-q-nul", A, "GET", "/api/locate?q=22.3%00,114.1", 400, "Give a position"),
    Case("locate-q-utf8", A, "GET", "/api/locate?q=%ff%fe%fd", 400, "Give a position"),
    Case("locate-q-nan", A, "GET", "/api/locate?q=nan,nan", 400, "Give a position"),
    Case("locate-outside", A, "GET", "/api/locate?lat=22.541&lon=114.055", 400, "outside Hong Kong"),
    Case("locate-post", A, "POST", "/api/locate", 405, "does not accept POST"),
    # Unknown data addresses answer JSON; unknown pages answer the page.
    Case("api-unknown", A, "GET", "/api/nothing-here", 404, NOT_FOUND),
    Case("api-root", A, "GET", "/api/", 404, NOT_FOUND),
    Case("api-unknown-nul", A, "GET", "/api/cameras%00.geojson", 400, "NUL"),
    Case("api-unknown-post", A, "POST", "/api/admin/", 404, NOT_FOUND),
    Case("api-unknown-post-no-csrf", "anonymous-csrf", "POST", "/api/nothing", 404, NOT_FOUND),
    Case("export-unknown", A, "GET", "/export/cameras.xml", 404, NOT_FOUND),
    Case("page-unknown", A, "GET", "/no-such-page/", 404, "Page not found"),
    # Exports.
    Case("export-demo-maybe", A, "GET", "/export/cameras.csv?include_demo=maybe", 400, "include_demo"),
    Case("export-demo-nul", A, "GET", "/export/cameras.geojson?include_demo=%00", 400, "include_demo"),
    Case("export-demo-utf8", A, "GET", "/export/cameras.csv?include_demo=%ff", 400, "include_demo"),
    Case("export-post", A, "POST", "/export/cameras.csv", 405, "does not accept POST"),
    Case("export-post-no-csrf", "anonymous-csrf", "POST", "/export/cameras.geojson", 403, "CSRF"),
    # Districts.
    Case("district-nul", A, "GET", "/districts/%00/", 400, "NUL"),
    Case("district-nul-after", A, "GET", "/districts/E%00/", 400, "NUL"),
    Case("district-unknown", A, "GET", "/districts/ZZ/", 404, "Page not found"),
    Case("district-bad-utf8", A, "GET", "/districts/%ff%fe/", 404, "Page not found"),
    Case("district-long", A, "GET", "/districts/" + "E" * 5000 + "/", 404, "Page not found"),
    Case("district-sort", A, "GET", "/districts/?sort=evil", 400, "cannot be sorted"),
    Case("district-sort-nul", A, "GET", "/districts/?sort=%00", 400, "cannot be sorted"),
    Case("district-post", A, "POST", "/districts/", 405, "does not accept POST"),
    Case("district-detail-post", A, "POST", "/districts/E/", 405, "does not accept POST"),
    # Other pages take GET only.
    Case("map-post", A, "POST", "/", 405, "does not accept POST"),
    Case("map-put", A, "PUT", "/", 405, "does not accept PUT"),
    Case("figures-post", A, "POST", "/figures/", 405, "does not accept POST"),
    Case("about-delete", A, "DELETE", "/about/", 405, "does not accept DELETE"),
    Case("detail-post", A, "POST", "/cameras/{vcam}/", 405, "does not accept POST"),
    Case("photo-post", A, "POST", "/photos/{photo}.jpg", 405, "does not accept POST"),
    Case("page-post-no-csrf", "anonymous-csrf", "POST", "/about/", 403, "Form expired"),
]


@pytest.mark.parametrize("case", CASES, ids=ids(CASES))
def test_refused(world, case, settings):
    check(world, case, settings.MEDIA_ROOT)
