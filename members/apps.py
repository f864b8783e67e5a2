from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "members"
    label = "members"
    verbose_name = _("会员与身份")

    def ready(self):
        from members import signals  # noqa: F401
