"""Image files for upload tests, made in memory."""

from __future__ import annotations

import io
import struct
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, Image, ImageCms

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
