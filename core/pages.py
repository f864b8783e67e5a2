"""Abstract page types and the channel listing logic every index page shares."""

import datetime
import hashlib

from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.core.paginator import Paginator
from django.db import models
from django.db.models import Prefetch
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.images import get_image_model
from wagtail.models import Page
from wagtail.search import index

from core.admin_forms import PrecisePageForm
from core.blocks import BodyBlock
from core.fragments import cached
from core.params import year_param

LIST_THUMBNAIL_SPEC = "fill-320x200"


def _listing_count(queryset):
    """How many articles a channel lists (with its filters): counting reads every matching row (thousands), so the
    figure is kept until content changes (core/fragments.py), keyed by the list's statement."""
    try:
        statement = str(queryset.query)
    except EmptyResultSet:
        return 0
    return cached(f"listing-count:{hashlib.sha256(statement.encode()).hexdigest()}", queryset.count)


class SeoMixin:
    """Title and META description for every page (F-CMS-12)."""

    def get_meta_description(self):
        return self.search_description or getattr(self, "summary", "") or ""


class ArticlePage(SeoMixin, Page):
    """A dated, pinnable article: the shape of news, policies and cases."""

    date = models.DateField(_("发布日期"), default=datetime.date.today, db_index=True)
    is_pinned = models.BooleanField(_("置顶"), default=False, db_index=True,
                                    help_text=_("置顶的内容排在列表最前面。"))
    source = models.CharField(_("来源"), max_length=100, blank=True)
    summary = models.TextField(_("摘要"), blank=True, max_length=500)
    cover_image = models.ForeignKey(
        "site_portal.PortalImage", verbose_name=_("封面图"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    body = StreamField(BodyBlock(), verbose_name=_("正文"), blank=True)

    base_form_class = PrecisePageForm

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [FieldPanel("date"), FieldPanel("source"), FieldPanel("is_pinned")],
            heading=_("发布信息"),
        ),
        FieldPanel("summary"),
        FieldPanel("cover_image"),
        FieldPanel("body"),
    ]

    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
        index.SearchField("source"),
        index.SearchField("search_labels"),
        index.FilterField("date"),
        index.FilterField("is_pinned"),
    ]

    class Meta:
        abstract = True

    @property
    def year(self):
        return self.date.year

    def search_labels(self):
        """The text the page shows besides its own fields (labels of its choices, attachments' names ...), in the
        site's language, for the search index. Types add theirs through :meth:`shown_labels`."""
        with translation.override(settings.LANGUAGE_CODE):
            return " ".join(str(label) for label in self.shown_labels() if label)

    def shown_labels(self):
        return []

    def card_details(self):
        """What a channel's list shows after the date (includes/article_card.html): 分类, 发文机关, 文号 ... as a
        type has them. One method rather than the card asking every type for fields only some have: each
        failed lookup costs Django's template engine a ``dir()`` of the page, ~0.5 ms."""
        return []


def attachment_titles(page):
    """The names a page's attachments are listed under (``attachments`` inline of documents)."""
    return [attachment.title or attachment.document.title
            for attachment in page.attachments.all() if attachment.title or attachment.document_id]


class ListingIndexPage(SeoMixin, Page):
    """A channel (栏目): lists its live descendant articles, 置顶 first then newest, filtered and paginated.

    Sub-channels (e.g. 新闻动态 › 人民银行动态) are index pages of the same type below it;
    the parent lists everything beneath it.
    """

    intro = RichTextField(_("栏目介绍"), blank=True, features=["bold", "italic", "link"])
    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]
    base_form_class = PrecisePageForm

    listing_model = None  # the article page type this channel lists
    # expected update interval in days (国办秘函〔2019〕19号: 动态 ≤ 14, 政策 ≤ 180); editable per channel in 网站检查
    freshness_days = 14
    per_page = 20
    # GET parameter -> (model field lookup, choices or None)
    filter_fields = {}

    class Meta:
        abstract = True

    def listing_queryset(self):
        # the WebP rendition too: {% portal_image %} draws a <picture> with both
        image_qs = get_image_model().objects.prefetch_renditions(
            LIST_THUMBNAIL_SPEC, f"{LIST_THUMBNAIL_SPEC}|format-webp")
        return (
            self.listing_model.objects.live().public().descendant_of(self)
            .order_by("-is_pinned", "-date", "-pk")
            .prefetch_related(Prefetch("cover_image", queryset=image_qs))
        )

    def filter_options(self):
        """The filters shown above the list: {param: (label, [(value, label), ...])}."""
        return {"year": (_("年份"), [(str(year), str(year)) for year in self.listing_years()])}

    def listing_years(self):
        """The years with live articles below this channel, newest first: a scan of every article, so kept until
        content changes (core/fragments.py)."""
        return cached(f"listing-years:{self.pk}", lambda: [d.year for d in (
            self.listing_model.objects.live().descendant_of(self).dates("date", "year", order="DESC"))])

    def apply_filters(self, queryset, params):
        active = {}
        year = params.get("year", "")
        if year_param(year):
            queryset = queryset.filter(date__year=year_param(year))
            active["year"] = year
        for param, lookup in self.filter_fields.items():
            value = params.get(param, "")
            if value:
                queryset = queryset.filter(**{lookup: value})
                active[param] = value
        return queryset, active

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        queryset, active = self.apply_filters(self.listing_queryset(), request.GET)
        paginator = Paginator(queryset, self.per_page)
        paginator.count = _listing_count(queryset)
        page_obj = paginator.get_page(request.GET.get("page"))
        context.update(
            items=page_obj.object_list, page_obj=page_obj, active_filters=active,
            filter_options=self.filter_options(),
            # only index pages: a channel may hold thousands of articles directly
            sub_channels=self.get_children().live().public().type(type(self)).only("title", "url_path", "depth"),
        )
        return context

