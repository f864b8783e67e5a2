"""The working-day calendar's reminder to the platform: the calendar itself (core/workdays.py) knows no accounts."""

from django.utils.translation import gettext as _

from core.workdays import missing_schedule_years
from members import notify
from members.models import MessageKind


def warn_missing_schedule(today=None):
    """Tell platform admins (站内信, once per year, key ``holidays-missing:<year>``) when a coming year's
    holidays are unknown.

    Returns the years warned about. Run daily by django-q2 (see finance_market's schedules).
    """
    warned = []
    for year in missing_schedule_years(today):
        title = _("请录入%(year)s年法定节假日安排") % {"year": year}
        body = _(
            "系统日历尚无%(year)s年的节假日和调休安排，工作日按周一至周五计算。"
            "请在后台“工作日调整”中录入国务院公布的安排。"
        ) % {"year": year}
        notify.notify_once(f"holidays-missing:{year}", notify.platform_admins(), title, body,
                           kind=MessageKind.SYSTEM, link="/admin/site_portal/workdayoverride/")
        warned.append(year)
    return warned
