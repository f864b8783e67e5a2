"""Generated demo images (no binary files in the repository)."""

import io
import random

from django.core.files.images import ImageFile
from PIL import Image as PILImage
from PIL import ImageDraw
from wagtail.images import get_image_model


def _mix(a, b, t):
    return tuple(int(x + (y - x) * t) for x, y in zip(a, b, strict=True))


def _illustration(size, colours, seed):
    """A calm city illustration: a sky between the two colours, a sun, hills and a skyline with lit windows."""
    width, height = size
    top, bottom = colours
    sky_top, sky_bottom = _mix(top, (255, 255, 255), .15), _mix(bottom, (255, 255, 255), .55)
    image = PILImage.new("RGB", size)
    draw = ImageDraw.Draw(image)
    for y in range(height):
        draw.line([(0, y), (width, y)], fill=_mix(sky_top, sky_bottom, y / max(height - 1, 1)))
    rng = random.Random(seed)
    sun_x, sun_r = rng.randrange(width // 6, width * 5 // 6), max(12, height // 9)
    draw.ellipse([sun_x - sun_r, height // 5 - sun_r, sun_x + sun_r, height // 5 + sun_r], fill=(255, 236, 196))
    for band, shade in ((0.62, .25), (0.72, .4)):  # two rows of hills, the nearer one darker
        base = int(height * band)
        points = [(0, height)] + [(x, base + int(height * .05 * rng.random())) for x in range(0, width + 80, 80)]
        draw.polygon(points + [(width, height)], fill=_mix(bottom, (40, 60, 70), shade))
    x = 0
    while x < width:  # the skyline
        w, h = rng.randrange(width // 30 + 10, width // 12 + 20), rng.randrange(height // 6, height // 2)
        colour = _mix(top, (30, 40, 55), .35 + .4 * rng.random())
        draw.rectangle([x, height - h, x + w, height], fill=colour)
        for wy in range(height - h + 8, height - 6, 14):
            for wx in range(x + 5, x + w - 6, 10):
                if rng.random() < .35:
                    draw.rectangle([wx, wy, wx + 4, wy + 6], fill=(255, 226, 150))
        x += w + rng.randrange(0, 12)
    return image


LOGO_COLOURS = [(166, 27, 27), (31, 78, 121), (30, 110, 70), (200, 120, 30), (90, 60, 140)]


def make_logo_file(name, seed=0):
    """A small PNG emblem for a demo bank: a coloured disc with a white band and a ring (no text: no CJK font
    is assumed on the machine)."""
    colour = LOGO_COLOURS[seed % len(LOGO_COLOURS)]
    image = PILImage.new("RGBA", (120, 120), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse([4, 4, 116, 116], fill=colour + (255,))
    draw.ellipse([22, 22, 98, 98], outline=(255, 255, 255, 255), width=7)
    band = [(30, 52), (90, 52), (90, 68), (30, 68)] if seed % 2 else [(52, 30), (68, 30), (68, 90), (52, 90)]
    draw.polygon(band, fill=(255, 255, 255, 255))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return ImageFile(buffer, name=name)


def make_image_file(name, size=(1200, 600), colours=((166, 27, 27), (31, 78, 121)), noise=False, seed=0):
    """A small JPEG illustration (sky, hills, a skyline); ``noise`` makes a heavy PNG of random pixels instead,
    for tests of the inline-size limit only."""
    width, height = size
    rng = random.Random(seed)
    buffer = io.BytesIO()
    if noise:
        PILImage.frombytes("RGB", size, rng.randbytes(width * height * 3)).save(buffer, format="PNG")
    else:
        _illustration(size, colours, seed).save(buffer, format="JPEG", quality=80, optimize=True, progressive=True)
    return ImageFile(buffer, name=name)


def demo_image(title, alt, collection=None, **kwargs):
    """Get or create the image titled ``title``; a demo picture left by an older seed as a noise PNG is redrawn
    as an illustration (and its renditions dropped)."""
    Image = get_image_model()
    suffix = "png" if kwargs.get("noise") else "jpg"
    existing = Image.objects.filter(title=title).first()
    if existing:
        if suffix == "jpg" and not kwargs.get("logo") and existing.file.name.lower().endswith(".png"):
            existing.renditions.all().delete()
            existing.file = make_image_file(f"{title}.jpg", **kwargs)
            existing._set_image_file_metadata()
            existing.save()
        return existing
    if kwargs.pop("logo", False):
        suffix, file = "png", make_logo_file(f"{title}.png", seed=kwargs.get("seed", 0))
    else:
        file = make_image_file(f"{title}.{suffix}", **kwargs)
    fields = {"title": title, "description": alt, "file": file}
    if collection is not None:
        fields["collection"] = collection
    return Image.objects.create(**fields)
