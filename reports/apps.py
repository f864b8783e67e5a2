from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatisticsConfig(AppConfig):
    """统计报表 (DESIGN §9): application reports, access statistics, staff workload, 数据概览."""

    name = "reports"
    label = "statistics"
    verbose_name = _("统计报表")
    default_auto_field = "django.db.models.BigAutoField"
