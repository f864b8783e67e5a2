"""网站地图: the HTML page /sitemap/ for people and /sitemap.xml for crawlers, both listing every public page.

The Wagtail page tree gives the channels and articles; the views that are not Wagtail pages (金融超市, 在线咨询,
常见问题, 数据概览 …) are named in ``PUBLIC_VIEWS`` once, for both. Addresses in the XML carry the host the
request came to when the page belongs to the Wagtail site serving it (the demo's Site is a catch-all
``localhost:80``, which is never where the portal is reached), so a crawler gets links it can follow.
"""

from collections import defaultdict

from django.contrib.sitemaps import Sitemap
from django.db.models import Q
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import cache_control
from wagtail.contrib.sitemaps import Sitemap as WagtailSitemap
from wagtail.contrib.sitemaps.views import sitemap as wagtail_sitemap_view
from wagtail.models import Page, Site

from core.page_cache import cache_for_anonymous

# (section, [(label, url name)]): what the HTML sitemap lists besides the page tree
PUBLIC_VIEWS = [
    (_("金融服务"), [
        (_("金融超市"), "market:market"),
        (_("我要贷款"), "market:match"),
        (_("贷款计算器"), "market:calculator"),
        (_("融资需求"), "market:needs"),
        (_("企业自检"), "home:selfcheck"),
    ]),
    (_("互动交流"), [
        (_("在线咨询"), "consultations:index"),
        (_("常见问题"), "consultations:faq"),
        (_("专家库"), "consultations:experts"),
        (_("留言板"), "board:index"),
        (_("投诉建议"), "complaints:index"),
    ]),
    (_("数据与检索"), [
        (_("数据概览"), "data:overview"),
        (_("数据大屏"), "data:screen"),
        (_("站内搜索"), "search:search"),
    ]),
    (_("会员"), [
        (_("登录"), "accounts:login"),
        (_("企业注册"), "accounts:register"),
        (_("会员中心"), "members:home"),
    ]),
]

# what a crawler may read without signing in (the others lead to the login page)
CRAWLABLE = ["market:market", "market:calculator", "home:selfcheck", "consultations:index", "consultations:faq",
             "consultations:experts", "board:index", "complaints:index", "data:overview", "data:screen", "home:sitemap"]


def _request_origin(request):
    return f"{request.scheme}://{request.get_host()}"


class PageSitemap(WagtailSitemap):
    """Wagtail's page sitemap, with the request's host for the pages of the site that serves the request."""

    def items(self):
        """Wagtail's pages without ``specific()``: no page type here changes ``get_sitemap_urls``, so the base rows
        give the same addresses and dates, in one query instead of one per type and chunk (10,000 pages: 25
        queries and seconds of model building before)."""
        return (
            self.get_wagtail_site().root_page.get_descendants(inclusive=True).live().public().order_by("path")
            .only("url_path", "path", "depth", "locale_id", "last_published_at", "latest_revision_created_at")
        )

    def get_urls(self, page=1, site=None, protocol=None):
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        serving = Site.find_for_request(self.request)
        if serving is None:
            return urls
        root, origin = serving.root_url, _request_origin(self.request)
        for url in urls:
            if url["location"] == root or url["location"].startswith(root + "/"):
                url["location"] = origin + url["location"][len(root):]
        return urls


class PublicViewSitemap(Sitemap):
    """The public pages that are views rather than Wagtail pages."""

    changefreq = "daily"

    def __init__(self, request):
        self.request = request

    def items(self):
        return CRAWLABLE

    def location(self, item):
        return reverse(item)

    def get_urls(self, page=1, site=None, protocol=None):
        origin = _request_origin(self.request)
        return [{"location": origin + self.location(item), "lastmod": None, "changefreq": self.changefreq,
                 "priority": "", "alternates": [], "item": item} for item in self.items()]


@cache_for_anonymous  # built from the page tree alone (purged on publish): 10,000 pages take seconds to list
def sitemap_xml(request):
    return wagtail_sitemap_view(request, sitemaps={"pages": PageSitemap(request),
                                                   "views": PublicViewSitemap(request)})


@cache_control(max_age=300, public=True)
def sitemap_page(request):
    """网站地图: the channels of the page tree two levels deep, then the portal's services."""
    site = Site.find_for_request(request) or Site.objects.filter(is_default_site=True).first()
    channels = []
    if site is not None:
        # two queries whatever the number of channels: the top level, then every page below it that is in the
        # menus or has pages of its own (the sub-channels; not the thousands of articles beside them)
        root, fields = site.root_page, ("title", "url_path", "path", "depth", "show_in_menus", "numchild")
        top = root.get_children().live().public().in_menu().only(*fields)
        below = defaultdict(list)
        for page in (Page.objects.live().public().descendant_of(root).filter(depth=root.depth + 2)
                     .filter(Q(show_in_menus=True) | Q(numchild__gt=0)).order_by("path").only(*fields)):
            below[page.path[:-Page.steplen]].append(page)
        for page in top:
            children = [child for child in below[page.path] if child.show_in_menus]
            channels.append((page, children or [child for child in below[page.path] if child.numchild > 0]))
    sections = [(title, [(label, reverse(name)) for label, name in links]) for title, links in PUBLIC_VIEWS]
    return render(request, "home/sitemap.html", {"channels": channels, "sections": sections})
