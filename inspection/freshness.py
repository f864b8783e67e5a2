"""Channel freshness (栏目更新): every channel has an expected update interval; the daily job tells the channel's
editors and the platform admins once when a channel is about to go stale and once when it has (keys
``freshness:wagtailcore.page:<pk>:<state>:<period start>`` in the notify-once ledger)."""

import datetime
from dataclasses import dataclass

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Page

from inspection.models import ChannelFreshness, FreshnessState
from inspection.recipients import channel_recipients
from members import notify


def channel_models():
    """Page types that are channels: they declare ``freshness_days`` (see core.pages.ListingIndexPage)."""
    return [m for m in apps.get_models() if issubclass(m, Page) and getattr(m, "freshness_days", None)]


def channel_pages():
    content_types = ContentType.objects.get_for_models(*channel_models()).values()
    return Page.objects.live().filter(content_type__in=content_types).order_by("path").specific()


@dataclass
class ChannelStatus:
    page: Page
    setting: ChannelFreshness
    last_published: datetime.datetime | None
    days_left: int
    state: str

    @property
    def cycle_start(self):
        """The day the current update period began: the last publication (or the channel's own)."""
        return timezone.localdate(self.last_published or self.page.first_published_at or timezone.now())

    @property
    def due_date(self):
        return self.cycle_start + datetime.timedelta(days=self.setting.interval_days)

    @property
    def notify_key(self):
        """One message per state per update period; a new article starts a new period."""
        return f"freshness:wagtailcore.page:{self.page.pk}:{self.state}:{self.cycle_start.isoformat()}"

    def get_state_display(self):
        return FreshnessState(self.state).label


def _setting_for(page):
    setting, _created = ChannelFreshness.objects.get_or_create(
        page=page, defaults={"interval_days": type(page).freshness_days})
    return setting


def channel_statuses(today=None, warn_days=3):
    today = today or timezone.localdate()
    channels = list(channel_pages())
    settings = {s.page_id: s for s in ChannelFreshness.objects.filter(page__in=[p.pk for p in channels])}
    index_types = ContentType.objects.get_for_models(*channel_models()).values()
    statuses = []
    for page in channels:
        setting = settings.get(page.pk) or _setting_for(page)
        last = (Page.objects.live().descendant_of(page).exclude(content_type__in=index_types)
                .aggregate(last=Max("first_published_at"))["last"])
        start = timezone.localdate(last or page.first_published_at or timezone.now())
        days_left = setting.interval_days - (today - start).days
        if days_left < 0:
            state = FreshnessState.OVERDUE
        elif days_left <= warn_days:
            state = FreshnessState.DUE_SOON
        else:
            state = FreshnessState.OK
        statuses.append(ChannelStatus(page, setting, last, days_left, state))
    return statuses


def _notify(status):
    if status.state == FreshnessState.OVERDUE:
        title = _("栏目超期未更新：%(channel)s 已超过 %(days)d 天未发布新内容") % {
            "channel": status.page.title, "days": status.setting.interval_days}
        body = _("该栏目已超过更新周期 %(late)d 天。政府网站检查中，动态、政策栏目超期未更新属于单项否决，"
                 "请尽快发布。") % {"late": -status.days_left}
    else:
        title = _("栏目即将超期：%(channel)s 还剩 %(days)d 天") % {
            "channel": status.page.title, "days": status.days_left}
        body = _("请在 %(date)s 前发布新内容。") % {"date": status.due_date.strftime("%Y-%m-%d")}
    link = reverse("wagtailadmin_explore", args=[status.page.pk])
    return notify.notify_once(status.notify_key, channel_recipients(status.page), title, body, link=link)


def check_freshness(today=None, warn_days=3):
    """Message each channel once per state it enters (due soon, overdue) in an update period (notify-once
    ledger); a fresh publication starts a new period. ``notified_state`` shows the admins the state last
    messaged. Returns the statuses that were messaged now."""
    messaged = []
    for status in channel_statuses(today, warn_days):
        if status.state == FreshnessState.OK:
            if status.setting.notified_state != FreshnessState.OK:
                _show_notified(status.setting, FreshnessState.OK)
            continue
        with transaction.atomic():
            if _notify(status):
                _show_notified(status.setting, status.state)
                messaged.append(status)
    return messaged


def _show_notified(setting, state):
    ChannelFreshness.objects.filter(pk=setting.pk).update(notified_state=state, notified_at=timezone.now())
