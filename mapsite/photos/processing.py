"""Checking and re-encoding uploaded photos.

A photo can give its taker away: EXIF carries GPS positions, times and camera
serial numbers; ICC profiles and XMP can carry more. So nothing of the upload
is kept but its pixels: they are decoded, turned upright, copied into a fresh
image that has no metadata, resized and written as a new JPEG. Before that,
faces and number plates found in them are blurred (mapsite/photos/redaction.py),
so no stored pixel, full size or thumbnail, shows what was found.

Checks run from cheapest to dearest, and the dimensions are read from the
header before any pixel is decoded, so a decompression bomb is refused
without ever being expanded in memory.
"""

from __future__ import annotations

import io
import logging
import secrets
import warnings
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

from mapsite.core.errors import Unavailable
from mapsite.photos import storage as photo_storage
from mapsite.photos.redaction import Box, blur, redact_detected

MAX_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000
ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP"}
FULL_SIZE = 2048
THUMB_SIZE = 400
JPEG_QUALITY = 85
PHOTO_DIR = "photos"

logger = logging.getLogger(__name__)


class PhotoNotKept(Unavailable):
    default_message = _(
        "The site could not store your photo just now, so nothing was saved. "
        "Please try again in a minute, and attach the photo again."
    )


@dataclass(frozen=True)
class ProcessedPhoto:
    full: bytes
    thumbnail: bytes
    width: int
    height: int
    # What the detector found and blurred, as redaction.Box.as_dict() gives them.
    boxes: list[dict] = field(default_factory=list)


def _refuse(message, code: str) -> ValidationError:
    return ValidationError(message, code=code)


def _encode(image: Image.Image, max_side: int) -> tuple[bytes, int, int]:
    copy = image.copy()
    copy.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    # No exif=, icc_profile= or comment: the written file carries pixels only.
    copy.save(out, format="JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    return out.getvalue(), copy.width, copy.height


def process_upload(upload) -> ProcessedPhoto:
    """Validate an uploaded file and return scrubbed JPEG bytes (full size and thumbnail).

    Raises ValidationError with a user-facing message; writes nothing to disk.
    """
    size = getattr(upload, "size", None)
    if not size:
        raise _refuse(_("The photo file is empty."), "empty")
    if size > MAX_BYTES:
        raise _refuse(_("The photo is larger than 10 MB."), "too_large")

    upload.seek(0)
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(upload) as probe:
                if probe.format not in ALLOWED_FORMATS:
                    raise _refuse(_("Only JPEG, PNG and WebP photos are accepted."), "format")
                width, height = probe.size
                if width < 1 or height < 1 or width * height > MAX_PIXELS:
                    raise _refuse(_("The photo is larger than 40 megapixels."), "too_many_pixels")
                # verify() walks the file's structure without decoding the pixels.
                probe.verify()
            # A verified image cannot be used again; open afresh to decode.
            upload.seek(0)
            with Image.open(upload) as image:
                if image.format not in ALLOWED_FORMATS or image.size != (width, height):
                    raise _refuse(_("The file is not a valid image."), "invalid")
                if image.format == "JPEG":
                    # Let the JPEG decoder scale down while decoding: big photos cost far less memory.
                    image.draft("RGB", (FULL_SIZE, FULL_SIZE))
                image.load()
                upright = ImageOps.exif_transpose(image)
                # Transparency of any kind (an alpha channel, or a palette's or an RGB or grey PNG's
                # colour key) is flattened onto white: the same photo looks the same however it was saved.
                if upright.mode in ("RGBA", "LA", "PA") or "transparency" in upright.info:
                    rgba = upright.convert("RGBA")
                    pixels = Image.new("RGB", rgba.size, (255, 255, 255))
                    pixels.paste(rgba, mask=rgba.getchannel("A"))
                else:
                    rgb = upright.convert("RGB")
                    # A fresh image: none of the upload's info (exif, icc_profile, xmp...) comes along.
                    pixels = Image.new("RGB", rgb.size)
                    pixels.paste(rgb)
        except ValidationError:
            raise
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise _refuse(_("The photo is larger than 40 megapixels."), "too_many_pixels") from exc
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError) as exc:
            raise _refuse(_("The file is not a valid image."), "invalid") from exc
        except MemoryError as exc:  # a hostile file that got past every earlier check
            raise _refuse(_("The file is not a valid image."), "invalid") from exc

    try:
        found = redact_detected(pixels)
    except Exception as exc:  # OpenCV raises its own cv2.error; whatever the fault, it stops the photo
        # Without the detector a photo would be stored with faces showing: keep nothing.
        logger.error("photo detector failed: %s", type(exc).__name__)
        raise PhotoNotKept() from exc
    full, out_w, out_h = _encode(pixels, FULL_SIZE)
    thumb, _w, _h = _encode(pixels, THUMB_SIZE)
    return ProcessedPhoto(full=full, thumbnail=thumb, width=out_w, height=out_h,
                          boxes=[box.as_dict() for box in found])


def redact_stored(relative: str, boxes: list[Box]) -> ProcessedPhoto:
    """The stored photo with these boxes blurred too, and a thumbnail rebuilt from it.

    Reads the stored file into memory and returns new bytes; writes nothing.
    """
    try:
        with photo_storage.open_for_reading(relative) as handle, Image.open(handle) as stored:
            stored.load()
            pixels = stored.convert("RGB")
    except (OSError, SyntaxError, ValueError) as exc:
        logger.error("stored photo unreadable: %s", type(exc).__name__)
        raise PhotoNotKept() from exc
    blur(pixels, boxes)
    # Already at most FULL_SIZE: re-encoded at its own size, so the boxes stay where they were drawn.
    full, out_w, out_h = _encode(pixels, FULL_SIZE)
    thumb, _w, _h = _encode(pixels, THUMB_SIZE)
    return ProcessedPhoto(full=full, thumbnail=thumb, width=out_w, height=out_h)


def media_path(relative: str) -> Path:
    return Path(settings.MEDIA_ROOT) / relative


def write_new_file(data: bytes, *, written: list[str]) -> str:
    """Store data under a fresh random name in photos/ of the photo storage; return the name.

    The name joins `written` before the file exists, so a write that fails half-way
    (a full disk) still leaves its name for the caller's clean-up. A storage fault is
    Unavailable (503): the photo could not be kept, and trying later will work.
    Names come from secrets, so they reveal nothing and cannot be guessed;
    The storage never overwrites an existing file (mapsite/photos/storage.py).
    """
    relative = f"{PHOTO_DIR}/{secrets.token_hex(16)}.jpg"
    written.append(relative)
    try:
        photo_storage.save(relative, data)
    except OSError as exc:
        logger.error("photo storage failed: %s", exc.strerror)
        raise PhotoNotKept() from exc
    return relative


def delete_files(relatives: list[str]) -> None:
    for relative in relatives:
        try:
            photo_storage.delete(relative)
        except OSError as exc:  # a read-only directory: the clean-up must not hide the first fault
            logger.error("photo clean-up failed: %s", exc.strerror)
