"""Draw the web app's icons with Pillow (shapes only, no font): a surveillance
camera on a bracket, white on the site's blue. The PNGs are committed; run this
again only to change them."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand
from PIL import Image, ImageDraw

from mapsite.offline.views import ICON_SIZES

BLUE = (24, 100, 171, 255)
WHITE = (255, 255, 255, 255)
OUT = Path(__file__).resolve().parents[2] / "static" / "offline" / "icons"


def draw(size: int, *, maskable: bool = False) -> Image.Image:
    # Drawn at 4x and scaled down, for smooth edges.
    big = size * 4
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    if maskable:
        pen.rectangle((0, 0, big, big), fill=BLUE)  # the platform cuts its own shape
        scale = 0.6  # inside the maskable safe zone (a circle of 80%)
    else:
        pen.rounded_rectangle((0, 0, big - 1, big - 1), radius=big // 6, fill=BLUE)
        scale = 0.78
    unit = big * scale / 100  # a 100-unit drawing, centred

    def box(x0, y0, x1, y1):
        off = (big - 100 * unit) / 2
        return (off + x0 * unit, off + y0 * unit, off + x1 * unit, off + y1 * unit)

    pen.rectangle(box(10, 20, 18, 80), fill=WHITE)  # the wall plate
    pen.rectangle(box(18, 46, 36, 54), fill=WHITE)  # the bracket
    pen.polygon([box(30, 30, 30, 30)[:2], box(84, 44, 84, 44)[:2], box(80, 66, 80, 66)[:2],
                 box(28, 54, 28, 54)[:2]], fill=WHITE)  # the body, tilted down
    pen.polygon([box(84, 44, 84, 44)[:2], box(94, 40, 94, 40)[:2], box(92, 72, 92, 72)[:2],
                 box(80, 66, 80, 66)[:2]], fill=WHITE)  # the lens hood
    lens = box(78, 50, 88, 60)
    pen.ellipse(lens, fill=BLUE)
    return image.resize((size, size), Image.Resampling.LANCZOS)


class Command(BaseCommand):
    help = "Draw the web app's icons into mapsite/offline/static/offline/icons/."

    def handle(self, *args, **options):
        OUT.mkdir(parents=True, exist_ok=True)
        for size in ICON_SIZES:
            draw(size).save(OUT / f"icon-{size}.png", optimize=True)
        draw(512, maskable=True).save(OUT / "maskable-512.png", optimize=True)
        self.stdout.write(f"Icons written to {OUT}")
