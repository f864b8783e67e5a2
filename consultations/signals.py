"""What visitors see of this app in cached pages (core.page_cache) is forgotten when it changes: the FAQ page
(entries and categories) and the home page's 诉求直达 (the newest consultations' addressee and status, and the
counts by status)."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from consultations.models import FAQ, Consultation, FAQCategory
from core import page_cache

# the fields of a consultation the home page shows (its addressee and its public status)
SHOWN_FIELDS = {"status", "institution", "institution_id", "expert", "expert_id", "department", "department_id",
                "to_experts"}


@receiver(post_save, sender=FAQ, dispatch_uid="consultations_faq_purges_page_cache")
@receiver(post_delete, sender=FAQ, dispatch_uid="consultations_faq_purges_page_cache_delete")
@receiver(post_save, sender=FAQCategory, dispatch_uid="consultations_faq_category_purges_page_cache")
@receiver(post_delete, sender=FAQCategory, dispatch_uid="consultations_faq_category_purges_page_cache_delete")
def purge_on_faq_change(sender, **kwargs):
    page_cache.purge()


@receiver(post_save, sender=Consultation, dispatch_uid="consultations_consultation_purges_page_cache")
@receiver(post_delete, sender=Consultation, dispatch_uid="consultations_consultation_purges_page_cache_delete")
def purge_on_consultation_change(sender, update_fields=None, **kwargs):
    """A new consultation, an answer, a transfer...; not the hourly overdue flag (saved alone)."""
    if update_fields is not None and not SHOWN_FIELDS & set(update_fields):
        return
    page_cache.purge()
