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
from finance_market.models.needs import EDITABLE_NEED_STATUSES
from finance_market.permissions import enterprise_of, user_institution
from members.models import MessageKind
from members.roles import is_platform_admin
from members.services import send_message


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


NEED_FIELDS = ("amount", "term_months", "purpose", "repayment_method")


@transaction.atomic
def update(need, by, **fields):
    """The enterprise changes its own need (F-NEED-3) until an institution claims it. A changed need goes
    back to platform review, so institutions only ever see reviewed text."""
    need = _locked(need)
    enterprise = enterprise_of(by)
    if enterprise is None or enterprise.pk != need.enterprise_id:
        raise TransitionError(_("只能修改本企业的需求。"))
    if need.status not in EDITABLE_NEED_STATUSES:
        raise TransitionError(_("该需求%(status)s，不能再修改。") % {"status": need.get_status_display()})
    old = {name: str(getattr(need, name)) for name in NEED_FIELDS}
    for name in NEED_FIELDS:
        setattr(need, name, fields[name])
    new = {name: str(getattr(need, name)) for name in NEED_FIELDS}
    changed = {name: [old[name], new[name]] for name in NEED_FIELDS if old[name] != new[name]}
    if not changed:
        return need
    need.status, need.review_note, need.reviewed_by = NeedStatus.PENDING, "", None
    need.updated_at = timezone.now()
    need.save()
    log(need, "finance_market.need_edit", user=by, data={"changed": changed})
    return need


@transaction.atomic
def enter_on_behalf(enterprise, by, *, amount, term_months, purpose, repayment_method, credit_status="",
                    anti_fraud_score=None):
    """A platform admin enters a need collected offline (F-NEED-4). The platform is the reviewer, so the need
    is published at once; the enterprise is told and can withdraw or edit it like its own."""
    if not is_platform_admin(by):
        raise TransitionError(_("只有平台管理员可以代企业录入融资需求。"))
    if not enterprise.is_certified:
        raise TransitionError(_("只能为已认证的企业录入融资需求。"))
    need = FinancingNeed.objects.create(
        enterprise=enterprise, amount=amount, term_months=term_months, purpose=purpose,
        repayment_method=repayment_method, credit_status=credit_status, anti_fraud_score=anti_fraud_score,
        status=NeedStatus.PUBLISHED, reviewed_by=by, entered_by=by)
    log(need, "finance_market.need_enter", user=by, data={"enterprise": enterprise.name})
    send_message(enterprise.account, _("平台已为贵企业录入融资需求"),
                 _("平台根据线下收集的信息为贵企业发布了融资需求（%(amount)s万元，%(term)s个月），"
                   "如有出入可在“融资需求”中修改或撤回。") % {"amount": f"{need.amount_wan:.2f}", "term": term_months},
                 kind=MessageKind.SYSTEM, link="/market/needs/", sender=by)
    return need


@transaction.atomic
def review(need, by, approve, note=""):
    """Platform review (F-NEED-2). 人民银行 supervisors read needs but do not review them."""
    if not is_platform_admin(by):
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
