"""Reactions to members' events: a new institution gets its bank page; a cancelled account's applications
keep what banks and statistics need, without the person's data; a bank's staff hear of 数据授权 given or revoked."""

import logging

from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from members import notify
from members.signals import account_cancelled, data_grant_given, data_grant_revoked, institution_created

logger = logging.getLogger(__name__)


@receiver(institution_created, dispatch_uid="finance_market_bank_page_for_new_institution")
def create_bank_page(sender, institution, user=None, **kwargs):
    """An institution added in the admin gets its BankPage under the 金融机构 index at once (idempotent)."""
    from finance_market.models import BankIndexPage
    from finance_market.setup import setup_bank

    index = BankIndexPage.objects.order_by("path").first()
    if index is None:
        logger.warning("No BankIndexPage: %s gets no bank page until setup_bank() runs", institution)
        return None
    return setup_bank(institution, index)


@receiver(account_cancelled, dispatch_uid="finance_market_anonymise_cancelled_account")
def anonymise_applications(sender, user, enterprise=None, by=None, **kwargs):
    """Keep the applications (amounts, statuses, decisions, notices: the banks' and 人民银行's records and the
    statistics) but drop the person: contact name and phone, free-text extra fields and uploaded materials.
    Open applications are withdrawn, open needs too, and the cart is emptied."""
    from finance_market import lifecycle, needs
    from finance_market.choices import OPEN_STATUSES, NeedStatus
    from finance_market.models import ApplicationAttachment, CartItem, FinancingNeed, LoanApplication

    if enterprise is None:
        return
    applications = LoanApplication.objects.filter(enterprise=enterprise)
    for application in applications.filter(status__in=OPEN_STATUSES):
        # through the state machine, as the enterprise (still active at this point): history, log, bank told
        lifecycle.apply_transition(application, "withdraw", user, note=_("企业账号已注销"))
    applications.update(contact_person=_("（已注销）"), contact_phone="", extra_data={})
    attachments = ApplicationAttachment.objects.filter(application__enterprise=enterprise)
    for attachment in attachments:
        attachment.file.delete(save=False)
    attachments.delete()
    CartItem.objects.filter(enterprise=enterprise).delete()
    for need in FinancingNeed.objects.filter(enterprise=enterprise, status__in=[NeedStatus.PENDING,
                                                                                NeedStatus.PUBLISHED]):
        needs.withdraw(need, user)  # as the enterprise, like its applications: each withdrawal in the audit log


@receiver(data_grant_given, dispatch_uid="finance_market_tell_bank_of_data_grant")
def tell_bank_of_grant(sender, data_grant, **kwargs):
    """The bank's staff learn that they may read the enterprise's data, and until when (企业画像 linked)."""
    notify.send(
        notify.institution_staff(data_grant.institution_id), _("企业授权贵机构查看其数据"),
        _("%(enterprise)s 授权贵机构查看其详细数据（财务、信用记录等），有效期至 %(until)s。") % {
            "enterprise": data_grant.enterprise.name, "until": f"{data_grant.valid_until:%Y-%m-%d}"},
        link=reverse("market_admin:enterprise_profile", args=[data_grant.enterprise_id]))


@receiver(data_grant_revoked, dispatch_uid="finance_market_tell_bank_of_data_revoke")
def tell_bank_of_revoke(sender, data_grant, **kwargs):
    """The bank's staff learn at once that the enterprise's data is closed to them."""
    notify.send(
        notify.institution_staff(data_grant.institution_id), _("企业撤销了数据授权"),
        _("%(enterprise)s 已于 %(time)s 撤销对贵机构的数据授权，贵机构不能再查看其详细数据。") % {
            "enterprise": data_grant.enterprise.name,
            "time": f"{timezone.localtime(data_grant.revoked_at):%Y-%m-%d %H:%M}"},
        link=reverse("market_admin:granted_enterprises"))
