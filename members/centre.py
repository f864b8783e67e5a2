"""The member centre's menu (/member/): a registry each app fills in its AppConfig.ready, so members (layer 1)
links to pages of the apps above it without importing them.

    register_link(_("我的咨询"), "consultations:index", order=50, visible=is_enterprise)

The template asks ``links_for(user)`` (``{% member_centre_links as links %}``) and draws them in ``order``.

The overview page (/member/) is a dashboard built the same way: an app registers a panel, a template and a
function that gives its context for a user (``None``: nothing to show), and the overview draws them in order.

    register_panel("applications", "finance_market/member/_dashboard.html", order=10, context=summary_for)
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse

_LINKS = {}
_PANELS = {}


@dataclass(frozen=True)
class CentreLink:
    label: str
    url_name: str
    order: int
    icon: str = ""
    visible: Callable | None = None  # visible(user) -> bool; None: every signed-in user
    badge: Callable | None = None  # badge(user) -> a number shown next to the label when not 0

    @property
    def url(self):
        return reverse(self.url_name)


def register_link(label, url_name, order, icon="", visible=None, badge=None):
    """Add a link to the member centre's menu (registering the same ``url_name`` again replaces it)."""
    _LINKS[url_name] = CentreLink(label, url_name, order, icon, visible, badge)


@dataclass(frozen=True)
class DashboardPanel:
    template: str
    order: int
    context: Callable  # context(user) -> dict for the template, or None when the panel has nothing to show


def register_panel(key, template, order, context):
    """Add a panel to the member centre's overview (registering the same ``key`` again replaces it)."""
    _PANELS[key] = DashboardPanel(template, order, context)


def panels_for(user):
    """(template, context) of the overview's panels for ``user``, in order."""
    shown = []
    for panel in sorted(_PANELS.values(), key=lambda panel: panel.order):
        context = panel.context(user)
        if context is not None:
            shown.append((panel.template, context))
    return shown


def unregister_link(url_name):
    _LINKS.pop(url_name, None)


def links_for(user):
    """The links ``user`` may see, in menu order, each with its badge value (0 when it has none)."""
    links = sorted(_LINKS.values(), key=lambda link: (link.order, link.url_name))
    return [(link, link.badge(user) if link.badge else 0)
            for link in links if link.visible is None or link.visible(user)]


def is_enterprise(user):
    return user.is_enterprise


def unread_messages(user):
    return user.inbox_messages.filter(is_read=False).count()


def can_open_admin(user):
    return user.has_perm("wagtailadmin.access_admin")
