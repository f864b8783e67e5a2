from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    # the label of old: tables, content types, permissions, migration history and
    # WAGTAILIMAGES_IMAGE_MODEL = "site_portal.PortalImage" stay as they are
    label = "site_portal"
    verbose_name = _("门户基础")

    def ready(self):
        from django.conf import settings
        from django.db.models.signals import post_migrate
        from PIL import Image

        from core import fragments, page_cache  # noqa: F401  (page_cache connects the purge signals)
        from core.db_statistics import analyze_after_migrate
        from core.spreadsheets import guard_wagtail_exports
        from core.translation import flatten_fallbacks

        # renditions too refuse decompression bombs: Pillow raises beyond twice this many pixels
        Image.MAX_IMAGE_PIXELS = settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS
        flatten_fallbacks()
        fragments.install()  # Wagtail's public() and view-restriction check read the cached sections
        post_migrate.connect(analyze_after_migrate, dispatch_uid="portal-analyze-after-migrate")
        guard_wagtail_exports()  # Wagtail's admin ?export=csv/xlsx write user text as text
