from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationsConfig(AppConfig):
    name = "consultations"
    verbose_name = _("咨询与留言")

    def ready(self):
        from consultations import signals  # noqa: F401  (cached pages forget the FAQ and 诉求直达 on change)
        from members.centre import is_enterprise, register_link

        register_link(_("我的咨询"), "consultations:index", order=50, visible=is_enterprise)
        register_link(_("投诉建议"), "complaints:index", order=60, visible=is_enterprise)
        register_link(_("提醒设置"), "consultations:alerts", order=110)
