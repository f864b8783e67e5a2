"""融资需求 (F-NEED-1..3): publish → platform review → institutions browse and claim (抢单).

A claim opens an application for the claiming institution, already accepted, so from there it follows
the same lifecycle as any other application.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from finance_market import lifecycle
from finance_market.choices import ApplicationSource, NeedStatus
from finance_market.lifecycle import TransitionError
from finance_market.models import FinancingNeed
from finance_market.permissions import can_read_all, enterprise_of, user_institution
from site_portal.members.models import MessageKind
from site_portal.members.services import send_message


def _locked(need):
    return FinancingNeed.objects.select_for_update().select_related("enterprise__account").get(pk=need.pk)


@transaction.atomic
def publish(enterprise, by, *, amount, term_months, purpose, repayment_method):
    if not enterprise.is_certified:
        raise TransitionError(_("企业通过平台认证后才能发布融资需求。"))
    need = FinancingNeed.objects.create(enterprise=enterprise, amount=amount, term_months=term_months,
                                        purpose=purpose, repayment_method=repayment_method)
    log(need, "finance_market.need_publish", user=by)
    return need


@transaction.atomic
def review(need, by, approve, note=""):
    if not can_read_all(by):
        raise TransitionError(_("只有平台管理员可以审核融资需求。"))
    need = _locked(need)
    if need.status != NeedStatus.PENDING:
        raise TransitionError(_("只有待审核的需求可以审核。"))
    need.status = NeedStatus.PUBLISHED if approve else NeedStatus.REJECTED
    need.review_note, need.reviewed_by = note, by
    need.save(update_fields=["status", "review_note", "reviewed_by"])
    log(need, "finance_market.need_review", user=by, data={"approved": approve, "note": note})
    send_message(need.enterprise.account, _("融资需求审核结果：%s") % need.get_status_display(), note,
                 kind=MessageKind.REVIEW, link="/market/needs/", sender=by)
    return need


@transaction.atomic
def withdraw(need, by):
    need = _locked(need)
    enterprise = enterprise_of(by)
    if enterprise is None or enterprise.pk != need.enterprise_id:
        raise TransitionError(_("只能撤回本企业的需求。"))
    if need.status not in (NeedStatus.PENDING, NeedStatus.PUBLISHED):
        raise TransitionError(_("该需求当前不能撤回。"))
    need.status = NeedStatus.WITHDRAWN
    need.save(update_fields=["status"])
    log(need, "finance_market.need_withdraw", user=by)
    return need


@transaction.atomic
def claim(need, by):
    """抢单: the first institution to claim a published need gets it; returns the accepted application."""
    institution = user_institution(by)
    if institution is None:
        raise TransitionError(_("只有金融机构可以抢单。"))
    need = _locked(need)
    if need.status != NeedStatus.PUBLISHED:
        raise TransitionError(_("该需求已被抢单或已下架。"))
    need.status, need.claimed_by, need.claimed_at = NeedStatus.CLAIMED, institution, timezone.now()
    need.save(update_fields=["status", "claimed_by", "claimed_at"])
    enterprise = need.enterprise
    application = lifecycle.submit(
        enterprise=enterprise, institution=institution, need=need, by=by, amount=need.amount,
        term_months=need.term_months, purpose=need.purpose, repayment_method=need.repayment_method,
        contact_person=enterprise.contact_person, contact_phone=enterprise.contact_phone,
        source=ApplicationSource.NEED)
    application = lifecycle.apply_transition(application, "accept", by, note=_("机构抢单对接"))
    log(need, "finance_market.need_claim", user=by, data={"institution": institution.name})
    return application
