"""Versions per region: an edit re-labels only the tiles over the regions it touched."""

from __future__ import annotations

import pytest

from mapsite.cameras.models import Camera
from mapsite.lib.quadkeys import lonlat_to_tile
from mapsite.tiles.triggers import REGION_ZOOM
from mapsite.tiles.versions import tile_version_in
from tests.conftest import MONG_KOK
from tests.helpers import TUEN_MUN, tile_url

VERSIONS = "/api/tiles/versions.json"


def region_of(lat: float, lon: float) -> str:
    return "{}/{}".format(*lonlat_to_tile(lon, lat, REGION_ZOOM))


def regions(client) -> dict[str, int]:
    return client.get(VERSIONS).json()["regions"]


def versioned(client, url: str) -> str:
    """The URL the map builds: the tile's version, from the versions document, in ?v=."""
    z, x, y = (int(part) for part in url.removesuffix(".json").split("/")[-3:])
    return f"{url}?v={tile_version_in(client.get(VERSIONS).json(), z, x, y)}"


@pytest.fixture
def two(make_camera):
    mong_kok, tuen_mun = make_camera(*MONG_KOK), make_camera(*TUEN_MUN)
    assert region_of(*MONG_KOK) != region_of(*TUEN_MUN)
    return mong_kok, tuen_mun


def test_an_edit_moves_only_its_region_and_the_tiles_over_it(client, two):
    mong_kok, _ = two
    before = regions(client)
    assert before == {region_of(*MONG_KOK): 1, region_of(*TUEN_MUN): 1}
    near, far, all_hk = tile_url(*MONG_KOK), tile_url(*TUEN_MUN), tile_url(*MONG_KOK, z=9)
    etags = {url: client.get(url)["ETag"] for url in (near, far, all_hk)}
    assert etags == {near: '"1.1"', far: '"1.1"', all_hk: '"1.2"'}  # zoom 9 covers both regions

    mong_kok.kind = Camera.Kind.DOME
    mong_kok.save()

    assert regions(client) == {region_of(*MONG_KOK): 2, region_of(*TUEN_MUN): 1}
    assert {url: client.get(url)["ETag"] for url in etags} == {near: '"1.2"', far: '"1.1"', all_hk: '"1.3"'}


def test_an_immutable_tile_url_stays_valid_after_an_edit_elsewhere(client, two):
    mong_kok, _ = two
    url = versioned(client, tile_url(*TUEN_MUN))
    first = client.get(url)
    assert first["Cache-Control"] == "public, max-age=31536000, immutable"

    Camera.objects.filter(pk=mong_kok.pk).update(status=Camera.Status.VERIFIED)

    assert versioned(client, tile_url(*TUEN_MUN)) == url  # the map builds the same URL
    again = client.get(url)
    assert (again.status_code, again["Cache-Control"], again["ETag"]) == (200, first["Cache-Control"], first["ETag"])
    assert again.content == first.content
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304


def test_the_edited_region_s_old_url_must_revalidate_and_the_new_one_is_immutable(client, two):
    mong_kok, _ = two
    old = versioned(client, tile_url(*MONG_KOK))
    Camera.objects.filter(pk=mong_kok.pk).update(status=Camera.Status.VERIFIED)
    new = versioned(client, tile_url(*MONG_KOK))
    assert new != old
    assert client.get(old)["Cache-Control"] == "public, no-cache"
    fresh = client.get(new)
    assert fresh["Cache-Control"] == "public, max-age=31536000, immutable"
    assert fresh.json()["features"][0]["properties"]["verified"] == 1  # a cluster of the one camera, now verified


def test_a_report_waiting_for_publication_moves_no_region_until_published(client, two, make_camera):
    before = regions(client)
    waiting = make_camera(TUEN_MUN[0] + 0.001, TUEN_MUN[1], published_at=None)
    waiting.notes = "on the lamp post"
    waiting.save()
    assert regions(client) == before
    waiting.delete()
    assert regions(client) == before

    waiting = make_camera(TUEN_MUN[0] + 0.001, TUEN_MUN[1], published_at=None)
    Camera.objects.filter(pk=waiting.pk).update(published_at=two[0].published_at)
    assert regions(client) == {**before, region_of(*TUEN_MUN): before[region_of(*TUEN_MUN)] + 1}


def test_a_moved_camera_moves_its_old_and_its_new_region(client, two, make_camera):
    mong_kok, _ = two
    make_camera(22.2820, 114.1580)  # Central: a third region, untouched
    before = regions(client)
    mong_kok.latitude, mong_kok.longitude = TUEN_MUN[0] + 0.0005, TUEN_MUN[1]
    mong_kok.save()
    after = regions(client)
    moved = {key for key in before if after[key] != before[key]}
    assert moved == {region_of(*MONG_KOK), region_of(*TUEN_MUN)}
    assert all(after[key] == before[key] + 1 for key in moved)


def test_one_statement_over_two_regions_moves_each_once(client, two):
    before = regions(client)
    Camera.objects.filter(pk__in=[c.pk for c in two]).update(kind=Camera.Kind.DOME)
    assert regions(client) == {key: version + 1 for key, version in before.items()}


def test_versions_document_is_briefly_cacheable_and_revalidates(client, two):
    response = client.get(VERSIONS)
    assert response.json() == {
        "format": 1,
        "zoom": REGION_ZOOM,
        "regions": {region_of(*MONG_KOK): 1, region_of(*TUEN_MUN): 1},
    }
    assert response["Cache-Control"] == "public, max-age=5"
    assert client.get(VERSIONS, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304
    two[1].delete()
    changed = client.get(VERSIONS, HTTP_IF_NONE_MATCH=response["ETag"])
    assert changed.status_code == 200
    assert changed.json()["regions"][region_of(*TUEN_MUN)] == 2


def test_the_site_wide_version_is_the_sum_of_the_regions(client, two):
    assert client.get("/api/tiles/version.json").json() == {"v": 2}
    two[0].delete()
    assert client.get("/api/tiles/version.json").json() == {"v": 3}


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_versions_document_refuses_other_methods(client, method):
    response = getattr(client, method)(VERSIONS)
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"


def test_a_built_tile_is_served_from_the_cache_until_its_own_regions_change(
    client, two, django_assert_num_queries
):
    mong_kok, tuen_mun = two
    url = versioned(client, tile_url(*TUEN_MUN, z=16))
    body = client.get(url).content
    Camera.objects.filter(pk=mong_kok.pk).update(status=Camera.Status.VERIFIED)
    with django_assert_num_queries(1):  # the tile's version; the body comes from the cache
        assert client.get(url).content == body
    Camera.objects.filter(pk=tuen_mun.pk).update(status=Camera.Status.VERIFIED)
    fresh = client.get(versioned(client, tile_url(*TUEN_MUN, z=16))).json()
    assert [f["properties"]["status"] for f in fresh["features"]] == ["verified"]


@pytest.fixture
def snapshot(settings, monkeypatch):
    """Tile versions from a per-process snapshot kept 10 s, on a clock the test moves."""
    from mapsite.tiles import services

    now = [1000.0]
    monkeypatch.setattr(services.time, "monotonic", lambda: now[0])
    settings.TILE_VERSIONS_SECONDS = 10
    services._snapshot.clear()
    yield now
    services._snapshot.clear()


def test_a_snapshot_labels_tiles_as_the_database_does(client, two, snapshot, django_assert_num_queries):
    near, far, all_hk = tile_url(*MONG_KOK), tile_url(*TUEN_MUN), tile_url(*MONG_KOK, z=9)
    assert [client.get(url)["ETag"] for url in (near, far, all_hk)] == ['"1.1"', '"1.1"', '"1.2"']
    with django_assert_num_queries(0):  # built tiles come from the cache, their versions from the snapshot
        assert client.get(far)["ETag"] == '"1.1"'


def test_an_edit_reaches_tile_labels_once_the_snapshot_is_older_than_the_setting(client, two, snapshot):
    mong_kok, _ = two
    near, far = tile_url(*MONG_KOK), tile_url(*TUEN_MUN)
    assert client.get(near)["ETag"] == '"1.1"'
    mong_kok.kind = Camera.Kind.DOME
    mong_kok.save()

    snapshot[0] += 9.9
    assert client.get(near)["ETag"] == '"1.1"'
    snapshot[0] += 0.1
    assert client.get(near)["ETag"] == '"1.2"'
    assert client.get(far)["ETag"] == '"1.1"'
    assert client.get(versioned(client, near))["Cache-Control"] == "public, max-age=31536000, immutable"


def test_without_a_snapshot_every_tile_reads_the_versions(client, two, settings, django_assert_num_queries):
    far = tile_url(*TUEN_MUN)
    client.get(far)
    with django_assert_num_queries(1):
        assert client.get(far)["ETag"] == '"1.1"'
