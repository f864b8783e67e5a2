"""Cart checkout: one application per product, attachments into the private store, exactly once.

The form carries a token (uuid4) made when the checkout page was shown. Applications store it, with a
unique (enterprise, token, product) constraint: a second POST of the same form — a double click, a
reload, a concurrent request — finds the first one's applications (or hits the constraint) and creates
nothing.
"""

import os

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from finance_market import lifecycle
from finance_market.models import ApplicationAttachment, CartItem, LoanApplication
from members import data_sharing
from members.models import GrantSource


def attach(application, uploads, by):
    """Keep ``uploads`` with ``application`` in the private store (ApplicationAttachment), not in Wagtail's
    文档 library: served only by finance_market.views.member.attachment, to those who may read the application."""
    for upload in uploads:
        # the name on the uploader's computer (the stored file gets a fresh one)
        ApplicationAttachment.objects.create(application=application, file=upload,
                                             filename=os.path.basename(upload.name)[:255],
                                             size=upload.size or 0, uploaded_by=by)


def grant_institutions(enterprise, by, institutions, months):
    """精准授权 ticked on the form: each bank applied to may read the enterprise's data for ``months``."""
    until = data_sharing.end_of_period(months or data_sharing.DEFAULT_PERIOD)
    for institution in sorted(institutions, key=lambda institution: institution.pk):
        if not institution.is_active:  # a bank switched off meanwhile is not given access
            continue
        data_sharing.grant(enterprise, institution, valid_until=until, by=by, source=GrantSource.APPLICATION)


def already_submitted(enterprise, token):
    return list(LoanApplication.objects.filter(enterprise=enterprise, checkout_token=token).order_by("pk"))


def checkout(enterprise, by, entries, common, token):
    """Submit ``entries`` [(product, cleaned product form, labels)] with the ``common`` cleaned data.

    Returns (applications, created): created is False when this token was already used.
    """
    existing = already_submitted(enterprise, token)
    if existing:
        return existing, False
    collateral = ",".join(common.get("collateral") or [])
    try:
        with transaction.atomic():
            applications = []
            for product, cleaned, labels in entries:
                extra = {labels[key]: str(value) for key, value in cleaned.items()
                         if key in labels and value not in (None, "")}
                application = lifecycle.submit(
                    enterprise=enterprise, institution=product.institution, product=product, by=by,
                    amount=common["amount"], term_months=common["term_months"], purpose=common["purpose"],
                    repayment_method=common["repayment_method"], guarantee_offered=collateral,
                    is_first_loan=common["is_first_loan"], contact_person=common["contact_person"],
                    contact_phone=common["contact_phone"], extra_data=extra, checkout_token=token,
                )
                attach(application, cleaned.get("attachments") or [], by)
                applications.append(application)
            CartItem.objects.filter(enterprise=enterprise, product__in=[p for p, *_ in entries]).delete()
            if common.get("grant_data"):
                grant_institutions(enterprise, by, {a.institution for a in applications}, common.get("grant_months"))
    except IntegrityError:
        existing = already_submitted(enterprise, token)
        if not existing:
            raise
        return existing, False
    return applications, True


def summary(applications):
    return _("已提交 %(n)s 份申请：%(refs)s") % {"n": len(applications),
                                            "refs": "、".join(a.reference for a in applications)}
