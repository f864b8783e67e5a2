"""Image rendering that enforces the graphic standards: alt text always, no heavy inline files."""

from django import template
from wagtail.images.shortcuts import get_rendition_or_not_found

register = template.Library()

ZOOM_SPEC = "max-1920x1920"


@register.inclusion_tag("site_portal/includes/picture.html")
def portal_image(image, spec="max-800x800", alt="", css_class="", zoom=True, eager=False):
    """Render a rendition of ``image`` as a ``<picture>``: WebP for browsers that take it, the original format
    (JPEG/PNG) otherwise; a file over the inline limit links to its larger version.

    The ``<img>`` never points at the original upload, so a 5 MB photo is never sent inline. Images load
    lazily except the one a page leads with (``eager``: the first home banner), which is fetched first.
    """
    if not image:
        return {"image": None}
    # an original lost from storage (a restore without media, a deleted file) shows Wagtail's "not found"
    # placeholder instead of failing the whole page with a 500
    rendition = get_rendition_or_not_found(image, spec)
    webp = get_rendition_or_not_found(image, f"{spec}|format-webp")
    zoom_url = get_rendition_or_not_found(image, ZOOM_SPEC).url if (zoom and image.is_large) else ""
    return {
        "image": image,
        "rendition": rendition,
        "webp": webp if webp.url != rendition.url else None,
        "alt": alt or image.alt,
        "css_class": css_class,
        "zoom_url": zoom_url,
        "eager": eager,
    }
