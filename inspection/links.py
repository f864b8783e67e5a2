"""Nightly, bounded link checker: every live public page's links, documents and images inside <main>.

Internal targets are checked in process (Django's test client through the whole URL map, the document table
and media storage), so no network is needed; external links are fetched only when the admin has said the
server can reach the internet, otherwise they are listed as unchecked. Each run covers at most N pages and
M links and continues after the last page of the previous run.
"""

import re
import urllib.error
import urllib.request
from html.parser import HTMLParser
from urllib.parse import unquote, urljoin, urlsplit

from django.conf import settings as django_settings
from django.core.files.storage import default_storage
from django.db import transaction
from django.http.request import validate_host
from django.test import Client
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.documents import get_document_model
from wagtail.models import Page, Site

from inspection.models import LinkCheckRun, LinkKind, LinkProblem, LinkStatus

SKIPPED_SCHEMES = ("mailto:", "tel:", "javascript:", "data:", "#")
DOCUMENT_URL = re.compile(r"^/documents/(\d+)/")


class MainLinks(HTMLParser):
    """(kind, target, text) for every <a href> and <img src> inside <main>, but the share links the site itself
    puts on every article (``data-share-link``: a 微博 share URL is not the editor's content to check)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links, self.main_depth, self._anchor = [], 0, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "main":
            self.main_depth += 1
        if not self.main_depth:
            return
        if tag == "a" and attrs.get("href") and "data-share-link" not in attrs:
            self._anchor = [attrs["href"], ""]
        elif tag == "img" and attrs.get("src"):
            self.links.append((LinkKind.IMAGE, attrs["src"], attrs.get("alt") or ""))
            if self._anchor is not None and not self._anchor[1]:
                self._anchor[1] = attrs.get("alt") or ""

    def handle_endtag(self, tag):
        if tag == "main":
            self.main_depth = max(0, self.main_depth - 1)
        elif tag == "a" and self._anchor is not None:
            self.links.append((LinkKind.PAGE, self._anchor[0], " ".join(self._anchor[1].split())[:200]))
            self._anchor = None

    def handle_data(self, data):
        if self._anchor is not None:
            self._anchor[1] += data


def _host():
    site = Site.objects.filter(is_default_site=True).first()
    allowed = django_settings.ALLOWED_HOSTS
    if site and validate_host(site.hostname, allowed):
        return site.hostname
    return next((h.lstrip(".") for h in allowed if h != "*"), "localhost")


class Checker:
    def __init__(self, options):
        self.options = options
        self.client = Client(HTTP_HOST=_host(), raise_request_exception=False)
        self.results = {}

    def page_links(self, page):
        response = self.client.get(page.url)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            return []
        parser = MainLinks()
        parser.feed(response.content.decode(response.charset or "utf-8", "replace"))
        return parser.links

    def check(self, kind, target, base):
        """(kind, status or None when fine, detail)."""
        url = urljoin(base, target.strip())
        parts = urlsplit(url)
        internal = not parts.netloc or parts.netloc.split(":")[0] in {_host(), "testserver"}
        if not internal:
            kind = LinkKind.EXTERNAL
        elif DOCUMENT_URL.match(parts.path):
            kind = LinkKind.DOCUMENT
        key = (kind, url if not internal else parts.path + (f"?{parts.query}" if parts.query else ""))
        if key not in self.results:
            self.results[key] = self._check(kind, parts, url)
        return (kind, *self.results[key])

    def _check(self, kind, parts, url):
        if kind == LinkKind.EXTERNAL:
            return self._external(url)
        path = unquote(parts.path)
        if kind == LinkKind.DOCUMENT:
            document = get_document_model().objects.filter(pk=DOCUMENT_URL.match(path).group(1)).first()
            if document is None:
                return LinkStatus.BROKEN, _("文档已删除")
            if not document.file or not default_storage.exists(document.file.name):
                return LinkStatus.BROKEN, _("文档文件缺失")
            return None, ""
        if path.startswith(django_settings.MEDIA_URL):
            name = path[len(django_settings.MEDIA_URL):]
            return (None, "") if default_storage.exists(name) else (LinkStatus.BROKEN, _("文件不存在"))
        if path.startswith(django_settings.STATIC_URL):
            return None, ""
        response = self.client.get(parts.path + (f"?{parts.query}" if parts.query else ""), follow=True)
        if response.status_code >= 400:
            return LinkStatus.BROKEN, _("访问返回 %d") % response.status_code
        return None, ""

    def _external(self, url):
        if not self.options.check_external_links:
            return LinkStatus.UNCHECKED, _("未开启外部链接检查")
        for method in ("HEAD", "GET"):
            request = urllib.request.Request(url, method=method, headers={"User-Agent": "portal-link-check"})
            try:
                with urllib.request.urlopen(request, timeout=self.options.link_check_timeout):
                    return None, ""
            except urllib.error.HTTPError as error:
                if method == "HEAD" and error.code in (403, 405, 501):
                    continue  # some servers refuse HEAD: try GET
                return LinkStatus.BROKEN, _("访问返回 %d") % error.code
            except (urllib.error.URLError, TimeoutError, OSError) as error:
                return LinkStatus.UNCHECKED, _("无法访问：%s") % str(getattr(error, "reason", error))[:150]
        return LinkStatus.UNCHECKED, ""


def pages_to_check(after, limit):
    pages = Page.objects.live().public().filter(depth__gt=1).order_by("pk")
    batch = list(pages.filter(pk__gt=after)[:limit])
    if not batch and after:  # the previous run reached the end: start over
        batch = list(pages[:limit])
    return batch


def check_links(options):
    """One bounded run; returns its LinkCheckRun."""
    previous = LinkCheckRun.objects.filter(finished_at__isnull=False).first()
    run = LinkCheckRun.objects.create()
    checker = Checker(options)
    problems, checked_pages = [], []
    for page in pages_to_check(previous.last_page_id if previous else 0, options.link_check_max_pages):
        if run.links_checked >= options.link_check_max_links:
            break
        now = timezone.now()
        for kind, target, text in checker.page_links(page):
            if target.startswith(SKIPPED_SCHEMES):
                continue
            kind, status, detail = checker.check(kind, target, page.url)
            run.links_checked += 1
            if status:
                problems.append(LinkProblem(page=page, link_text=text or target[:200], target=target[:500],
                                            kind=kind, status=status, detail=detail[:200], checked_at=now))
        checked_pages.append(page.pk)
        run.last_page_id = page.pk
    with transaction.atomic():
        LinkProblem.objects.filter(page_id__in=checked_pages).delete()
        LinkProblem.objects.bulk_create(problems)
    run.pages_checked = len(checked_pages)
    run.broken = sum(p.status == LinkStatus.BROKEN for p in problems)
    run.unchecked = len(problems) - run.broken
    run.finished_at = timezone.now()
    run.save()
    return run
