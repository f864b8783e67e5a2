"""Generated demo images (no binary files in the repository)."""

import io
import random

from django.core.files.images import ImageFile
from PIL import Image as PILImage
from PIL import ImageDraw
from wagtail.images import get_image_model


def make_image_file(name, size=(1200, 600), colours=((166, 27, 27), (31, 78, 121)), noise=False, seed=0):
    """A PNG/JPEG with a diagonal gradient; ``noise`` makes it heavy (well over 100 KB)."""
    width, height = size
    image = PILImage.new("RGB", size)
    draw = ImageDraw.Draw(image)
    (r1, g1, b1), (r2, g2, b2) = colours
    for x in range(width):
        t = x / max(width - 1, 1)
        draw.line(
            [(x, 0), (x, height)], fill=(int(r1 + (r2 - r1) * t), int(g1 + (g2 - g1) * t), int(b1 + (b2 - b1) * t))
        )
    rng = random.Random(seed)
    for _ in range(12):
        x, y, r = rng.randrange(width), rng.randrange(height), rng.randrange(20, max(21, height // 3))
        draw.ellipse([x - r, y - r, x + r, y + r], outline=(255, 255, 255), width=3)
    if noise:
        image = PILImage.frombytes("RGB", size, rng.randbytes(width * height * 3))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG" if noise else "JPEG", quality=85)
    return ImageFile(buffer, name=name)


def demo_image(title, alt, collection=None, **kwargs):
    """Get or create the image titled ``title``."""
    Image = get_image_model()
    existing = Image.objects.filter(title=title).first()
    if existing:
        return existing
    suffix = "png" if kwargs.get("noise") else "jpg"
    fields = {"title": title, "description": alt, "file": make_image_file(f"{title}.{suffix}", **kwargs)}
    if collection is not None:
        fields["collection"] = collection
    return Image.objects.create(**fields)
