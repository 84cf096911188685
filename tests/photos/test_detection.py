"""What detect() makes of what the cascades find: boxes in fractions of the image, a profile
seen either way, one box per face however many cascades found it, faces before plates.

The cascades are replaced by ones that answer with chosen boxes, so each rule is checked
exactly (tests/photos/test_redaction.py runs the real ones on real images)."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from mapsite.photos import redaction
from mapsite.photos.redaction import FRONTAL_CASCADE, PLATE_CASCADES, PROFILE_CASCADE, Box, detect

# Powers of two, so every box below is an exact fraction of the image.
WIDTH, HEIGHT = 512, 256


class Cascade:
    """A cascade that finds `found` in the image as given and `mirrored` in its mirror image."""

    def __init__(self, found=(), mirrored=()):
        self.found, self.mirrored = list(found), list(mirrored)

    def detectMultiScale(self, gray, **_options):
        # The test image is dark on the left: a mirrored copy is light there.
        return self.mirrored if gray[0, 0] > gray[0, -1] else self.found


def half_dark() -> Image.Image:
    pixels = np.full((HEIGHT, WIDTH, 3), 230, dtype=np.uint8)
    pixels[:, : WIDTH // 2] = 20
    return Image.fromarray(pixels)


def boxes_found(monkeypatch, **cascades: Cascade) -> list[tuple]:
    names = {"frontal": FRONTAL_CASCADE, "profile": PROFILE_CASCADE, "plate": PLATE_CASCADES[0]}
    by_name = {names[key]: cascade for key, cascade in cascades.items()}
    monkeypatch.setattr(redaction, "_cascade", lambda name: by_name.get(name, Cascade()))
    return [(b.source, b.x * WIDTH, b.y * HEIGHT, b.w * WIDTH, b.h * HEIGHT) for b in detect(half_dark())]


def test_boxes_are_fractions_of_the_image(monkeypatch):
    found = boxes_found(monkeypatch, frontal=Cascade([(64, 32, 128, 64)]))
    assert found == [("face", 64, 32, 128, 64)]
    assert detect(half_dark()) == [Box(0.125, 0.125, 0.25, 0.25, "face")]


def test_a_profile_facing_the_other_way_is_found_in_the_mirror_image_and_put_back(monkeypatch):
    # Found 16 px from the mirror image's left edge, 32 wide: 16 px from the real right edge.
    found = boxes_found(monkeypatch, profile=Cascade(mirrored=[(16, 100, 32, 40)]))
    assert found == [("face", WIDTH - 16 - 32, 100, 32, 40)]


def test_a_face_found_by_two_cascades_is_one_box(monkeypatch):
    found = boxes_found(
        monkeypatch,
        frontal=Cascade([(100, 50, 40, 40)]),
        profile=Cascade([(104, 52, 36, 36)], mirrored=[(WIDTH - 140, 50, 40, 40)]),  # the same face again
    )
    assert found == [("face", 100, 50, 40, 40)]


# Of the small box's 40 px across: 65% inside, exactly 60% (not "mostly": kept), 55%.
@pytest.mark.parametrize(("inside", "kept"), [(26, 1), (24, 2), (22, 2)])
def test_a_box_mostly_inside_a_bigger_one_of_its_kind_is_dropped(monkeypatch, inside, kept):
    big, small = (100, 50, 80, 80), (100 + 80 - inside, 60, 40, 40)
    found = boxes_found(monkeypatch, frontal=Cascade([small, big]))
    assert found[0] == ("face", *big)
    assert len(found) == kept


def test_a_plate_over_a_face_is_kept_and_faces_come_first_top_to_bottom(monkeypatch):
    found = boxes_found(
        monkeypatch,
        frontal=Cascade([(300, 120, 40, 40), (200, 10, 40, 40), (20, 10, 40, 40)]),
        plate=Cascade([(300, 120, 40, 20), (8, 8, 64, 16)]),
    )
    assert found == [
        ("face", 20, 10, 40, 40), ("face", 200, 10, 40, 40), ("face", 300, 120, 40, 40),
        ("plate", 8, 8, 64, 16), ("plate", 300, 120, 40, 20),
    ]


def test_the_image_is_searched_at_most_1024_pixels_across(monkeypatch):
    seen = []

    class Recording(Cascade):
        def detectMultiScale(self, gray, **options):
            seen.append(gray.shape)
            return [(256, 128, 64, 64)]

    monkeypatch.setattr(redaction, "_cascade", lambda name: Recording())
    big = half_dark().resize((2048, 1024))
    boxes = detect(big)
    assert set(seen) == {(512, 1024)}
    assert boxes[0] == Box(0.25, 0.25, 0.0625, 0.125, "face")


def test_a_cascade_missing_from_the_install_stops_the_photo():
    with pytest.raises(RuntimeError) as refused:
        redaction._cascade("no-such-cascade.xml")
    assert str(refused.value) == "OpenCV cascade no-such-cascade.xml could not be loaded"


def test_a_box_is_kept_to_four_decimals_a_fifth_of_a_pixel_on_the_largest_stored_image():
    assert Box(1 / 3, 2 / 3, 1 / 7, 1 / 9, "drawn").as_dict() == {
        "x": 0.3333, "y": 0.6667, "w": 0.1429, "h": 0.1111, "source": "drawn",
    }
