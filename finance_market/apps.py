from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FinanceMarketConfig(AppConfig):
    name = "finance_market"
    verbose_name = _("金融超市")

    def ready(self):
        from finance_market import figures, signals  # noqa: F401  (receivers)
        from finance_market.dashboard import summary_for
        from members.centre import is_enterprise, register_link, register_panel

        register_link(_("我的贷款申请"), "market_member:applications", order=40, visible=is_enterprise)
        register_link(_("购物车"), "market:cart", order=42, visible=is_enterprise)
        # 抢单: the published needs institutions may claim (also in the admin's 金融超市 menu)
        register_link(_("融资需求抢单"), "market:needs", order=45, visible=_is_institution_staff)
        register_panel("loan_applications", "finance_market/member/_dashboard.html", order=10, context=summary_for)
        # 谁查看了我的数据 lists the reads of application materials beside the reads under a data grant
        from finance_market.queries import material_view_entries
        from members.data_sharing import register_view_source

        register_view_source("application_materials", material_view_entries)


def _is_institution_staff(user):
    return getattr(user, "institution", None) is not None
