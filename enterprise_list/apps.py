from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnterpriseListConfig(AppConfig):
    name = "enterprise_list"
    verbose_name = _("企业名录与项目")

    def ready(self):
        from members.centre import is_enterprise, register_link

        register_link(_("拟上市企业信息申报"), "enterprise_list:listing_plan", order=70, visible=is_enterprise)
