"""Simple abstract pictures drawn with Pillow, so that sample practices have images to show."""

import random
from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw

# (name, RGB) pairs; the names go into the alternative text.
PALETTES = (
    (("deep blue", (31, 64, 122)), ("sky blue", (120, 176, 222)), ("yellow", (246, 199, 68))),
    (("dark green", (34, 94, 60)), ("light green", (152, 204, 120)), ("orange", (236, 136, 52))),
    (("plum", (92, 44, 96)), ("pink", (232, 150, 170)), ("cream", (250, 236, 200))),
    (("teal", (22, 110, 116)), ("sand", (226, 204, 160)), ("coral", (238, 110, 90))),
    (("slate", (60, 70, 84)), ("turquoise", (80, 190, 190)), ("lime", (200, 226, 90))),
)
SHAPES = ("circles", "stripes", "hills")


def abstract_picture(seed, width=960, height=640):
    """A JPEG upload (SimpleUploadedFile) of an abstract picture, and its alternative text."""
    rng = random.Random(seed)
    (dark_name, dark), (light_name, light), (accent_name, accent) = rng.choice(PALETTES)
    # A vertical gradient from the dark to the light colour.
    mask = Image.linear_gradient("L").resize((width, height))
    picture = Image.composite(Image.new("RGB", (width, height), light), Image.new("RGB", (width, height), dark), mask)
    draw = ImageDraw.Draw(picture)
    shape = rng.choice(SHAPES)
    if shape == "circles":
        count = rng.randint(3, 7)
        for index in range(count):
            radius = rng.randint(height // 10, height // 3)
            x, y = rng.randint(0, width), rng.randint(0, height)
            draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=accent if index % 2 else light)
        what = f"{count} overlapping {accent_name} and {light_name} circles"
    elif shape == "stripes":
        count = rng.randint(4, 9)
        for index in range(count):
            x = index * width // count + rng.randint(-20, 20)
            draw.polygon(
                [(x, height), (x + width // (2 * count), height), (x + width // 3, 0), (x + width // 4, 0)],
                fill=accent if index % 2 else light,
            )
        what = f"{count} slanting {accent_name} and {light_name} stripes"
    else:
        count = rng.randint(2, 4)
        for index in range(count):
            base = height * (index + 2) // (count + 2)
            points = [(0, height)] + [(x, base + rng.randint(-60, 60)) for x in range(0, width + 1, width // 8)]
            draw.polygon([*points, (width, height)], fill=accent if index % 2 == 0 else light)
        what = f"{count} layers of rolling {accent_name} and {light_name} hills"
    buffer = BytesIO()
    picture.save(buffer, "JPEG", quality=88)
    alt_text = f"Abstract sample illustration: {what} on a {dark_name} background."
    return SimpleUploadedFile(f"sample-{seed}.jpg", buffer.getvalue(), content_type="image/jpeg"), alt_text
