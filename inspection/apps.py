from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InspectionConfig(AppConfig):
    """Government website norms (国办秘函〔2019〕19号): freshness, links, interaction response, publishing guard."""

    name = "inspection"
    label = "inspection"
    verbose_name = _("网站检查")

    def ready(self):
        from inspection import signals  # noqa: F401
