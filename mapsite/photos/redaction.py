"""Finding and blurring what could identify someone in a photo: faces and number plates.

A photo of a camera can catch a passer-by, a reflection or a parked car. Before a
photo is stored, OpenCV's bundled Haar cascades look for faces (frontal and
profile) and number plates, and every box found is destroyed: pixelated into a
few coarse blocks, then blurred again, over the box padded on every side. What
the detector misses, the uploader and the moderator can box by hand before a
moderator approves the photo (a photo is never public before that).

Boxes are (x, y, w, h) as fractions of the image's width and height, so they
stay true for the full image, the thumbnail and the browser's scaled display.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageFilter

# The detector runs on a copy no longer than this: a 12-megapixel photo costs
# about a tenth of the time, and faces smaller than the cascades' 24-pixel window
# at this scale are too small to recognise in the stored 2048-pixel image anyway.
DETECT_SIDE = 1024
# Each detected box grows by this fraction of its size on every side: cascades
# frame the face tightly, leaving hair, ears and chin.
DETECT_PADDING = 0.2
# The longer side of a blurred region keeps at most this many blocks.
BLOCKS_ACROSS = 8
MIN_BLOCK = 8

# alt2 rather than frontalface_default: on the test images both found every frontal face,
# and default also "found" faces in a helmet's reflections and in brickwork.
FRONTAL_CASCADE = "haarcascade_frontalface_alt2.xml"
PROFILE_CASCADE = "haarcascade_profileface.xml"
PLATE_CASCADES = ("haarcascade_russian_plate_number.xml",)


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    w: float
    h: float
    source: str  # "face", "plate" or "drawn"

    def as_dict(self) -> dict:
        return {"x": round(self.x, 4), "y": round(self.y, 4), "w": round(self.w, 4), "h": round(self.h, 4),
                "source": self.source}

    def padded(self, fraction: float) -> Box:
        x0, y0 = max(0.0, self.x - self.w * fraction), max(0.0, self.y - self.h * fraction)
        x1, y1 = min(1.0, self.x + self.w * (1 + fraction)), min(1.0, self.y + self.h * (1 + fraction))
        return Box(x0, y0, x1 - x0, y1 - y0, self.source)

    def pixels(self, width: int, height: int) -> tuple[int, int, int, int]:
        """The box in pixels (left, top, right, bottom), rounded outwards: never smaller than asked."""
        # The slack keeps float noise (0.6 * 500 = 300.00000000000006) from adding a pixel.
        left, top = math.floor(self.x * width + 1e-6), math.floor(self.y * height + 1e-6)
        right = math.ceil((self.x + self.w) * width - 1e-6)
        bottom = math.ceil((self.y + self.h) * height - 1e-6)
        return max(0, left), max(0, top), min(width, max(right, left + 1)), min(height, max(bottom, top + 1))


@functools.cache
def _cascade(name: str):
    import cv2  # imported on first use: the site starts without paying for OpenCV

    classifier = cv2.CascadeClassifier(cv2.data.haarcascades + name)
    if classifier.empty():  # a broken install must not let photos through unchecked
        raise RuntimeError(f"OpenCV cascade {name} could not be loaded")
    return classifier


def _find(gray, names: tuple[str, ...], *, min_size: tuple[int, int], neighbours: int) -> list:
    found = []
    for name in names:
        found.extend(_cascade(name).detectMultiScale(gray, scaleFactor=1.1, minNeighbors=neighbours,
                                                     minSize=min_size))
    return found


def detect(image: Image.Image) -> list[Box]:
    """Faces and number plates in an RGB image, as boxes (unpadded), faces first."""
    import cv2

    small = image.convert("L")
    small.thumbnail((DETECT_SIDE, DETECT_SIDE), Image.Resampling.BILINEAR)
    gray = cv2.equalizeHist(np.asarray(small))
    width, height = small.size
    boxes = []
    # A face seen in profile faces either way; the profile cascade knows only one side.
    mirrored = np.ascontiguousarray(gray[:, ::-1])
    faces = list(_find(gray, (FRONTAL_CASCADE, PROFILE_CASCADE), min_size=(24, 24), neighbours=5))
    faces += [(width - x - w, y, w, h)
              for x, y, w, h in _find(mirrored, (PROFILE_CASCADE,), min_size=(24, 24), neighbours=5)]
    plates = _find(gray, PLATE_CASCADES, min_size=(36, 12), neighbours=3)
    for source, found in (("face", faces), ("plate", plates)):
        for x, y, w, h in found:
            boxes.append(Box(int(x) / width, int(y) / height, int(w) / width, int(h) / height, source))
    return _dedupe(boxes)


def _dedupe(boxes: list[Box]) -> list[Box]:
    """Drop a box lying mostly inside another of its kind (two cascades finding one face)."""
    kept: list[Box] = []
    for box in sorted(boxes, key=lambda b: -(b.w * b.h)):
        if not any(k.source == box.source and _overlap(box, k) > 0.6 * box.w * box.h for k in kept):
            kept.append(box)
    return sorted(kept, key=lambda b: (b.source, b.y, b.x))


def _overlap(a: Box, b: Box) -> float:
    w = min(a.x + a.w, b.x + b.w) - max(a.x, b.x)
    h = min(a.y + a.h, b.y + b.h) - max(a.y, b.y)
    return max(0.0, w) * max(0.0, h)


def blur(image: Image.Image, boxes: list[Box]) -> None:
    """Destroy the pixels inside each box, in place.

    Pixelating to a few blocks keeps no detail finer than a block; the Gaussian
    after it smears the blocks' edges, which a de-pixelation attack would read.
    """
    for box in boxes:
        left, top, right, bottom = box.pixels(image.width, image.height)
        region = image.crop((left, top, right, bottom))
        block = max(MIN_BLOCK, math.ceil(max(region.width, region.height) / BLOCKS_ACROSS))
        coarse = region.resize((max(1, round(region.width / block)), max(1, round(region.height / block))),
                               Image.Resampling.BOX)
        region = coarse.resize(region.size, Image.Resampling.NEAREST).filter(ImageFilter.GaussianBlur(block))
        image.paste(region, (left, top))


def redact_detected(image: Image.Image) -> list[Box]:
    """Find faces and plates, blur them (padded) in place, and return the padded boxes."""
    boxes = [box.padded(DETECT_PADDING) for box in detect(image)]
    blur(image, boxes)
    return boxes
