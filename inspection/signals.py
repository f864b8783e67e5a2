"""The last line of the publishing guard: a workflow approval publishes inside Wagtail's atomic ``on_action``,
so raising here rolls the approval and the publication back together. Only active during admin requests
(see middleware.PublishGuardMiddleware): imports, demo data and scheduled go-lives are not interrupted."""

from contextvars import ContextVar

from django.dispatch import receiver
from wagtail.signals import page_published

from inspection import guard

guard_active = ContextVar("publish_guard_active", default=False)


@receiver(page_published)
def refuse_blocked_content(sender, instance, **kwargs):
    if guard_active.get():
        guard.check_page(instance)
