"""Access decorators for the front-end pages of enterprise accounts (every app above members uses these)."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.translation import gettext as _


def enterprise_required(view):
    """Only enterprise accounts with their enterprise: anonymous visitors go to the login page (with ``next``),
    other accounts (banks, departments, platform staff: they work in the admin) get 403.

    The view is called as ``view(request, enterprise, *args, **kwargs)``."""

    @wraps(view)
    @login_required
    def wrapped(request, *args, **kwargs):
        enterprise = getattr(request.user, "enterprise", None) if request.user.is_enterprise else None
        if enterprise is None:
            raise PermissionDenied(_("只有企业账号可以访问此页面。"))
        return view(request, enterprise, *args, **kwargs)

    return wrapped


def certified_enterprise_required(view):
    """Applying for loans, publishing needs, reporting a listing plan: a certified enterprise only; an
    uncertified one is sent to the member centre with a warning. The view is called as ``view(request, ...)``."""

    @wraps(view)
    @enterprise_required
    def wrapped(request, enterprise, *args, **kwargs):
        if not enterprise.is_certified:
            messages.warning(request, _("企业通过平台认证后才能办理此业务。"))
            return redirect("members:home")
        return view(request, *args, **kwargs)

    return wrapped
