"""The queue's rows and filter controls (mapsite/moderation/views/listing.py), as a moderator
reads them: every cell of a row, the filter form keeping what was chosen, both languages."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.urls import reverse

from mapsite.cameras.models import Camera
from mapsite.photos.models import Photo
from tests.helpers import MONG_KOK, SHA_TIN, text

URL = reverse("moderation:queue")
NOW = dt.datetime(2026, 3, 10, 4, 30, tzinfo=dt.UTC)  # 12:30 in Hong Kong


def row_of(html: str, camera: Camera) -> str:
    match = re.search(rf'<tr class="queue-camera" data-camera-id="{camera.pk}">.*?</tr>', html, re.S)
    assert match, f"no row for camera #{camera.pk}"
    return match.group(0)


@pytest.fixture
def camera(make_camera):
    return make_camera(*MONG_KOK, kind=Camera.Kind.DOME, operator=Camera.Operator.POLICE, confirm_count=2,
                       dispute_count=1, reported_at=NOW - dt.timedelta(days=3, hours=2))


@time_machine.travel(NOW, tick=False)
def test_a_row_shows_its_camera(moderator_client, camera):
    html = text(moderator_client.get(URL, {"tab": "pending", "kind": "dome", "page": "1"}))
    row = row_of(html, camera)
    review = reverse("moderation:camera", args=[camera.pk])
    assert (f'<input type="checkbox" name="cameras" value="{camera.pk}:{camera.version}" form="bulk-form" '
            f'aria-label="Select camera #{camera.pk}">') in row
    # The review link keeps the tab, filters and place, escaped in the attribute.
    assert f'<a href="{review}?tab=pending&amp;kind=dome&amp;page=1" class="queue-review">#{camera.pk} Dome</a>' in row
    assert "<td>Yau Tsim Mong</td><td>Police</td>" in row
    assert '<td title="2026-03-07 10:30">3\xa0days, 2\xa0hours</td>' in row  # Hong Kong time
    assert "<td>+2 / \u22121</td>" in row
    assert "badge" not in row and "<img" not in row


def test_a_row_shows_its_thumbnail_and_the_demo_badge(moderator_client, make_camera):
    demo = make_camera(*SHA_TIN, is_demo=True, source=Camera.Source.DEMO)
    photo = Photo.objects.create(camera=demo, image="a.jpg", thumbnail="a_t.jpg", width=1, height=1)
    row = row_of(text(moderator_client.get(URL, {"tab": "pending", "source": "any"})), demo)
    assert (f'<img src="{reverse("photos:thumbnail", args=[photo.pk])}" alt="" class="queue-thumb" '
            'loading="lazy" width="32" height="32">') in row
    assert f'#{demo.pk} Unknown</a> <span class="badge">demo</span>' in row


def test_a_row_in_chinese(moderator_client, camera):
    row = row_of(text(moderator_client.get("/zh-hant" + URL, {"tab": "pending"})), camera)
    assert f'aria-label="選擇鏡頭 #{camera.pk}"' in row and "油尖旺區" in row and "Yau Tsim Mong" not in row


def test_the_filter_form_keeps_what_was_chosen(moderator_client, camera):
    html = text(moderator_client.get(URL, {"tab": "pending", "kind": "dome", "confirms": "2", "near": "22.3, 114.1"}))
    form = html[html.index('<form method="get" class="queue-filters">'):]
    form = form[:form.index("</form>")]
    assert '<label>Kind <select name="kind" id="id_kind"><option value="">Any kind</option>' in form
    assert '<option value="dome" selected>Dome</option>' in form
    assert '<option value="" selected>Any district</option>' in form
    # One per select, the choice made or "any", but the sort: with none chosen it shows its first.
    assert form.count(" selected>") == 8 and '<option value="oldest">' in form
    assert 'name="confirms" value="2" min="0" max="1000000" id="id_confirms"' in form
    assert 'name="near" value="22.3, 114.1" maxlength="64" id="id_near"' in form
    assert 'name="page"' not in form and 'name="tab" value="pending"' in form


def test_the_filter_form_marks_a_bad_value_and_escapes_it(moderator_client, camera):
    html = text(moderator_client.get(URL, {"tab": "pending", "kind": '"><b>x', "confirms": "-1"}))
    # As Django's widgets mark a field in error; an unknown choice selects nothing.
    assert ('<select name="kind" aria-invalid="true" aria-describedby="id_kind_error" id="id_kind">'
            '<option value="">Any kind</option>') in html
    assert ('name="confirms" value="-1" min="0" max="1000000" aria-invalid="true" '
            'aria-describedby="id_confirms_error" id="id_confirms"') in html
    assert "<b>x" not in html


def test_the_filter_form_in_chinese(moderator_client, camera):
    html = text(moderator_client.get("/zh-hant" + URL, {"tab": "pending", "district": "E"}))
    assert '<option value="E" selected>油尖旺區</option>' in html


def test_the_photos_tab_names_each_photos_district(moderator_client, make_camera, resident):
    first = Photo.objects.create(camera=make_camera(*MONG_KOK), uploader=resident, image="a.jpg",
                                 thumbnail="a_t.jpg", width=1, height=1)
    second = Photo.objects.create(camera=make_camera(*SHA_TIN), uploader=resident, image="b.jpg",
                                  thumbnail="b_t.jpg", width=1, height=1)

    def district_of(html: str, photo: Photo) -> str:
        item = re.search(rf'data-photo-id="{photo.pk}">.*?</li>', html, re.S).group(0)
        return re.search(r"</a> · ([^·]+) · ", item).group(1)

    html = text(moderator_client.get(URL, {"tab": "photos"}))
    assert (district_of(html, first), district_of(html, second)) == ("Yau Tsim Mong", "Sha Tin")
    html = text(moderator_client.get("/zh-hant" + URL, {"tab": "photos"}))
    assert (district_of(html, first), district_of(html, second)) == ("油尖旺區", "沙田區")
