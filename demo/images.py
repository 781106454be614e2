"""Pictures for the demo world, drawn with Pillow: a patterned square per product in its category's
colours, and a simple figure per artisan. No text (fonts may be missing), nothing downloaded; the same
key always gives the same picture."""

import io
import math
import random

from PIL import Image, ImageDraw

SIZE = 600

# Ground, main and accent colours per category slug.
PALETTES = {
    "mongolian-costume": ((24, 62, 120), (214, 170, 60), (190, 40, 45)),
    "tibetan-costume": ((120, 28, 32), (230, 190, 80), (30, 110, 90)),
    "embroidery": ((245, 236, 220), (200, 50, 80), (40, 120, 70)),
    "felt": ((236, 226, 205), (170, 110, 70), (90, 140, 170)),
    "leather": ((110, 70, 40), (200, 160, 110), (60, 35, 20)),
    "beadwork": ((28, 40, 60), (220, 60, 60), (60, 170, 200)),
    "salt-carving": ((200, 225, 240), (250, 250, 252), (150, 190, 215)),
    "thangka": ((150, 40, 30), (240, 200, 90), (40, 90, 150)),
}
PORTRAIT_GROUNDS = ((180, 205, 225), (225, 210, 180), (205, 225, 200), (230, 200, 200))


def _jpeg(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=80)
    return buffer.getvalue()


def _shade(colour, factor):
    return tuple(max(0, min(255, round(channel * factor))) for channel in colour)


def _stripes(draw, rng, main, accent):
    """Bands with a key-fret (回纹) row: robes and sashes."""
    y = 60
    while y < SIZE - 60:
        height = rng.choice((18, 30, 44))
        draw.rectangle((0, y, SIZE, y + height), fill=rng.choice((main, accent)))
        y += height + rng.choice((24, 40, 60))
    step = 40
    for x in range(0, SIZE, step):
        draw.line((x + 8, 290, x + 32, 290, x + 32, 314, x + 16, 314, x + 16, 302), fill=accent, width=5)


def _flowers(draw, rng, main, accent):
    """Petal rosettes on a light ground: embroidery."""
    for _ in range(7):
        cx, cy, r = rng.randint(80, 520), rng.randint(80, 520), rng.randint(36, 70)
        for petal in range(8):
            angle = petal * math.pi / 4
            px, py = cx + r * math.cos(angle) * 0.7, cy + r * math.sin(angle) * 0.7
            draw.ellipse((px - r / 2.4, py - r / 2.4, px + r / 2.4, py + r / 2.4), fill=main)
        draw.ellipse((cx - r / 3, cy - r / 3, cx + r / 3, cy + r / 3), fill=accent)
        draw.line((cx, cy + r, cx + rng.randint(-40, 40), cy + r + 60), fill=accent, width=6)


def _blobs(draw, rng, main, accent):
    """Soft round shapes: felt figures."""
    for _ in range(5):
        cx, cy, r = rng.randint(120, 480), rng.randint(140, 480), rng.randint(50, 110)
        draw.ellipse((cx - r, cy - r * 0.8, cx + r, cy + r * 0.8), fill=rng.choice((main, accent)))
        draw.ellipse((cx - r / 2, cy - r * 1.2, cx + r / 6, cy - r * 0.5), fill=_shade(main, 0.9))
        draw.ellipse((cx - 8, cy - 10, cx + 4, cy + 2), fill=(40, 30, 30))


def _stitched(draw, rng, main, accent):
    """A pouch shape with a stitched border: leather."""
    draw.rounded_rectangle((110, 150, 490, 500), radius=60, fill=main)
    draw.polygon(((110, 230), (300, 330), (490, 230), (490, 170), (110, 170)), fill=_shade(main, 0.85))
    for x in range(130, 480, 22):
        draw.line((x, 480, x + 10, 480), fill=accent, width=4)
    for y in range(190, 470, 22):
        draw.line((128, y, 128, y + 10), fill=accent, width=4)
        draw.line((472, y, 472, y + 10), fill=accent, width=4)
    draw.ellipse((285, 315, 315, 345), fill=accent)


def _beads(draw, rng, main, accent):
    """Strings of beads hanging in arcs: beadwork."""
    for string in range(4):
        depth = 160 + string * 70
        for i in range(26):
            t = i / 25
            x = 80 + t * 440
            y = 100 + depth * math.sin(t * math.pi)
            r = 11 if i % 5 else 16
            colour = accent if i % 5 == 0 else rng.choice((main, _shade(main, 1.2), (240, 240, 230)))
            draw.ellipse((x - r, y - r, x + r, y + r), fill=colour)


def _crystals(draw, rng, main, accent):
    """Faceted pale shapes: salt carvings."""
    for _ in range(9):
        cx, cy, r = rng.randint(90, 510), rng.randint(120, 520), rng.randint(40, 95)
        sides = rng.choice((5, 6, 7))
        offset = rng.random() * math.pi
        points = [
            (
                cx + r * math.cos(offset + k * 2 * math.pi / sides),
                cy + r * math.sin(offset + k * 2 * math.pi / sides),
            )
            for k in range(sides)
        ]
        draw.polygon(points, fill=rng.choice((main, accent)), outline=_shade(accent, 0.8))
        draw.line((cx, cy, *points[0]), fill=_shade(accent, 0.85), width=2)


def _mandala(draw, rng, main, accent):
    """Nested squares and circles: thangka."""
    centre = SIZE / 2
    for ring, colour in enumerate((main, accent, main, accent, main)):
        r = 250 - ring * 48
        if ring % 2:
            draw.rectangle((centre - r, centre - r, centre + r, centre + r), outline=colour, width=10)
        else:
            draw.ellipse((centre - r, centre - r, centre + r, centre + r), outline=colour, width=12)
    for k in range(8):
        angle = k * math.pi / 4
        x, y = centre + 150 * math.cos(angle), centre + 150 * math.sin(angle)
        draw.ellipse((x - 14, y - 14, x + 14, y + 14), fill=accent)
    draw.ellipse((centre - 40, centre - 40, centre + 40, centre + 40), fill=main)


MOTIFS = {
    "mongolian-costume": _stripes,
    "tibetan-costume": _stripes,
    "embroidery": _flowers,
    "felt": _blobs,
    "leather": _stitched,
    "beadwork": _beads,
    "salt-carving": _crystals,
    "thangka": _mandala,
}


def product_picture(*, key: str, category: str, variant: int = 0) -> bytes:
    """A JPEG for a product of this category; `variant` shifts the hue a little (a second view)."""
    ground, main, accent = PALETTES[category]
    rng = random.Random(f"{key}-{variant}")
    if variant:
        main, accent = accent, main
    image = Image.new("RGB", (SIZE, SIZE), ground)
    draw = ImageDraw.Draw(image)
    MOTIFS[category](draw, rng, main, accent)
    draw.rectangle((12, 12, SIZE - 13, SIZE - 13), outline=_shade(main, 0.8), width=6)
    return _jpeg(image)


def portrait_picture(*, key: str, robe: tuple[int, int, int]) -> bytes:
    """A simple figure (head, headscarf, robe) on a plain ground: an artisan's stand-in photo."""
    rng = random.Random(key)
    image = Image.new("RGB", (SIZE, SIZE), rng.choice(PORTRAIT_GROUNDS))
    draw = ImageDraw.Draw(image)
    draw.ellipse((-100, 420, SIZE + 100, 900), fill=(150, 160, 120))  # the grassland
    draw.polygon(((300, 250), (140, 600), (460, 600)), fill=robe)
    draw.rectangle((200, 380, 400, 400), fill=_shade(robe, 1.5))  # the sash
    draw.ellipse((235, 130, 365, 270), fill=(214, 170, 130))
    draw.chord((225, 110, 375, 260), start=180, end=360, fill=_shade(robe, 0.6))
    return _jpeg(image)
