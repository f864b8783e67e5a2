"""RSS 订阅 of news and policies (issue 19): Django syndication feeds at stable addresses, /feeds/news/ and
/feeds/policies/, and one per channel (栏目) at /feeds/channel/<page id>/ — a department's sub-channel
(新闻动态 › 人民银行动态, 项目信息 › 发改委项目) or any other channel listing articles (core.pages.ListingIndexPage);
each linked from its channel page with <link rel="alternate"> and an 订阅 link ({% channel_feed_url %}).

Only live pages of the requesting site that everyone may read are listed (view restrictions respected:
Wagtail's ``public()``), newest first by their publication date.
"""

import datetime

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.feedgenerator import Rss201rev2Feed
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.models import Page, Site

from core.page_cache import cache_for_anonymous
from core.pages import ListingIndexPage
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


class ChannelFeed(ArticleFeed):
    """One channel's articles (its sub-channels' included, as its page lists them), titled by the channel."""

    def get_object(self, request, pk):
        super().get_object(request)
        channel = Page.objects.live().public().filter(pk=pk).first()
        channel = channel.specific if channel is not None else None
        if (not isinstance(channel, ListingIndexPage)
                or (self.site is not None and not channel.is_descendant_of(self.site.root_page)
                    and channel.pk != self.site.root_page_id)):
            raise Http404
        return channel

    def title(self, channel):
        return _("%(channel)s - 融资服务门户") % {"channel": channel.title}

    def description(self, channel):
        return _("融资服务门户“%(channel)s”栏目发布的最新内容。") % {"channel": channel.title}

    def link(self, channel):
        return channel.get_full_url(self.request)

    def items(self, channel):
        return (channel.listing_model.objects.live().public().descendant_of(channel)
                .order_by("-date", "-first_published_at", "-pk")[:ITEMS])

    def item_categories(self, item):
        return [str(label) for label in item.shown_labels()]

    def item_description(self, item):
        if isinstance(item, PolicyPage):
            return PolicyFeed.item_description(self, item)
        return super().item_description(item)


def channel_feed_url(channel):
    """The feed a channel page offers: the site-wide news or policy feed for the top 新闻动态 / 政策法规 channel,
    the channel's own feed for a department's sub-channel and every other channel ("" for a page that is no
    channel)."""
    channel_class = channel.specific_class or Page
    if not issubclass(channel_class, ListingIndexPage):
        return ""
    parent = channel.get_parent()
    if parent is not None and not issubclass(parent.specific_class or Page, ListingIndexPage):
        if channel_class.listing_model is NewsPage:
            return reverse("feeds:news")
        if channel_class.listing_model is PolicyPage:
            return reverse("feeds:policies")
    return reverse("feeds:channel", args=[channel.pk])


app_name = "feeds"
# built from live public pages alone: kept by the page cache for visitors, forgotten on any publish
urlpatterns = [
    path("news/", cache_for_anonymous(NewsFeed()), name="news"),
    path("policies/", cache_for_anonymous(PolicyFeed()), name="policies"),
    path("channel/<int:pk>/", cache_for_anonymous(ChannelFeed()), name="channel"),
]
