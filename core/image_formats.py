"""Rich-text image formats that keep alt text and never inline a heavy original (000 §3.5)."""

from django.utils.html import escape
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.images.formats import Format, register_image_format, unregister_image_format
from wagtail.images.shortcuts import get_rendition_or_not_found

from core.templatetags.portal_images import ZOOM_SPEC


class ZoomableFormat(Format):
    def image_to_html(self, image, alt_text, extra_attributes=None):
        on_front_end = extra_attributes is None
        html = super().image_to_html(image, alt_text or image.alt, extra_attributes)
        if on_front_end and image.is_large:
            zoom_url = get_rendition_or_not_found(image, ZOOM_SPEC).url
            title = escape(gettext("点击查看大图"))
            html = f'<a class="zoomable" href="{escape(zoom_url)}" data-zoom title="{title}">{html}</a>'
        return html


for name in ("fullwidth", "left", "right"):
    unregister_image_format(name)
register_image_format(ZoomableFormat("fullwidth", _("通栏"), "richtext-image full-width", "width-800"))
register_image_format(ZoomableFormat("left", _("居左"), "richtext-image left", "width-400"))
register_image_format(ZoomableFormat("right", _("居右"), "richtext-image right", "width-400"))
