"""Small facts every page reads, kept in the cache until content changes (issue 23, speed at scale).

The main navigation, the sections under a view restriction (Wagtail's ``public()`` asks for them every time it
is called, several times per page) and a channel's years change only when content does. Each is computed once
and kept under the page cache's version (core/page_cache.py): any page, image, settings or view-restriction
change starts a new version, so nothing stale is read in the process that made the change; other processes
with the default in-process cache see it within PORTAL_CONTENT_CACHE_SECONDS, as they see pages within
PORTAL_PAGE_CACHE_SECONDS (with REDIS_URL at once).

``install()`` (core/apps.py) makes Wagtail's ``PageQuerySet.private_q`` and ``Page.get_view_restrictions`` read
the cached sections: the first filters every ``public()`` list, the second is the check Wagtail runs before
serving each page. A page inside a restricted section, or an alias, is still checked by Wagtail's own query.
"""

from django.conf import settings
from django.core.cache import cache
from django.db.models import Q

from core import page_cache

_MISSING = object()


def cached(name, compute):
    """``compute()``, kept until content changes (at most PORTAL_CONTENT_CACHE_SECONDS). ``name`` identifies the
    value (site, page, language ... where it depends on them); the value must pickle."""
    seconds = settings.PORTAL_CONTENT_CACHE_SECONDS
    if seconds <= 0:
        return compute()
    key = f"portal:content:{page_cache.version()}:{name}"
    value = cache.get(key, _MISSING)
    if value is _MISSING:
        value = compute()
        cache.set(key, value, seconds)
    return value


def restricted_sections():
    """[(path, depth)] of every page with a view restriction (password, login or groups): it and its
    descendants are not public."""
    from wagtail.models import PageViewRestriction

    return cached("restricted-sections", lambda: sorted(set(
        PageViewRestriction.objects.values_list("page__path", "page__depth"))))


def _private_q(queryset):
    q = Q()
    for path, depth in restricted_sections():
        q |= Q(path__startswith=path, depth__gte=depth)
    return q if q else Q(pk__in=[])  # as Wagtail's: no private section matches nothing


def install():
    from wagtail.models import Page, PageViewRestriction
    from wagtail.query import PageQuerySet

    wagtail_get_view_restrictions = Page.get_view_restrictions

    def get_view_restrictions(page):
        if page.alias_of_id is None and not any(page.path.startswith(path) for path, _ in restricted_sections()):
            return PageViewRestriction.objects.none()
        return wagtail_get_view_restrictions(page)

    PageQuerySet.private_q = _private_q
    Page.get_view_restrictions = get_view_restrictions
