"""Content-Security-Policy: a strict policy for the public site, a looser one for the admin.

The public templates carry no inline script or style (the brand colours come from /theme.css,
confirmations from data-confirm in portal.js), so the public policy allows only our own origin.
Wagtail's admin still ships a few inline scripts and style attributes, so /admin/ (and the Django
admin) get 'unsafe-inline' for those two directives only; everything else stays as strict.
"""

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings

ADMIN_PREFIXES = ("/admin/", "/django-admin/")


class PortalCSPMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if report_only or not request.path_info.startswith(ADMIN_PREFIXES):
            return parts
        return PolicyParts(
            config=getattr(response, "_csp_config", None) or settings.PORTAL_ADMIN_CSP["DIRECTIVES"],
            update=parts.update, replace=parts.replace, nonce=parts.nonce,
        )
