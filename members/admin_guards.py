"""Wagtail admin views that only level-1 platform admins may open.

Wagtail's 站点历史 (site history) filters entries by model permission, so an institution's
staff, who may change their own FinancialInstitution record, would see the history of every
institution. The site-wide operation log is the platform's to read; everyone else reads the
history of the pages and records they can edit from those objects' own history views.
"""

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.urls import path
from wagtail.admin.views.reports.audit_logging import LogEntriesView

from members.roles import is_platform_admin


def platform_admins_only(view):
    """403 for anyone signed in but not a platform admin; an anonymous visitor is sent to sign in first,
    as everywhere else in the admin."""

    def guarded(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), settings.WAGTAILADMIN_LOGIN_URL)
        if not is_platform_admin(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return guarded


# Mounted before Wagtail's own admin URLs, so these paths resolve here first.
guarded_admin_urls = [
    path("reports/site-history/", platform_admins_only(LogEntriesView.as_view()), name="guarded_site_history"),
    path(
        "reports/site-history/results/",
        platform_admins_only(LogEntriesView.as_view(results_only=True)),
        name="guarded_site_history_results",
    ),
]
