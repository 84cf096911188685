"""The Transport Department's camera list: XML, CSV and JSON, re-imports by key, bad files."""

import io
import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.utils import translation

from mapsite.audit.models import AuditEntry
from mapsite.cameras.models import Camera
from mapsite.imports.models import ImportBatch
from tests.helpers import MONG_KOK, SHENZHEN

TD_XML = Path(settings.BASE_DIR) / "fixtures" / "td-traffic-cameras-2019.xml"

# Known keys and the districts they stand in (checked against their descriptions).
SAMPLE = {
    "H106F": "A",  # Connaught Road Central near Exchange Square
    "H201F": "B",  # Hennessy Road near Arsenal Street
    "H802F": "C",  # Island Eastern Corridor near Hoi Yu Street
    "H429F": "D",  # Aberdeen Praya Road near Fish Market
    "K101F": "E",  # Salisbury Road near Nathan Road
    "AID03203": "F",  # West Kowloon Highway near Hoi Lai Estate
    "DF3641": "G",  # Shing Kai Road near Muk Chui Street (Kai Tak)
    "K505F": "H",  # Lung Cheung Road / Chuk Yuen Road
    "K607F": "J",  # Sau Mau Ping Road near Hip Wo Street
    "NL121F": "K",  # North Lantau Highway near Sunny Bay
    "TM101F": "L",  # Wu Chui Road near Wu King Road
    "BC102F": "M",  # San Tin Highway near Mai Po
    "FH106F": "N",  # Fanling Highway near Sheung Shui Roundabout
    "TH110F": "P",  # Tolo Highway near HK Science Park
    "AID07103": "Q",  # Tseung Kwan O Road
    "ST106F": "R",  # Sha Tin Wai Road
    "TC560F": "S",  # Tsing Ma Bridge
    "AID08122": "T",  # North Lantau Highway near Tung Chung
}


def run(path, *args) -> str:
    out = io.StringIO()
    call_command("import_cameras", str(path), *args, stdout=out)
    return out.getvalue()


def image(key, lat, lon, description="Somewhere", url=None):
    url = url or f"http://tdcctv.data.one.gov.hk/{key}.JPG"
    return (f"<image><key>{key}</key><region>Kowloon</region><description>{description}</description>"
            f"<latitude>{lat}</latitude><longitude>{lon}</longitude><url>{url}</url></image>")


def xml_file(tmp_path, *images, name="list.xml"):
    path = tmp_path / name
    path.write_text('<?xml version="1.0" encoding="UTF-8"?>\n<image-list>' + "".join(images) + "</image-list>")
    return path


def snapshot():
    return sorted(Camera.objects.values_list("id", "import_ref", "latitude", "longitude", "notes", "status"))


def test_the_2019_list_lands_in_the_right_districts(districts):
    output = run(TD_XML, "--list-date", "2019-08")
    assert "Created 210" in output
    cameras = Camera.objects.all()
    assert cameras.count() == 210
    by_key = {c.import_ref: c for c in cameras.select_related("district")}
    assert {key: by_key[key].district.code for key in SAMPLE} == SAMPLE
    cam = by_key["H429F"]
    assert (cam.kind, cam.operator, cam.status, cam.source) == ("traffic", "transport", "verified", "official")
    assert cam.notes == "Aberdeen Praya Road near Fish Market"
    assert cam.source_link == "http://tdcctv.data.one.gov.hk/H429F.JPG"
    assert cam.provenance == "Published by the Transport Department (list of August 2019)"
    with translation.override("zh-hant"):
        assert cam.provenance == "由運輸署公布（2019年8月清單）"
    batch = ImportBatch.objects.get()
    assert set(cameras.values_list("import_batch", flat=True)) == {batch.pk}
    assert (batch.source_name, batch.publisher, batch.file_format, batch.is_official) == (
        "Transport Department traffic cameras", "Transport Department", "td-xml", True)
    assert "DATA.GOV.HK" in batch.licence and "Transport Department" in batch.attribution
    assert len(batch.sha256) == 64 and batch.run_by is None
    assert (batch.created_count, batch.updated_count, batch.rejected_count) == (210, 0, 0)
    imported = AuditEntry.objects.filter(action=AuditEntry.Action.IMPORTED)
    assert imported.count() == 210
    assert {e.after["import_batch"] for e in imported} == {batch.pk}


def test_reimporting_the_same_list_is_a_no_op(districts):
    run(TD_XML, "--list-date", "2019-08")
    before, entries = snapshot(), AuditEntry.objects.count()
    output = run(TD_XML, "--list-date", "2019-08")
    assert "Already imported as batch" in output
    assert snapshot() == before
    assert AuditEntry.objects.count() == entries
    assert ImportBatch.objects.count() == 1


def test_a_changed_list_moves_redescribes_retires_and_adds(tmp_path, districts):
    run(xml_file(tmp_path, image("A1", 22.3193, 114.1694, "Nathan Road"), image("A2", 22.2820, 114.1580, "Central"),
                 image("A3", 22.3817, 114.1880, "Sha Tin")))
    first = ImportBatch.objects.get()
    moved_to = (22.3200, 114.1700)
    output = run(xml_file(tmp_path, image("A1", *moved_to, "Nathan Road"), image("A2", 22.2820, 114.1580, "Central"
                          " near Pedder Street"), image("A4", 22.3000, 114.1720, "Tsim Sha Tsui"), name="newer.xml"))
    assert "Created 1" in output and "Updated 2, retired 1, unchanged 0" in output
    second = ImportBatch.objects.exclude(pk=first.pk).get()
    assert (second.created_count, second.updated_count, second.retired_count) == (1, 2, 1)
    cams = {c.import_ref: c for c in Camera.objects.all()}
    assert len(cams) == 4  # updated by key, never duplicated
    assert (cams["A1"].latitude, cams["A1"].longitude) == moved_to
    assert cams["A2"].notes == "Central near Pedder Street"
    assert cams["A3"].status == Camera.Status.REMOVED
    assert cams["A4"].import_batch == second and cams["A1"].import_batch == first
    actions = {e.camera.import_ref: e.action for e in AuditEntry.objects.filter(after__import_batch=second.pk)
               .exclude(action=AuditEntry.Action.IMPORTED)}
    assert actions == {"A1": "moved", "A2": "edited", "A3": "removed"}
    moved = AuditEntry.objects.get(camera=cams["A1"], action="moved")
    assert moved.before == {"latitude": 22.3193, "longitude": 114.1694}

    # Listed again: it comes back.
    run(xml_file(tmp_path, image("A3", 22.3817, 114.1880, "Sha Tin"), name="third.xml"))
    assert Camera.objects.get(import_ref="A3").status == Camera.Status.VERIFIED


def test_csv_and_json_lists_with_a_district_field_are_read_by_content(tmp_path, districts):
    csv_path = tmp_path / "cameras.txt"
    csv_path.write_text("key,region,district,description,latitude,longitude,url\n"
                        "K101F,Kowloon,Yau Tsim Mong,Salisbury Road,22.2951,114.1720,https://example.org/K101F.JPG\n")
    assert "Created 1" in run(csv_path)
    json_path = tmp_path / "cameras.data"
    json_path.write_text(json.dumps({"image": [{"key": "H106F", "district": "Central and Western",
                                                "description": "Connaught Road", "latitude": "22.2840",
                                                "longitude": "114.1585", "url": "javascript:alert(1)"}]}))
    assert "Created 1" in run(json_path)
    assert dict(Camera.objects.values_list("import_ref", "district__code")) == {"K101F": "E", "H106F": "A"}
    assert Camera.objects.get(import_ref="H106F").source_link == ""  # only http(s) links are kept
    assert set(ImportBatch.objects.values_list("file_format", flat=True)) == {"td-csv", "td-json"}


def test_options_name_the_source(tmp_path, districts):
    run(xml_file(tmp_path, image("X1", *MONG_KOK)), "--source", "TD list 2026", "--licence", "Custom",
        "--attribution", "Credit us", "--url", "https://example.org/list", "--list-date", "2026-01-15")
    batch = ImportBatch.objects.get()
    assert (batch.source_name, batch.licence, batch.attribution, batch.source_url, str(batch.list_date)) == (
        "TD list 2026", "Custom", "Credit us", "https://example.org/list", "2026-01-15")


def test_a_resident_sighting_nearby_is_noted_for_a_merge(tmp_path, make_camera):
    sighting = make_camera(*MONG_KOK)
    output = run(xml_file(tmp_path, image("N1", MONG_KOK[0] + 0.00005, MONG_KOK[1])))
    assert f"N1 is 6 m from camera #{sighting.pk}: offered for a merge" in output
    assert ImportBatch.objects.get().duplicate_count == 1
    assert Camera.objects.count() == 2


GOOD = image("G1", *MONG_KOK)


@pytest.mark.parametrize(
    "content,message",
    [
        ("<image-list><image><key>G1</key>", "not well-formed XML"),
        ('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><image-list>'
         "<image><key>&e;</key></image></image-list>", "DTD or entities"),
        ("<cameras>" + GOOD + "</cameras>", "expected an <image-list>"),
        ("<image-list></image-list>", "holds no records"),
        ("<image-list>" + GOOD + image("", 22.3, 114.17) + "</image-list>", "record #2: missing key"),
        ("<image-list>" + GOOD + image("FAR", *SHENZHEN) + "</image-list>", "FAR: outside Hong Kong"),
        ("<image-list>" + GOOD + image("G1", 22.3, 114.17) + "</image-list>", "G1: key appears 2 times"),
        ("<image-list>" + GOOD + image("NAN", "nan", 114.17) + "</image-list>", "NAN: missing or non-numeric"),
        ("key,description\nG1,no coordinates\n", "needs key, latitude and longitude"),
    ],
)
def test_a_bad_list_changes_nothing(tmp_path, make_camera, content, message):
    run(xml_file(tmp_path, image("OLD", 22.2820, 114.1580)))
    before, entries, batches = snapshot(), AuditEntry.objects.count(), ImportBatch.objects.count()
    path = tmp_path / "bad.xml"
    path.write_text(content)
    out = io.StringIO()
    with pytest.raises(CommandError, match="Nothing imported") as raised:
        call_command("import_cameras", str(path), stdout=out)
    assert re.search(re.escape(message), out.getvalue() + str(raised.value))
    assert snapshot() == before  # nothing created, and OLD is not retired
    assert (AuditEntry.objects.count(), ImportBatch.objects.count()) == (entries, batches)


def test_osm_imports_are_batches_too(tmp_path, districts):
    path = tmp_path / "osm.json"
    path.write_text(json.dumps({"elements": [{"type": "node", "id": 1, "lat": MONG_KOK[0], "lon": MONG_KOK[1],
                                              "tags": {"man_made": "surveillance"}}]}))
    run(path)
    batch = ImportBatch.objects.get()
    assert (batch.source_name, batch.licence, batch.file_format, batch.is_official) == (
        "OpenStreetMap", "ODbL-1.0", "overpass", False)
    cam = Camera.objects.get()
    assert (cam.import_batch, cam.source, cam.status) == (batch, "import", "pending")
    assert cam.provenance == "Imported from OpenStreetMap"


def test_exports_state_each_records_source_and_licence(tmp_path, make_camera, outsider_client):
    resident_cam = make_camera(*MONG_KOK)
    run(xml_file(tmp_path, image("H106F", 22.2840, 114.1585)))
    official = Camera.objects.get(import_ref="H106F")
    data = json.loads(b"".join(outsider_client.get("/export/cameras.geojson").streaming_content))
    props = {f["id"]: f["properties"] for f in data["features"]}
    assert (props[resident_cam.pk]["license"], props[resident_cam.pk]["dataset"]) == ("ODbL-1.0", "")
    assert props[official.pk]["license"] == "DATA.GOV.HK Terms and Conditions of Use"
    assert props[official.pk]["attribution"] == "Source: Transport Department, HKSAR Government / DATA.GOV.HK"
    assert props[official.pk]["dataset"] == "Transport Department traffic cameras"
    csv_text = b"".join(outsider_client.get("/export/cameras.csv").streaming_content).decode()
    assert "DATA.GOV.HK Terms and Conditions of Use" in csv_text and "ODbL-1.0" in csv_text


def test_the_public_batch_page_lists_sources(tmp_path, districts, outsider_client, moderator):
    run(xml_file(tmp_path, image("H106F", 22.2840, 114.1585)), "--list-date", "2019-08")
    ImportBatch.objects.update(run_by=moderator)
    page = outsider_client.get("/imports/").content.decode()
    assert "Transport Department traffic cameras" in page
    assert "Published by the Transport Department (list of August 2019)" in page
    assert "DATA.GOV.HK Terms and Conditions of Use" in page
    assert moderator.username not in page  # who ran it stays in the admin
    assert outsider_client.post("/imports/").status_code == 405


def test_imported_cameras_show_in_the_review_pages_nearby_list(tmp_path, make_camera, moderator_client):
    sighting = make_camera(*MONG_KOK)
    run(xml_file(tmp_path, image("K101F", MONG_KOK[0] + 0.0001, MONG_KOK[1])))
    official = Camera.objects.get(import_ref="K101F")
    page = moderator_client.get(f"/moderation/cameras/{sighting.pk}/").content.decode()
    assert f"/cameras/{official.pk}/" in page or f'"id": {official.pk}' in page


def test_official_cameras_carry_their_publisher_in_public_features(tmp_path, districts, client):
    run(xml_file(tmp_path, image("K101F", *MONG_KOK)), "--list-date", "2019-08")
    feature = client.get("/api/cameras.geojson?bbox=114.1,22.2,114.3,22.4").json()["features"][0]
    assert feature["properties"]["source"] == "official"
    assert feature["properties"]["published_by"] == {"publisher": "Transport Department", "list_date": "2019-08"}
