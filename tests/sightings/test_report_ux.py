"""The report form's own-camera notice and the photo after a refusal."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from tests.helpers import MONG_KOK, report_body
from tests.photos.factories import jpeg_with_gps


def test_locate_marks_only_your_own_nearby_cameras(resident_client, resident, other_resident, make_camera):
    mine = make_camera(*MONG_KOK, reporter=resident)
    theirs = make_camera(MONG_KOK[0] + 0.00003, MONG_KOK[1], reporter=other_resident)
    data = resident_client.get("/api/locate", {"lat": MONG_KOK[0], "lon": MONG_KOK[1]}).json()
    yours = {item["properties"]["id"]: item["properties"]["yours"] for item in data["nearby"]}
    assert yours == {mine.pk: True, theirs.pk: False}


def test_a_refused_report_with_a_photo_asks_for_it_again(resident_client):
    body = report_body(lat=22.5410, lon=114.0550)
    body["photo"] = SimpleUploadedFile("camera.jpg", jpeg_with_gps(), content_type="image/jpeg")
    response = resident_client.post("/report/", body)
    assert response.status_code == 400
    assert "Attach your photo again before you send." in response.content.decode()


def test_a_refused_report_without_a_photo_does_not_mention_one(resident_client):
    response = resident_client.post("/report/", report_body(lat=22.5410, lon=114.0550))
    assert response.status_code == 400
    assert "Attach your photo again" not in response.content.decode()
