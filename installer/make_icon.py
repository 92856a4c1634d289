"""Draw the program's icon: installer/icon.ico (Windows exe, installer, shortcuts) and installer/icon.png.

A red shield holding a white disc with a red cross, drawn with Pillow only (no font needed), supersampled for
smooth edges.
Run again after changing the design: .venv/bin/python installer/make_icon.py
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

HERE = Path(__file__).resolve().parent
RED = (198, 40, 40, 255)
DARK_RED = (142, 24, 24, 255)
WHITE = (255, 255, 255, 255)
SIZES = [16, 20, 24, 32, 40, 48, 64, 128, 256]
SCALE = 4  # drawn at 4x, then reduced


def shield(size: float, inset: float) -> list[tuple[float, float]]:
    """A shield outline in a size x size square: flat top with rounded shoulders, pointed bottom."""
    left, right, top = inset, size - inset, inset * 1.1
    mid = size / 2
    points: list[tuple[float, float]] = []
    # Top edge, slightly dipping in the middle like a heraldic shield.
    for i in range(21):
        t = i / 20
        x = left + (right - left) * t
        y = top + (size * 0.035) * (1 - (2 * t - 1) ** 2)
        points.append((x, y))
    # Right side down, then a curve to the point at the bottom.
    side_bottom = size * 0.52
    for i in range(1, 31):
        t = i / 30
        x = right - (right - mid) * t**1.8
        y = side_bottom + (size - inset - side_bottom) * t
        points.append((x, y))
    for i in range(1, 31):
        t = i / 30
        x = mid - (mid - left) * t ** (1 / 1.8)
        y = size - inset - (size - inset - side_bottom) * t
        points.append((x, y))
    points.append((left, top))
    return points


def draw(size: int) -> Image.Image:
    big = size * SCALE
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    pen.polygon(shield(big, big * 0.06), fill=DARK_RED)
    pen.polygon(shield(big, big * 0.11), fill=RED)
    # A white disc a little above the middle, and in it a red cross.
    cx, cy, radius = big / 2, big * 0.46, big * 0.27
    pen.ellipse((cx - radius, cy - radius, cx + radius, cy + radius), fill=WHITE)
    arm, length = big * 0.12, big * 0.34
    pen.rectangle((cx - arm / 2, cy - length / 2, cx + arm / 2, cy + length / 2), fill=RED)
    pen.rectangle((cx - length / 2, cy - arm / 2, cx + length / 2, cy + arm / 2), fill=RED)
    return image.resize((size, size), Image.Resampling.LANCZOS)


def main() -> None:
    largest = draw(256)
    largest.save(HERE / "icon.png", optimize=True)
    # Each size drawn on its own (a 16 px image reduced from 256 px comes out blurry).
    images = {size: draw(size) for size in SIZES}
    images[256].save(
        HERE / "icon.ico", sizes=[(s, s) for s in SIZES], append_images=[images[s] for s in SIZES if s != 256]
    )
    print(f"wrote {HERE / 'icon.ico'} ({(HERE / 'icon.ico').stat().st_size} bytes) and icon.png")


if __name__ == "__main__":
    main()
