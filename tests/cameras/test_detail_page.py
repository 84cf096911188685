import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from mapsite.audit.models import AuditEntry
from mapsite.cameras.models import Camera
from mapsite.votes.models import Vote
from tests.helpers import CENTRAL, MONG_KOK, SHA_TIN, stored_photo, text


def url(camera) -> str:
    return f"/cameras/{camera.pk}/"


def test_shows_everything_public_about_a_camera(outsider_client, make_camera, django_user_model):
    reporter = django_user_model.objects.create_user(username="wingon-reporter", password="x")
    camera = make_camera(
        kind=Camera.Kind.DOME,
        operator=Camera.Operator.POLICE,
        mount=Camera.Mount.WALL,
        direction=135,
        field_of_view=90,
        status=Camera.Status.VERIFIED,
        notes="Above the bakery door",
        reporter=reporter,
        reported_at=dt.datetime(2026, 3, 4, 23, 30, tzinfo=dt.UTC),  # 5 March in Hong Kong
        last_confirmed_at=timezone.now() - dt.timedelta(days=2),
    )
    response = outsider_client.get(url(camera))
    assert response.status_code == 200
    body = text(response)
    for expected in ("Dome", "Police", "Wall", "135° from north", "90°", "Yau Tsim Mong", "油尖旺區", "Verified",
                     "Above the bakery door", "2026-03-05", "/districts/e/", "22.31930, 114.16940"):
        assert expected in body, expected
    assert timezone.localdate(camera.last_confirmed_at).isoformat() in body
    assert body.count("Last confirmed") == 1  # in the votes panel, which a vote refreshes
    # Never the reporter, never a time of day.
    assert "wingon-reporter" not in body
    assert "23:30" not in body and "07:30" not in body
    assert "Demo data:" not in body
    assert "Nobody has confirmed" not in body


def test_osm_tags_are_listed(outsider_client, make_camera):
    camera = make_camera(kind=Camera.Kind.ANPR, operator=Camera.Operator.TRANSPORT, direction=10)
    body = text(outsider_client.get(url(camera)))
    assert "<code>man_made</code></td><td><code>surveillance</code>" in body
    assert "<code>surveillance:type</code></td><td><code>ALPR</code>" in body
    assert "<code>operator</code></td><td><code>Transport Department</code>" in body
    assert "<code>camera:direction</code></td><td><code>10</code>" in body


def test_notes_are_escaped(outsider_client, make_camera):
    camera = make_camera(notes="<img src=x onerror=alert(1)>")
    body = text(outsider_client.get(url(camera)))
    assert "&lt;img src=x onerror=alert(1)&gt;" in body
    assert "<img src=x" not in body


def test_public_camera_gets_a_small_map_with_its_data(outsider_client, make_camera):
    camera = make_camera(direction=90)
    response = outsider_client.get(url(camera))
    body = text(response)
    assert 'id="camera-map"' in body
    assert 'id="camera-map-data"' in body
    assert "cameras/camera-detail.js" in body
    # django-leaflet's inline loader carries the CSP nonce; nothing else is inline.
    nonce = response.wsgi_request.csp_nonce
    assert f'<script nonce="{nonce}">' in body
    assert body.count("<script>") == 0
    assert 'style="' not in body


def test_stale_camera_says_so(outsider_client, make_camera, settings):
    settings.STALE_AFTER_DAYS = 30
    camera = make_camera(reported_at=timezone.now() - dt.timedelta(days=40))
    assert "Nobody has confirmed this camera in the last 30 days" in text(outsider_client.get(url(camera)))
    camera.last_confirmed_at = timezone.now() - dt.timedelta(days=3)
    camera.save()
    assert "Nobody has confirmed" not in text(outsider_client.get(url(camera)))


def test_demo_camera_has_a_banner(outsider_client, make_camera):
    camera = make_camera(is_demo=True, source=Camera.Source.DEMO)
    body = text(outsider_client.get(url(camera)))
    assert "It is not a real sighting." in body


@pytest.mark.parametrize(
    "status,banner",
    [(Camera.Status.REJECTED, "moderators decided this report does not show a real camera"),
     (Camera.Status.REMOVED, "reported as no longer there")],
)
def test_non_public_camera_has_a_status_banner_and_no_map(outsider_client, make_camera, status, banner):
    camera = make_camera(status=status)
    response = outsider_client.get(url(camera))
    assert response.status_code == 200
    body = text(response)
    assert banner in body
    assert 'id="camera-map"' not in body
    assert "camera-map-data" not in body
    # Like the map, the page gives no position for it.
    assert "22.31930" not in body


def test_merged_camera_redirects_permanently_to_the_end_of_the_chain(outsider_client, make_camera):
    survivor = make_camera()
    middle = make_camera(*CENTRAL, merged_into=survivor)
    first = make_camera(merged_into=middle)
    response = outsider_client.get(url(first))
    assert response.status_code == 301
    # ?from= names where the visitor came from, for the survivor's "merged into" notice.
    assert response["Location"] == f"{url(survivor)}?from={first.pk}"
    assert outsider_client.get(url(middle))["Location"] == f"{url(survivor)}?from={middle.pk}"


def test_merge_cycle_does_not_loop_forever(outsider_client, make_camera):
    a = make_camera()
    b = make_camera(*CENTRAL, merged_into=a)
    Camera.objects.filter(pk=a.pk).update(merged_into=b)
    # A cycle has no survivor: each page shows itself, so a browser is never sent round it.
    for camera in (a, b):
        response = outsider_client.get(url(camera))
        assert response.status_code == 200
        assert "merged" in text(response).lower()


def test_a_longer_merge_cycle_stops_before_repeating(outsider_client, make_camera):
    a = make_camera()
    b = make_camera(*CENTRAL, merged_into=a)
    c = make_camera(*SHA_TIN, merged_into=b)
    Camera.objects.filter(pk=a.pk).update(merged_into=c)
    for camera in (a, b, c):
        assert outsider_client.get(url(camera)).status_code == 200


def test_chinese_page(outsider_client, make_camera):
    camera = make_camera()
    response = outsider_client.get(f"/zh-hant{url(camera)}")
    assert response.status_code == 200
    assert "油尖旺區" in text(response)
    assert 'href="/zh-hant/districts/e/"' in text(response)


def test_unknown_camera_is_404(outsider_client, districts):
    assert outsider_client.get("/cameras/999999/").status_code == 404


def test_post_is_405(outsider_client, make_camera):
    camera = make_camera()
    assert outsider_client.post(url(camera)).status_code == 405


def test_the_page_never_reads_the_districts_shapes(outsider_client, make_camera):
    # The district's name is shown; its shapes are most of its row's bytes (District.SHAPES).
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    camera = make_camera(status=Camera.Status.VERIFIED)
    with CaptureQueriesContext(connection) as queries:
        response = outsider_client.get(url(camera))
    assert response.status_code == 200
    assert camera.district.name_en in text(response)
    district_reads = [q["sql"] for q in queries if "districts_district" in q["sql"]]
    assert district_reads  # the name comes with the camera
    assert not [sql for sql in district_reads if "boundary" in sql]


@pytest.mark.parametrize(("signed_in", "most"), [(False, 6), (True, 14)])
def test_the_page_costs_the_same_queries_however_many_votes_photos_and_entries(
    make_camera, residents, resident, camera, signed_in, most, django_assert_max_num_queries
):
    make_camera(MONG_KOK[0] + 0.0002, MONG_KOK[1])  # a neighbour the dispute form offers
    for voter in residents(6):
        Vote.objects.create(camera=camera, user=voter, kind=Vote.Kind.CONFIRM)
        stored_photo(camera, voter, status="approved")
        AuditEntry.objects.create(camera=camera, action=AuditEntry.Action.EDITED, role=AuditEntry.Role.MODERATOR)
    client = Client()
    if signed_in:
        client.force_login(resident)
    client.get(camera.get_absolute_url())  # the session and the language settle
    with django_assert_max_num_queries(most):
        assert client.get(camera.get_absolute_url()).status_code == 200
