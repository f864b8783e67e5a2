"""RSS 订阅 of news and policies (issue 19): Django syndication feeds at stable addresses, /feeds/news/ and
/feeds/policies/, linked from the channel pages with <link rel="alternate">.

Only live pages of the requesting site that everyone may read are listed (view restrictions respected:
Wagtail's ``public()``), newest first by their publication date.
"""

import datetime

from django.contrib.syndication.views import Feed
from django.urls import path
from django.utils import timezone
from django.utils.feedgenerator import Rss201rev2Feed
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.models import Site

from policies.models import NewsPage, PolicyPage

ITEMS = 20


class ChineseRssFeed(Rss201rev2Feed):
    content_type = "application/rss+xml; charset=utf-8"


class ArticleFeed(Feed):
    feed_type = ChineseRssFeed
    language = "zh-cn"
    model = None
    channel_title = ""
    channel_description = ""

    def get_object(self, request, *args, **kwargs):
        self.request = request
        self.site = Site.find_for_request(request)
        return None

    def title(self):
        return _("%(channel)s - 融资服务门户") % {"channel": self.channel_title}

    def description(self):
        return str(self.channel_description)

    def link(self):
        return self.site.root_url + "/" if self.site else "/"

    def items(self):
        queryset = self.model.objects.live().public()
        if self.site is not None:
            queryset = queryset.descendant_of(self.site.root_page, inclusive=True)
        return queryset.order_by("-date", "-first_published_at", "-pk")[:ITEMS]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary or item.search_description

    def item_link(self, item):
        return item.get_full_url(self.request)

    def item_pubdate(self, item):
        return timezone.make_aware(datetime.datetime.combine(item.date, datetime.time()))

    def item_updateddate(self, item):
        return item.last_published_at


class NewsFeed(ArticleFeed):
    model = NewsPage
    channel_title = gettext_lazy("新闻动态")
    channel_description = gettext_lazy("融资服务门户发布的新闻、通知公告和工作动态。")

    def item_categories(self, item):
        return [item.get_category_display()]


class PolicyFeed(ArticleFeed):
    model = PolicyPage
    channel_title = gettext_lazy("政策法规")
    channel_description = gettext_lazy("融资服务门户发布的金融、财税和产业扶持政策。")

    def item_categories(self, item):
        return [item.get_policy_type_display()]

    def item_description(self, item):
        number = f"{item.document_number}　" if item.document_number else ""
        return f"{number}{item.issuing_authority}　{item.summary or item.search_description}".strip()


app_name = "feeds"
urlpatterns = [
    path("news/", NewsFeed(), name="news"),
    path("policies/", PolicyFeed(), name="policies"),
]
