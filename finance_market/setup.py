"""An institution's place in the page tree: its BankPage, its staff's rights on that subtree only, its
images collection, and the review workflow 机构审核 → 平台审核 (F-BANK-7), from core.channels.

The 机构审核 step belongs to the institution's 「·产品审核」 group and to the platform's level-1 admins: an
institution onboarded without a reviewer of its own still has a working chain on day one (the platform reviews
in its stead), and level 1, which may publish any page anyway, gains no right by it."""

from django.contrib.auth.models import Group
from django.db import transaction
from wagtail.models import WorkflowPage

from core.channels import (
    AUTHOR_PAGE_PERMISSIONS,
    collection_named,
    grant_collection_rights,
    grant_page_rights,
    review_workflow,
)
from finance_market.models import BankPage
from members.roles import LEVEL1, setup_institution_reviewers

PLATFORM_REVIEW = "平台审核"


def reviewers_group(institution):
    return setup_institution_reviewers(institution)


@transaction.atomic
def setup_bank(institution, bank_index, **page_fields):
    """Create (or find) the institution's BankPage under ``bank_index`` and give its group add/change
    rights there, with publishing through 机构审核 then 平台审核. Idempotent; returns the BankPage."""
    page = BankPage.objects.filter(institution=institution).first()
    if page is None:
        slug = f"bank-{(institution.identity_code or str(institution.pk)).lower()}"
        page = BankPage(title=institution.name, slug=slug, institution=institution, **page_fields)
        bank_index.add_child(instance=page)
        page.save_revision().publish()
    staff = institution.group
    grant_page_rights(staff, page, AUTHOR_PAGE_PERMISSIONS)
    reviewers = reviewers_group(institution)
    grant_page_rights(reviewers, page, AUTHOR_PAGE_PERMISSIONS)
    collection = collection_named(institution.name)
    for group in (staff, reviewers):
        grant_collection_rights(group, collection)
    platform, _ = Group.objects.get_or_create(name=LEVEL1)
    workflow = review_workflow(f"{institution.name}产品发布审核",
                               [(f"{institution.name}审核", [reviewers, platform]), (PLATFORM_REVIEW, platform)])
    WorkflowPage.objects.update_or_create(page=page, defaults={"workflow": workflow})
    return page
