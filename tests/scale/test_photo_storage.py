"""Photos in an S3-compatible bucket (PHOTO_STORAGE=s3), against a real S3 HTTP server:
moto's `moto_server`, started here on a port of its own.

A report's photo lands in the bucket and nowhere on disk, an approved photo is served from
it through the same view (the bucket stays private), a missing one is a 404, and a bucket
that cannot be reached is the same 503 as a full disk, with nothing saved.
"""

from __future__ import annotations

import os
import re
import subprocess
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse
from django.utils import timezone

from benchmarks.loadlib import server as srv
from mapsite.lib.deployment import photo_storage_config
from mapsite.photos.models import Photo
from tests.helpers import MONG_KOK, text
from tests.hostile.conftest import row_counts
from tests.photos.factories import jpeg_with_gps, upload

pytestmark = pytest.mark.django_db
MOTO = srv.BIN / "moto_server"


@pytest.fixture(scope="module")
def s3_endpoint():
    if not MOTO.exists():
        if os.environ.get("CI") == "true":
            pytest.fail("moto_server is missing: requirements-dev.txt installs moto[server]")
        pytest.skip("moto_server is not installed (pip install 'moto[server]')")
    port = srv.free_port()
    proc = subprocess.Popen(
        [str(MOTO), "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )  # fmt: skip
    endpoint = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            if srv.Client(port, timeout=2).get("/moto-api/")[0] == 200:
                break
        except OSError:
            pass
        assert proc.poll() is None and time.monotonic() < deadline, "moto_server did not start"
        time.sleep(0.1)
    yield endpoint
    proc.terminate()
    proc.wait(10)


def use_bucket(settings, monkeypatch, endpoint: str, bucket: str) -> None:
    """PHOTO_STORAGE=s3 as an operator sets it, read through the settings' own code."""
    for name, value in {
        "PHOTO_S3_BUCKET": bucket,
        "PHOTO_S3_ENDPOINT_URL": endpoint,
        "PHOTO_S3_REGION": "us-east-1",
        "PHOTO_S3_ACCESS_KEY_ID": "test-key",
        "PHOTO_S3_SECRET_ACCESS_KEY": "test-secret",
        "PHOTO_S3_ADDRESSING_STYLE": "path",
        "AWS_MAX_ATTEMPTS": "1",  # an unreachable bucket fails at once, not after retries
    }.items():
        monkeypatch.setenv(name, value)
    settings.STORAGES = {**settings.STORAGES, "photos": photo_storage_config("s3")}


@pytest.fixture
def bucket(settings, monkeypatch, s3_endpoint):
    import boto3

    name = "photos-" + uuid.uuid4().hex[:12]
    s3 = boto3.client(
        "s3", endpoint_url=s3_endpoint, region_name="us-east-1",
        aws_access_key_id="test-key", aws_secret_access_key="test-secret",
    )  # fmt: skip
    s3.create_bucket(Bucket=name)
    use_bucket(settings, monkeypatch, s3_endpoint, name)

    def keys() -> dict[str, bytes]:
        listed = s3.list_objects_v2(Bucket=name).get("Contents", [])
        return {item["Key"]: s3.get_object(Bucket=name, Key=item["Key"])["Body"].read() for item in listed}

    return keys


def report_with_photo(client):
    data = {"latitude": MONG_KOK[0], "longitude": MONG_KOK[1], "kind": "dome",
            "photo": upload("IMG_0001.jpg", jpeg_with_gps())}  # fmt: skip
    return client.post(reverse("sightings:new"), data)


def disk_files() -> list[Path]:
    root = Path(django_settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def test_a_reported_photo_is_kept_in_the_bucket_and_served_from_it(
    resident_client, outsider_client, districts, bucket
):
    assert report_with_photo(resident_client).status_code == 302
    photo = Photo.objects.get()
    stored = bucket()
    assert set(stored) == {photo.image, photo.thumbnail}
    assert all(data[:3] == b"\xff\xd8\xff" and b"Exif" not in data for data in stored.values())
    assert disk_files() == []

    url = reverse("photos:image", args=[photo.pk])
    assert outsider_client.get(url).status_code == 404  # pending: not public, bucket or not
    Photo.objects.filter(pk=photo.pk).update(status=Photo.Status.APPROVED, published_at=timezone.now())
    response = outsider_client.get(url)
    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=86400"
    assert b"".join(response.streaming_content) == stored[photo.image]


def test_a_photo_missing_from_the_bucket_is_a_404(outsider_client, make_camera, resident, bucket):
    photo = Photo.objects.create(
        camera=make_camera(reporter=resident), uploader=resident, image="photos/gone.jpg",
        thumbnail="photos/gone-too.jpg", width=1, height=1, status=Photo.Status.APPROVED,
    )  # fmt: skip
    assert outsider_client.get(reverse("photos:thumbnail", args=[photo.pk])).status_code == 404


def test_an_unreachable_bucket_keeps_nothing_and_asks_again(settings, monkeypatch, resident_client, districts):
    use_bucket(settings, monkeypatch, f"http://127.0.0.1:{srv.free_port()}", "nowhere")
    before = row_counts()
    response = report_with_photo(resident_client)
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    assert "Attach your photo again" in text(response)
    assert row_counts() == before
    assert disk_files() == []


@pytest.mark.parametrize(
    ("kind", "bucket", "message"),
    [("ftp", "b", "PHOTO_STORAGE='ftp' is invalid"), ("s3", "", "PHOTO_STORAGE=s3 needs PHOTO_S3_BUCKET")],
)
def test_a_photo_storage_misconfigured_stops_the_site(monkeypatch, kind, bucket, message):
    monkeypatch.setenv("PHOTO_S3_BUCKET", bucket)
    with pytest.raises(ImproperlyConfigured, match=re.escape(message)):
        photo_storage_config(kind)
