"""Reactions to members' events: a new institution gets its bank page; a cancelled account's applications
keep what banks and statistics need, without the person's data."""

import logging

from django.dispatch import receiver
from django.utils.translation import gettext as _

from members.signals import account_cancelled, institution_created

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
