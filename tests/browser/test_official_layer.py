"""The Transport Department's cameras on the map: their own marker, label, legend and shading."""

import io

from django.core.management import call_command

from mapsite.cameras.models import Camera
from tests.conftest import MONG_KOK
from tests.helpers import open_map, zoom_to


def test_official_cameras_show_with_their_label_and_legend(page, make_camera, tmp_path, artifacts):
    resident = make_camera(*MONG_KOK, kind=Camera.Kind.TRAFFIC)
    path = tmp_path / "list.xml"
    path.write_text(
        "<image-list><image><key>K101F</key><description>Salisbury Road near Nathan Road</description>"
        "<latitude>22.2951</latitude><longitude>114.1720</longitude>"
        "<url>http://tdcctv.data.one.gov.hk/K101F.JPG</url></image></image-list>"
    )
    call_command("import_cameras", str(path), "--list-date", "2019-08", stdout=io.StringIO())
    official = Camera.objects.get(import_ref="K101F")
    open_map(page)
    legend = page.locator(".map-legend")
    assert "Reported by residents" in legend.inner_text()
    assert "Published by the Transport Department" in legend.inner_text()
    assert page.locator(".map-legend .legend-marker.cam-official-key").count() == 1

    zoom_to(page, 22.305, 114.171, 15)
    official_marker = page.locator(f'.cam-official .cam-dot[data-camera-id="{official.pk}"]')
    official_marker.wait_for()
    assert page.locator(f'.cam-official .cam-dot[data-camera-id="{resident.pk}"]').count() == 0
    shapes = page.evaluate(
        f"""() => [{official.pk}, {resident.pk}].map((id) =>
             getComputedStyle(document.querySelector(`.cam-dot[data-camera-id="${{id}}"]`)).borderRadius)"""
    )
    assert shapes[0] != shapes[1]  # square beside round
    official_marker.click()
    popup = page.locator(f'.camera-popup[data-camera-id="{official.pk}"]')
    popup.wait_for()
    assert "Published by the Transport Department (list of August 2019)" in popup.inner_text()
    page.keyboard.press("Escape")

    page.locator('input[name="shading"][value="per_1000_residents"]').check()
    legend_text = page.locator(".map-legend").inner_text()
    assert "Cameras per 1,000 residents" in legend_text
    assert "about 7 per 1,000 people" in legend_text
    page.screenshot(path=str(artifacts / "map-official-layer.png"))
