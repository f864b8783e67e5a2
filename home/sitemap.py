"""网站地图: the HTML page /sitemap/ for people and /sitemap.xml for crawlers, both listing every public page.

The Wagtail page tree gives the channels and articles; the views that are not Wagtail pages (金融超市, 在线咨询,
常见问题, 数据概览 …) are named in ``PUBLIC_VIEWS`` once, for both. Addresses in the XML carry the host the
request came to when the page belongs to the Wagtail site serving it (the demo's Site is a catch-all
``localhost:80``, which is never where the portal is reached), so a crawler gets links it can follow.
"""

import re
from collections import defaultdict
from urllib.parse import quote

from django.db.models import Q
from django.db.models.functions import Coalesce, TruncDate
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.http import RFC3986_SUBDELIMS
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import cache_control
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


SITEMAP_HEAD = ('<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
                'xmlns:xhtml="http://www.w3.org/1999/xhtml">\n')
PLAIN_PATH = re.compile(r"[A-Za-z0-9_\-/]*\Z")  # what neither URL quoting nor HTML escaping changes
SITEMAP_LIMIT = 50_000  # URLs per sitemap page (?p=2 ...), the protocol's limit and Django's


def _page_rows(site, number):
    """(url_path, date of last publication) of the site's live public pages in tree order, sitemap page
    ``number``: plain values, no page objects; the dates are the local ones the sitemap shows."""
    start = (number - 1) * SITEMAP_LIMIT
    return (site.root_page.get_descendants(inclusive=True).live().public().order_by("path")
            .values_list("url_path", TruncDate(Coalesce("last_published_at", "latest_revision_created_at"),
                                               tzinfo=timezone.get_current_timezone()))
            [start:start + SITEMAP_LIMIT].iterator(chunk_size=2000))


@cache_for_anonymous  # built from the page tree alone (purged on publish)
def sitemap_xml(request):
    """sitemap.xml: every live public page of the site the request came to, then the crawlable views.

    Written from plain rows (url_path and dates), the same document Django's sitemap view and Wagtail's page
    sitemap made (tests/home/test_site_map.py compares them) without building a page object and resolving its
    URL per page: 10,000 pages took over a second. A page's address is the serving site's root path
    (``wagtail_serve``) plus its ``url_path`` below the site's root page, at the host the request came to (the
    demo's Site is a catch-all ``localhost:80``); with no Site for the request, the default site's own root URL.
    """
    number = request.GET.get("p", "1")
    if not number.isdigit() or int(number) < 1:
        raise Http404(f"No sitemap page {number!r}")
    number = int(number)
    serving = Site.find_for_request(request)
    site = serving or Site.objects.select_related("root_page").get(is_default_site=True)
    origin = _request_origin(request) if serving is not None else site.root_url
    prefix = escape(origin + reverse("wagtail_serve", args=("",)))
    root_length = len(site.root_page.url_path)
    urls = []
    for url_path, lastmod in _page_rows(site, number):
        path = url_path[root_length:]
        if not PLAIN_PATH.match(path):  # as reverse() writes it, then as the template escaped it
            path = escape(quote(path, safe=RFC3986_SUBDELIMS + "/~:@"))
        if lastmod is None:
            urls.append(f"<url><loc>{prefix}{path}</loc></url>")
        else:
            urls.append(f"<url><loc>{prefix}{path}</loc><lastmod>{lastmod.isoformat()}</lastmod></url>")
    if not urls and number > 1:
        raise Http404(f"No sitemap page {number!r}")
    view_origin = _request_origin(request)
    urls += [f"<url><loc>{escape(view_origin + reverse(name))}</loc><changefreq>daily</changefreq></url>"
             for name in CRAWLABLE]
    response = HttpResponse(SITEMAP_HEAD + "".join(urls) + "\n</urlset>\n", content_type="application/xml")
    response["X-Robots-Tag"] = "noindex, noodp, noarchive"  # as Django's sitemap view says
    return response


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
