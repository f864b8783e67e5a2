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
