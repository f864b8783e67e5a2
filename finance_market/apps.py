from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FinanceMarketConfig(AppConfig):
    name = "finance_market"
    verbose_name = _("金融超市")

    def ready(self):
        from finance_market import signals  # noqa: F401
