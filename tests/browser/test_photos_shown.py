"""Photos as people meet them: approved ones in a camera's map popup, and a preview of the
photo chosen for a report before it is sent (issue 13)."""

from __future__ import annotations

from mapsite.photos.models import Photo
from tests.conftest import MONG_KOK
from tests.helpers import log_in, marker, open_map_at, stored_photo
from tests.photos.factories import jpeg_with_gps


def test_a_popup_shows_the_cameras_approved_photos_only(page, make_camera, resident):
    camera = make_camera(*MONG_KOK)
    approved = stored_photo(camera, resident, Photo.Status.APPROVED)
    stored_photo(camera, resident, Photo.Status.PENDING)
    open_map_at(page, *MONG_KOK)
    marker(page, camera).click()
    photos = page.locator(f'.camera-popup[data-camera-id="{camera.pk}"] .popup-photos[data-photos]')
    photos.wait_for()
    assert photos.get_attribute("data-photos") == "1"
    image = photos.locator("img")
    assert image.get_attribute("src") == f"/photos/{approved.pk}/thumb.jpg"
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=image.element_handle())
    assert photos.locator("a").get_attribute("href") == f"/photos/{approved.pk}.jpg"


def test_the_report_form_previews_the_chosen_photo_before_sending(page, resident, tmp_path):
    log_in(page, resident)
    page.goto(page.base_url + "/report/")
    preview = page.locator("#photo-preview")
    assert preview.is_hidden()
    chosen = tmp_path / "camera.jpg"
    chosen.write_bytes(jpeg_with_gps())
    page.set_input_files("#id_photo", str(chosen))
    preview.wait_for(state="visible")
    image = preview.locator("img")
    assert image.get_attribute("src").startswith("blob:")
    page.wait_for_function("img => img.complete && img.naturalWidth === 640", arg=image.element_handle())
    assert "Not sent yet" in preview.locator("figcaption").inner_text()
    assert not Photo.objects.exists()  # nothing left the browser
    page.set_input_files("#id_photo", [])
    assert preview.is_hidden()
