"""精准授权 in one place: granting and revoking an institution's access to an enterprise's detailed data, the
question "may this user read it now", and the log of every read (谁查看了我的数据).

Access is decided on every request from the grants themselves (DataGrant.objects.live()), so a revocation
ends it at once and an expired grant at the end of its last day; nothing is cached.
"""

import calendar
import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from members.models import DataGrant, DataView, GrantSource
from members.roles import user_institution
from members.signals import data_grant_given, data_grant_revoked

# the periods an enterprise chooses from (months)
PERIODS = (3, 6, 12)
DEFAULT_PERIOD = 6


class GrantError(Exception):
    """The grant cannot be made or changed; the message is shown to the enterprise."""


def end_of_period(months, start=None):
    """The last day of a grant of ``months`` months starting ``start`` (today): the day before the same day
    ``months`` later (a 6-month grant from 2026-03-15 runs to 2026-09-14; month ends are clamped)."""
    start = start or timezone.localdate()
    month = start.month - 1 + months
    year, month = start.year + month // 12, month % 12 + 1
    day = min(start.day, calendar.monthrange(year, month)[1])
    return datetime.date(year, month, day) - datetime.timedelta(days=1)

@transaction.atomic
def grant(enterprise, institution, *, valid_until, by, source=GrantSource.CENTRE):
    """Let ``institution`` read ``enterprise``'s data until ``valid_until`` (inclusive). A live grant to the
    same institution is extended (never shortened) instead of doubled, so granting twice changes nothing."""
    today = timezone.localdate()
    if valid_until < today:
        raise GrantError(_("有效期不能早于今天。"))
    if not institution.is_active:
        raise GrantError(_("该金融机构已停用，不能授权。"))
    current = (DataGrant.objects.select_for_update().live(today)
               .filter(enterprise=enterprise, institution=institution).order_by("-valid_until").first())
    if current is not None:
        if valid_until > current.valid_until:
            current.valid_until = valid_until
            current.save(update_fields=["valid_until"])
            log(current, "members.data_grant", user=by, data={"valid_until": valid_until.isoformat()})
            data_grant_given.send(sender=DataGrant, data_grant=current, by=by)
        return current
    created = DataGrant.objects.create(enterprise=enterprise, institution=institution, valid_from=today,
                                       valid_until=valid_until, source=source, granted_by=by)
    log(created, "members.data_grant", user=by, data={"valid_until": valid_until.isoformat()})
    data_grant_given.send(sender=DataGrant, data_grant=created, by=by)
    return created


@transaction.atomic
def revoke(data_grant, by):
    """End the grant now (a second revoke changes nothing)."""
    locked = DataGrant.objects.select_for_update().get(pk=data_grant.pk)
    if locked.revoked_at is None:
        locked.revoked_at, locked.revoked_by = timezone.now(), by
        locked.save(update_fields=["revoked_at", "revoked_by"])
        log(locked, "members.data_revoke", user=by)
        data_grant_revoked.send(sender=DataGrant, data_grant=locked, by=by)
    return locked


def live_grant(enterprise, institution):
    """The grant under which ``institution`` may read ``enterprise``'s data today, or None."""
    if enterprise is None or institution is None:
        return None
    return (DataGrant.objects.live().filter(enterprise=enterprise, institution=institution)
            .order_by("-valid_until").first())


@dataclass(frozen=True)
class Access:
    """What ``user`` may read of ``enterprise``'s detailed data: ``grant`` when allowed, else ``refusal``, the
    sentence the page shows instead of the data."""

    grant: DataGrant | None
    refusal: str = ""

    @property
    def allowed(self):
        return self.grant is not None


def access_for(user, enterprise):
    """Institution staff read the data under their institution's live grant; nobody else reads it through
    this path (the platform sees imported records in its own admin list)."""
    institution = user_institution(user)
    if institution is None:
        return Access(None, _("企业的经营数据和外部信用记录仅向获得企业授权的金融机构展示。"))
    current = live_grant(enterprise, institution)
    if current is not None:
        return Access(current)
    last = DataGrant.objects.filter(enterprise=enterprise, institution=institution).order_by("-granted_at").first()
    if last is None:
        refusal = _("该企业未授权贵机构查看其经营数据和外部信用记录。")
    elif last.revoked_at is not None:
        refusal = _("该企业已于 %(when)s 撤销对贵机构的数据授权，不能再查看其经营数据和外部信用记录。") % {
            "when": timezone.localtime(last.revoked_at).strftime("%Y-%m-%d %H:%M")}
    else:
        refusal = _("该企业对贵机构的数据授权已于 %(day)s 到期，不能再查看其经营数据和外部信用记录。") % {
            "day": last.valid_until.strftime("%Y-%m-%d")}
    return Access(None, refusal)


def log_view(user, enterprise, access, kind, detail=""):
    """Write one read of ``enterprise``'s data under ``access`` (call it when the data is shown)."""
    name = (user.get_full_name() or user.get_username())[:150]
    institution = access.grant.institution if access.grant else user_institution(user)
    return DataView.objects.create(enterprise=enterprise, institution=institution, grant=access.grant, viewer=user,
                                   viewer_name=name, kind=kind, detail=detail[:100])


# ---------------------------------------------------------------- 谁查看了我的数据: one list, several logs

@dataclass(frozen=True)
class ViewEntry:
    """One line of the enterprise's 谁查看了我的数据."""

    viewed_at: datetime.datetime
    institution: str
    viewer: str
    what: str


_VIEW_SOURCES = {}
VIEW_LOG_LIMIT = 500  # the newest reads of each source; older ones stay in the tables for the platform


def register_view_source(key, entries):
    """Add another log of reads of an enterprise's data to 谁查看了我的数据 (an app above members registers it in
    its AppConfig.ready): ``entries(enterprise, limit)`` -> [ViewEntry], newest first."""
    _VIEW_SOURCES[key] = entries


def _data_view_entries(enterprise, limit):
    return [ViewEntry(view.viewed_at, view.institution.name if view.institution else "", view.viewer_name,
                      f"{view.get_kind_display()}（{view.detail}）" if view.detail else str(view.get_kind_display()))
            for view in enterprise.data_views.select_related("institution")[:limit]]


def view_log(enterprise, limit=VIEW_LOG_LIMIT):
    """Every logged read of ``enterprise``'s data (grants' reads here, and each registered source), newest first."""
    entries = _data_view_entries(enterprise, limit)
    for source in _VIEW_SOURCES.values():
        entries.extend(source(enterprise, limit))
    return sorted(entries, key=lambda entry: entry.viewed_at, reverse=True)[:limit]
