"""Reactions to members' events: a new institution gets its bank page; a cancelled account's applications
keep what banks and statistics need, without the person's data."""

import logging

from django.dispatch import receiver

from site_portal.members.signals import institution_created

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
