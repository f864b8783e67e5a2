"""Whole-page cache for anonymous visitors, purged whenever content changes.

Wagtail pages are the same for every anonymous visitor, so the first rendering is kept and
served to the next ones (a few cache reads instead of ~20 queries and the template work).
Only GET/HEAD requests without a session cookie are served from it, and only responses of
Wagtail's page view (and of views marked ``cache_for_anonymous``: the marketplace, search, the FAQ, feeds ...)
that set no cookie and hold no CSRF token are stored, so a logged-in editor, a form with a CSRF token or a
password-protected page is never cached. Any page, image or site-settings change
bumps a version number that is part of every key: everything cached before is ignored.

With the default in-process cache each server process has its own copy, so a change reaches
other processes after at most PORTAL_PAGE_CACHE_SECONDS; with REDIS_URL it is immediate.
The response also carries `Cache-Control: s-maxage` for a CDN in front (purged on publish
by Wagtail's frontend cache app where one is configured).
"""

import hashlib
import uuid
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import Signal, receiver
from django.utils.cache import add_never_cache_headers, patch_cache_control, patch_vary_headers
from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

VERSION_KEY = "portal:page-cache:version"

# sent when a response comes from the cache (the view did not run): apps that record something per view
# (search statistics, say) keep what they need on the response and record it again here
served_from_cache = Signal()


def cache_for_anonymous(view=None, *, seconds=None, never_cache_otherwise=False):
    """Let the page cache keep this Django view's answers to anonymous visitors, as it does Wagtail pages.

    Only for views whose anonymous answer depends on nothing but the URL and the language, built from
    content whose changes purge the cache (pages, settings, images, or an app calling ``purge``).
    ``seconds`` (``@cache_for_anonymous(seconds=60)``): keep it at most that long, and let browsers keep it that
    long too (``max-age``), for figures that change on their own (the data screen) rather than on a purge.
    ``never_cache_otherwise``: every answer the page cache does not keep (a signed-in member's, with their own
    data) says ``never_cache`` (what such views said to everyone before they were cached for visitors).
    """
    if view is None:
        return lambda decorated: cache_for_anonymous(
            decorated, seconds=seconds, never_cache_otherwise=never_cache_otherwise)

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if never_cache_otherwise and not _eligible(request):
            add_never_cache_headers(response)
        return response

    wrapper.cache_for_anonymous = True
    wrapper.cache_seconds = seconds
    return wrapper


def purge(**kwargs):
    """Forget every cached page (called on content changes; other apps may call it too)."""
    cache.set(VERSION_KEY, uuid.uuid4().hex, None)


def version():
    """The content version every cached page's key (and core/fragments.py's keys) carries; ``purge`` changes it."""
    version = cache.get(VERSION_KEY)
    if version is None:
        version = uuid.uuid4().hex
        cache.add(VERSION_KEY, version, None)
        version = cache.get(VERSION_KEY, version)
    return version


def _key(request):
    vary = "|".join(request.COOKIES.get(name, "") for name in settings.PORTAL_PAGE_CACHE_VARY_COOKIES)
    raw = f"{request.get_host()}|{getattr(request, 'LANGUAGE_CODE', '')}|{vary}|{request.get_full_path()}"
    return f"portal:page-cache:{version()}:{hashlib.sha256(raw.encode()).hexdigest()}"


def _eligible(request):
    return (
        settings.PORTAL_PAGE_CACHE_SECONDS > 0
        and request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
    )


def _storable(request, response):
    match = getattr(request, "resolver_match", None)
    return (
        match is not None
        and (match.url_name == "wagtail_serve" or getattr(match.func, "cache_for_anonymous", False))
        and response.status_code == 200
        and not response.cookies
        # a CSRF token in the page (Django sets its cookie only further out): the next visitor's would not match
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not getattr(response, "streaming", False)
    )


def _lifetime(request):
    """(seconds the caches keep the answer, seconds a browser may): the view's own short lifetime when it has
    one (never longer than the site's), else the site's for shared caches and none for browsers."""
    seconds = settings.PORTAL_PAGE_CACHE_SECONDS
    own = getattr(request.resolver_match.func, "cache_seconds", None)
    if own:
        return min(own, seconds), min(own, seconds)
    return seconds, 0


class AnonymousPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _eligible(request):
            return self.get_response(request)
        key = _key(request)
        response = cache.get(key)
        if response is not None:
            response["X-Page-Cache"] = "hit"
            # what the access statistics count this view towards (kept with the cached response)
            request.portal_access_target = getattr(response, "portal_access_target", None)
            served_from_cache.send(sender=self.__class__, request=request, response=response)
            return response
        response = self.get_response(request)
        if _storable(request, response):
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
            seconds, max_age = _lifetime(request)
            patch_cache_control(response, public=True, max_age=max_age, s_maxage=seconds)
            # the language (and any other vary cookie) is chosen by cookie: a shared cache in front must keep
            # the Chinese and English copies apart as this cache does
            patch_vary_headers(response, ["Cookie"])
            response.portal_access_target = getattr(request, "portal_access_target", None)
            cache.set(key, response, seconds)
            response["X-Page-Cache"] = "miss"
        return response


@receiver(post_save)
@receiver(post_delete)
def _purge_on_model_change(sender, instance, **kwargs):
    from core.models import PortalSettings

    # apps above add their own models (members: financial institutions) by calling purge from their signals
    if isinstance(instance, PortalSettings) and kwargs.get("created"):
        return  # made with its defaults on first reading (Wagtail's for_site): pages read those defaults already
    # a new view restriction, too: a listing kept from before would still show the now private pages
    if isinstance(instance, (Page, PageViewRestriction, PortalSettings, get_image_model())):
        purge()


for signal in (page_published, page_unpublished, post_page_move):
    signal.connect(purge, dispatch_uid=f"portal-page-cache-{signal}")
