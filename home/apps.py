from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = _("首页")

    def ready(self):
        from members.centre import register_link

        register_link(_("企业自检"), "home:selfcheck", order=90)
