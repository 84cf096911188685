"""Image files for upload tests, made in memory, and the one shipped photo with a face."""

from __future__ import annotations

import functools
import io
import struct
import zlib
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, Image, ImageCms, ImageDraw, ImageFont

XMP = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
    b'<rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" exif:GPSLatitude="22,19.16N"/>'
    b"</rdf:RDF></x:xmpmeta>"
)


def jpeg_with_gps(size: tuple[int, int] = (640, 480), orientation: int | None = None) -> bytes:
    """A JPEG carrying GPS EXIF, a camera serial number, an ICC profile and XMP."""
    image = Image.new("RGB", size, (200, 40, 40))
    image.paste((20, 20, 220), (0, 0, size[0] // 2, size[1] // 4))  # a marker in the top-left corner
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "SpyCam"
    exif[ExifTags.Base.Model] = "Model 7"
    if orientation:
        exif[ExifTags.Base.Orientation] = orientation
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (22.0, 19.0, 9.5)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (114.0, 10.0, 9.8)
    exif.get_ifd(ExifTags.IFD.Exif)[ExifTags.Base.BodySerialNumber] = "SN-123456789"
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif, icc_profile=icc, xmp=XMP, quality=90)
    return out.getvalue()


def png_bytes(size: tuple[int, int], mode: str = "RGB") -> bytes:
    out = io.BytesIO()
    Image.new(mode, size).save(out, format="PNG")
    return out.getvalue()


def webp_bytes(size: tuple[int, int] = (320, 240)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (10, 120, 10)).save(out, format="WEBP")
    return out.getvalue()


def gif_bytes(size: tuple[int, int] = (32, 32)) -> bytes:
    out = io.BytesIO()
    Image.new("P", size).save(out, format="GIF")
    return out.getvalue()


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def png_bomb(width: int = 100_000, height: int = 100_000) -> bytes:
    """A few hundred bytes claiming ten gigapixels: decoding it would eat the machine's memory."""
    row = b"\x00" + b"\x00" * ((width + 7) // 8)
    # Only a few rows of data: enough to look like a PNG; the header does the damage.
    idat = zlib.compress(row * 4, 9)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0))
        + _chunk(b"IDAT", idat)
        + _chunk(b"IEND", b"")
    )


def upload(name: str, data: bytes, content_type: str = "image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


@functools.lru_cache(maxsize=8)
def processed(data: bytes):
    """process_upload's result for these bytes. Processing is deterministic, and detection
    costs up to seconds on a busy machine: once per image per test run."""
    from mapsite.photos.processing import process_upload

    return process_upload(upload("a.jpg", data))


def stored_photo(camera, uploader, data: bytes | None = None, status: str = "pending"):
    """A Photo with its two files on disk, as the report form stores one."""
    from mapsite.photos.models import Photo
    from mapsite.photos.processing import write_new_file

    result = processed(data or jpeg_with_gps())
    return Photo.objects.create(
        camera=camera, uploader=uploader, status=status,
        image=write_new_file(result.full, written=[]), thumbnail=write_new_file(result.thumbnail, written=[]),
        width=result.width, height=result.height, boxes=result.boxes,
    )


DATA = Path(__file__).parent / "data"
# Where things are in the test images, in pixels (left, top, right, bottom), found by looking.
# Inside the face of the astronaut in data/astronaut.jpg (512 x 512): eyes, nose and mouth.
ASTRONAUT_FACE = (190, 85, 260, 155)
# Below the face and left of it: the flag and the suit, which nothing should blur.
ASTRONAUT_UNTOUCHED = (0, 300, 120, 500)
# The number plate street_with_plate() draws, on an image of PLATE_SCENE pixels.
PLATE_SCENE = (800, 500)
PLATE = (300, 308, 500, 352)


def astronaut_with_gps() -> bytes:
    """The astronaut photo (one face), carrying the GPS EXIF of jpeg_with_gps."""
    with Image.open(DATA / "astronaut.jpg") as image:
        exif = Image.open(io.BytesIO(jpeg_with_gps())).getexif()
        out = io.BytesIO()
        image.save(out, format="JPEG", exif=exif, quality=95)
    return out.getvalue()


WHITE_PLATE, YELLOW_PLATE = (245, 245, 245), (250, 210, 40)  # Hong Kong: white in front, yellow behind


def street_with_plate(text: str = "HK 8888", colour: tuple[int, int, int] = WHITE_PLATE) -> bytes:
    """A dark car body on a grey street with a plate of black characters at PLATE."""
    image = Image.new("RGB", PLATE_SCENE, (90, 100, 110))
    draw = ImageDraw.Draw(image)
    draw.rectangle((100, 150, 700, 450), fill=(40, 40, 60))
    left, top, right, bottom = PLATE
    draw.rectangle(PLATE, fill=colour, outline=(0, 0, 0), width=3)
    # Pillow's own font, so the image is the same on any machine.
    font = ImageFont.load_default(size=int((bottom - top) * 0.7))
    box = draw.textbbox((0, 0), text, font=font)
    x = left + (right - left - (box[2] - box[0])) / 2 - box[0]
    y = top + (bottom - top - (box[3] - box[1])) / 2 - box[1]
    draw.text((x, y), text, fill=(0, 0, 0), font=font)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()
