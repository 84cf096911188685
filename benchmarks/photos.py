"""How long finding and blurring faces and plates takes for a 12-megapixel photo.

    python -m benchmarks.photos [--runs 5] [--full]

Builds a 4000 x 3000 JPEG (the test astronaut, enlarged, beside a drawn car with a
number plate), then times, each `--runs` times after one warm-up:
- detect(): the cascades on the copy downscaled to DETECT_SIDE, boxes scaled back;
- process_upload(): the whole upload path (decode, detect, blur, two JPEG encodes).
`--full` also times the cascades once on the full-size image, to show what the
downscaling saves. Prints the figures and the machine's load average, since the
machine is shared.
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import time


def build_photo() -> bytes:
    from PIL import Image

    from tests.photos.factories import astronaut_with_gps, street_with_plate

    scene = Image.new("RGB", (4000, 3000), (120, 130, 140))
    with Image.open(io.BytesIO(astronaut_with_gps())) as face:
        scene.paste(face.convert("RGB").resize((1500, 1500), Image.Resampling.LANCZOS), (300, 400))
    with Image.open(io.BytesIO(street_with_plate())) as car:
        scene.paste(car.convert("RGB").resize((1600, 1000), Image.Resampling.LANCZOS), (2200, 1800))
    out = io.BytesIO()
    scene.save(out, format="JPEG", quality=90)
    return out.getvalue()


def timed(call, runs: int) -> tuple[list[float], object]:
    result = call()  # warm-up: loads the cascades
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        result = call()
        times.append(time.perf_counter() - start)
    return times, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--full", action="store_true", help="also time detection on the full-size image")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mapsite.settings")
    import django

    django.setup()
    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    from mapsite.photos import redaction
    from mapsite.photos.processing import process_upload

    data = build_photo()
    with Image.open(io.BytesIO(data)) as image:
        pixels = image.convert("RGB")
    print(f"photo: {pixels.width} x {pixels.height} ({pixels.width * pixels.height / 1e6:.1f} MP), "
          f"{len(data) / 1e6:.1f} MB JPEG; detection on a copy of at most {redaction.DETECT_SIDE} px")

    def report(name: str, times: list[float]) -> None:
        print(f"{name:<44} median {statistics.median(times):6.2f} s   min {min(times):6.2f} s   "
              f"max {max(times):6.2f} s   ({len(times)} runs)")

    times, boxes = timed(lambda: redaction.detect(pixels), args.runs)
    report("detect() (downscaled)", times)
    print("  found:", ", ".join(f"{b.source} at ({b.x:.2f}, {b.y:.2f}) {b.w:.2f} x {b.h:.2f}" for b in boxes))
    times, _ = timed(lambda: process_upload(SimpleUploadedFile("p.jpg", data, "image/jpeg")), args.runs)
    report("process_upload() (decode, detect, blur, encode)", times)
    if args.full:
        side = redaction.DETECT_SIDE
        redaction.DETECT_SIDE = 10**6
        try:
            times, _ = timed(lambda: redaction.detect(pixels), 1)
        finally:
            redaction.DETECT_SIDE = side
        report("detect() on the full-size image", times)
    print("load average (1, 5, 15 min):", " ".join(f"{v:.1f}" for v in os.getloadavg()), f"on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
