"""Small pieces shared by the apps' Wagtail admin (modeladmin) registrations."""

from django.contrib.admin import AllValuesFieldListFilter
from django.utils.translation import gettext_lazy as _


class FilledValuesListFilter(AllValuesFieldListFilter):
    """Filter by the values a free-text field holds. Django shows a blank value as a link with no text, which
    screen readers announce as nothing (axe: link-name); here it reads 未填写."""

    def choices(self, changelist):
        for choice in super().choices(changelist):
            if choice["display"] == "":
                choice = {**choice, "display": _("未填写")}
            yield choice


class NoAdminChangesMixin:
    """For a modeladmin PermissionHelper whose records nobody creates, edits or deletes in the admin: logs are
    evidence, and applications, notices and the like change only through their lifecycle."""

    def user_can_create(self, user):
        return False

    def user_can_edit_obj(self, user, obj):
        return False

    def user_can_delete_obj(self, user, obj):
        return False
