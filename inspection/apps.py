from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InspectionConfig(AppConfig):
    """Government website norms (国办秘函〔2019〕19号): freshness, links, interaction response, publishing guard."""

    name = "inspection"
    label = "inspection"
    verbose_name = _("网站检查")

    def ready(self):
        from core import guard as core_guard
        from inspection import guard, signals  # noqa: F401

        core_guard.register_reply_check(guard.check_reply)
