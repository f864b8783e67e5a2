"""Jobs run by django-q2 (schedules created by migration 0002_schedules)."""

from django.utils import timezone
from wagtail.models import Site

from inspection import freshness, interaction, links
from inspection.models import InspectionSettings


def current_settings():
    site = Site.objects.filter(is_default_site=True).first()
    return InspectionSettings.for_site(site) if site else InspectionSettings()


def daily_inspection(today=None):
    """Freshness alerts and interaction escalations; both message once per state, so reruns are harmless."""
    settings = current_settings()
    now = timezone.now()
    messaged = freshness.check_freshness(today, warn_days=settings.warn_days_before)
    escalated = interaction.escalate(now, days=settings.interaction_working_days)
    return {"channels": len(messaged), "escalated": len(escalated)}


def nightly_link_check():
    run = links.check_links(current_settings())
    return {"pages": run.pages_checked, "broken": run.broken}
