from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnterpriseListConfig(AppConfig):
    name = "enterprise_list"
    verbose_name = _("企业名录与项目")
