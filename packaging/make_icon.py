"""Draws the application icon: a red tile with a yellow star above an open white book.

Writes ``resources/icons/trungtam.png`` (256 px, the window icon) and ``resources/icons/trungtam.ico``
(16–256 px, for the .exe, the installer and the shortcuts). The files are committed; run this again only
to change the drawing:

    python packaging/make_icon.py
"""

from __future__ import annotations

import math
from pathlib import Path

from PIL import Image, ImageDraw

ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons"
RED = (200, 16, 46, 255)
DARK_RED = (150, 10, 32, 255)
YELLOW = (255, 205, 0, 255)
WHITE = (255, 255, 255, 255)
PAGE_LINE = (200, 200, 200, 255)
ICO_SIZES = [(16, 16), (20, 20), (24, 24), (32, 32), (40, 40), (48, 48), (64, 64), (128, 128), (256, 256)]


def _star(cx: float, cy: float, outer: float, inner: float) -> list[tuple[float, float]]:
    points = []
    for i in range(10):
        radius = outer if i % 2 == 0 else inner
        angle = -math.pi / 2 + i * math.pi / 5
        points.append((cx + radius * math.cos(angle), cy + radius * math.sin(angle)))
    return points


def draw(size: int = 1024) -> Image.Image:
    """The icon at ``size`` px (drawn large, then scaled down for smooth edges)."""
    s = size / 256
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    pen.rounded_rectangle(
        (8 * s, 8 * s, 248 * s, 248 * s), radius=44 * s, fill=RED, outline=DARK_RED, width=round(4 * s)
    )
    pen.polygon(_star(128 * s, 88 * s, 62 * s, 25 * s), fill=YELLOW)
    # An open book: two pages meeting at the spine.
    left = [(40 * s, 160 * s), (124 * s, 172 * s), (124 * s, 222 * s), (40 * s, 208 * s)]
    right = [(132 * s, 172 * s), (216 * s, 160 * s), (216 * s, 208 * s), (132 * s, 222 * s)]
    pen.polygon(left, fill=WHITE)
    pen.polygon(right, fill=WHITE)
    for k in range(1, 3):
        y = 160 * s + k * 16 * s
        pen.line((52 * s, y + 2 * k * s, 114 * s, y + 11 * s + 2 * k * s), fill=PAGE_LINE, width=round(3 * s))
        pen.line(
            (142 * s, y + 11 * s + 2 * k * s, 204 * s, y + 2 * k * s), fill=PAGE_LINE, width=round(3 * s)
        )
    return image


def main() -> None:
    ICONS.mkdir(parents=True, exist_ok=True)
    big = draw()
    big.resize((256, 256), Image.Resampling.LANCZOS).save(ICONS / "trungtam.png", optimize=True)
    big.resize((256, 256), Image.Resampling.LANCZOS).save(ICONS / "trungtam.ico", sizes=ICO_SIZES)
    print(f"Wrote {ICONS / 'trungtam.png'} and {ICONS / 'trungtam.ico'}")


if __name__ == "__main__":
    main()
