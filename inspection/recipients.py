"""Who hears about a channel: the groups holding page rights on it (its department's editors and reviewers,
or those of its sub-channels) and the platform admins."""

from django.contrib.auth import get_user_model
from wagtail.models import GroupPagePermission, Page

from members import notify


def channel_editors(page):
    # depth > 2 leaves out the root and the home page, whose rights belong to site-wide groups
    pages = Page.objects.ancestor_of(page, inclusive=True).filter(depth__gt=2) | Page.objects.descendant_of(page)
    groups = GroupPagePermission.objects.filter(page__in=pages).values("group")
    return get_user_model().objects.filter(groups__in=groups, is_active=True).distinct()


def channel_recipients(page):
    users = {u.pk: u for u in channel_editors(page)}
    users.update({u.pk: u for u in notify.platform_admins()})
    return list(users.values())
