from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "site_portal.members"
    label = "members"
    verbose_name = _("会员与身份")

    def ready(self):
        from site_portal.members import signals  # noqa: F401
