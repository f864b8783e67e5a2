"""The working-day calendar's reminder to the platform: the calendar itself (core/workdays.py) knows no accounts."""

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext as _

from core.workdays import missing_schedule_years
from members.models import Message, MessageKind
from members.roles import LEVEL1
from members.services import send_message


def warn_missing_schedule(today=None):
    """Tell platform admins (站内信, once per year) when a coming year's holidays are unknown.

    Returns the years warned about. Run daily by django-q2 (see finance_market's schedules).
    """
    warned = []
    admins = get_user_model().objects.filter(Q(is_superuser=True) | Q(groups__name=LEVEL1), is_active=True).distinct()
    for year in missing_schedule_years(today):
        title = _("请录入%(year)s年法定节假日安排") % {"year": year}
        body = _(
            "系统日历尚无%(year)s年的节假日和调休安排，工作日按周一至周五计算。"
            "请在后台“工作日调整”中录入国务院公布的安排。"
        ) % {"year": year}
        for admin in admins:
            if not Message.objects.filter(recipient=admin, title=title).exists():
                send_message(admin, title, body, kind=MessageKind.SYSTEM, link="/admin/site_portal/workdayoverride/")
        warned.append(year)
    return warned
