"""News, policies, cases and static pages: the portal's editorial content (F-CMS-7..9)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page, Site
from wagtail.search import index

from core.admin_forms import PrecisePageForm
from core.blocks import BodyBlock
from core.fragments import cached
from core.pages import ArticlePage, ListingIndexPage, SeoMixin, attachment_titles


class NewsCategory(models.TextChoices):
    NOTICE = "notice", _("通知公告")
    WORK = "work", _("工作动态")
    BANK = "bank", _("会员银行动态")
    ACTIVITY = "activity", _("金融活动")
    INDUSTRY = "industry", _("金融行业动态")


class PolicyLevel(models.TextChoices):
    NATIONAL = "national", _("国家级")
    PROVINCIAL = "provincial", _("省级")
    MUNICIPAL = "municipal", _("市级")
    COUNTY = "county", _("区县级")


class PolicyType(models.TextChoices):
    FINANCE = "finance", _("金融政策")
    TAX = "tax", _("税收政策")
    INDUSTRY = "industry", _("产业发展政策")
    INNOVATION = "innovation", _("创新政策")
    SUBSIDY = "subsidy", _("资金补助政策")


class NewsIndexPage(ListingIndexPage):
    filter_fields = {"category": "category"}
    parent_page_types = ["home.HomePage", "policies.NewsIndexPage"]
    subpage_types = ["policies.NewsPage", "policies.NewsIndexPage"]

    class Meta:
        verbose_name = _("新闻栏目")

    def filter_options(self):
        return {"category": (_("分类"), NewsCategory.choices), **super().filter_options()}


class NewsPage(ArticlePage):
    category = models.CharField(_("分类"), max_length=20, choices=NewsCategory.choices,
                                default=NewsCategory.WORK, db_index=True)
    parent_page_types = ["policies.NewsIndexPage"]
    subpage_types = []

    content_panels = ArticlePage.content_panels[:1] + [FieldPanel("category")] + ArticlePage.content_panels[1:]
    search_fields = ArticlePage.search_fields + [index.FilterField("category")]

    def shown_labels(self):
        return [self.get_category_display()]

    def card_details(self):
        return [self.get_category_display()]

    class Meta:
        verbose_name = _("新闻")
        verbose_name_plural = _("新闻")
        indexes = [
            # a channel's list, 置顶 first then newest: read in this order, a page of it stops after its rows
            models.Index(fields=["is_pinned", "date", "page_ptr"], name="news_listing_order"),
            # 通知公告 on the home page, a channel filtered by 分类
            models.Index(fields=["category", "is_pinned", "date", "page_ptr"], name="news_category_listing_order"),
        ]


NewsIndexPage.listing_model = NewsPage


class PolicyIndexPage(ListingIndexPage):
    freshness_days = 180
    filter_fields = {"type": "policy_type", "level": "level", "tag": "tags__name"}
    parent_page_types = ["home.HomePage", "policies.PolicyIndexPage"]
    subpage_types = ["policies.PolicyPage", "policies.PolicyIndexPage"]

    class Meta:
        verbose_name = _("政策栏目")

    def filter_options(self):
        return {
            "type": (_("政策类型"), PolicyType.choices),
            "level": (_("政策层级"), PolicyLevel.choices),
            **super().filter_options(),
        }

    def listing_queryset(self):
        return super().listing_queryset().prefetch_related("tags")


class PolicyPageTag(TaggedItemBase):
    content_object = ParentalKey("policies.PolicyPage", on_delete=models.CASCADE, related_name="tagged_items")


class PolicyPage(ArticlePage):
    """A policy document (政策发布) with its interpretation (政策解读)."""

    document_number = models.CharField(_("文号"), max_length=100, blank=True,
                                       help_text=_("例如：银发〔2024〕12号"))
    issuing_authority = models.CharField(_("发文机关"), max_length=100, db_index=True)
    issue_date = models.DateField(_("成文日期"), null=True, blank=True)
    effective_date = models.DateField(_("施行日期"), null=True, blank=True)
    level = models.CharField(_("政策层级"), max_length=20, choices=PolicyLevel.choices,
                             default=PolicyLevel.MUNICIPAL, db_index=True)
    policy_type = models.CharField(_("政策类型"), max_length=20, choices=PolicyType.choices,
                                   default=PolicyType.FINANCE, db_index=True)
    tags = ClusterTaggableManager(through=PolicyPageTag, blank=True, verbose_name=_("标签"))
    interpretation = StreamField(BodyBlock(), verbose_name=_("政策解读"), blank=True)
    apply_url = models.URLField(_("立即申报链接"), blank=True,
                                help_text=_("填写后，政策页面和首页显示“立即申报”按钮。"))
    # 政府信息公开 metadata: 分类 = policy_type, 发布机构 = issuing_authority, 成文日期 = issue_date,
    # 发布日期 = date, 文号 = document_number, 主题词 = tags; the 索引号 is generated once and never changes.
    index_number = models.CharField(_("索引号"), max_length=60, unique=True, null=True, blank=True, editable=False)

    exclude_fields_in_copy = ["index_number"]  # a copy is a new document with its own number

    parent_page_types = ["policies.PolicyIndexPage"]
    subpage_types = []

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("document_number"), FieldPanel("issuing_authority")]),
                FieldRowPanel([FieldPanel("issue_date"), FieldPanel("effective_date"), FieldPanel("date")]),
                FieldRowPanel([FieldPanel("level"), FieldPanel("policy_type")]),
                FieldPanel("tags"),
                FieldPanel("is_pinned"),
                FieldPanel("source"),
            ],
            heading=_("政策信息"),
        ),
        FieldPanel("summary"),
        FieldPanel("cover_image"),
        FieldPanel("body"),
        FieldPanel("interpretation"),
        InlinePanel("attachments", label=_("附件")),
        FieldPanel("apply_url"),
    ]

    search_fields = ArticlePage.search_fields + [
        index.SearchField("document_number"),
        index.SearchField("issuing_authority"),
        index.SearchField("interpretation"),
        index.FilterField("level"),
        index.FilterField("policy_type"),
        index.FilterField("issuing_authority"),
        index.RelatedFields("tags", [index.SearchField("name")]),
    ]

    class Meta:
        verbose_name = _("政策")
        verbose_name_plural = _("政策")
        indexes = [
            models.Index(fields=["is_pinned", "date", "page_ptr"], name="policy_listing_order"),
            # the newest policies (home page, feed, 信息公开目录): by date alone
            models.Index(fields=["date", "page_ptr"], name="policy_newest_order"),
        ]

    def shown_labels(self):
        return [self.get_policy_type_display(), self.get_level_display(), self.index_number,
                *attachment_titles(self)]

    def card_details(self):
        return [detail for detail in (self.issuing_authority, self.document_number) if detail]

    def shown_attachments(self):
        """The 附件 the page lists, with their documents in the same query."""
        return self.attachments.select_related("document")

    def save(self, *args, **kwargs):
        """Keep the stored 索引号 whatever a revision carries; give a new document the next number of its year."""
        if self.pk:
            stored = PolicyPage.objects.filter(pk=self.pk).values_list("index_number", flat=True).first()
            if stored:
                self.index_number = stored
        if not self.index_number:
            self.index_number = next_index_number(self.date.year if self.date else None)
        return super().save(*args, **kwargs)


def next_index_number(year=None):
    """索引号 in the 政府信息公开 form ``机构代码/年份-序号`` (e.g. 11341100MB1234567X/2026-00012)."""
    import datetime

    from core.models import PortalSettings

    year = year or datetime.date.today().year
    site = Site.objects.filter(is_default_site=True).first()
    code = (PortalSettings.for_site(site).disclosure_code if site else "") or "PORTAL"
    prefix = f"{code}/{year}-"
    numbers = PolicyPage.objects.filter(index_number__startswith=prefix).values_list("index_number", flat=True)
    last = max((int(n[len(prefix):]) for n in numbers if n[len(prefix):].isdigit()), default=0)
    return f"{prefix}{last + 1:05d}"


PolicyIndexPage.listing_model = PolicyPage


class PolicyAttachment(Orderable):
    page = ParentalKey(PolicyPage, on_delete=models.CASCADE, related_name="attachments")
    document = models.ForeignKey("wagtaildocs.Document", on_delete=models.CASCADE, related_name="+",
                                 verbose_name=_("文件"))
    title = models.CharField(_("显示名称"), max_length=200, blank=True)

    panels = [FieldPanel("document"), FieldPanel("title")]

    def __str__(self):
        return self.title or self.document.title


class CaseIndexPage(ListingIndexPage):
    freshness_days = 90  # cases are neither 动态 nor 政策: a quarter by default
    parent_page_types = ["home.HomePage"]
    subpage_types = ["policies.CasePage"]

    class Meta:
        verbose_name = _("案例栏目")


class CasePage(ArticlePage):
    """A financing case (融资案例): which institution helped which kind of enterprise, how."""

    institution_name = models.CharField(_("金融机构"), max_length=100, blank=True)
    loan_amount_wan = models.DecimalField(_("融资金额（万元）"), max_digits=12, decimal_places=2,
                                          null=True, blank=True)
    parent_page_types = ["policies.CaseIndexPage"]
    subpage_types = []

    content_panels = ArticlePage.content_panels + [
        FieldRowPanel([FieldPanel("institution_name"), FieldPanel("loan_amount_wan")]),
    ]
    search_fields = ArticlePage.search_fields + [index.SearchField("institution_name")]

    class Meta:
        verbose_name = _("融资案例")
        verbose_name_plural = _("融资案例")
        indexes = [models.Index(fields=["is_pinned", "date", "page_ptr"], name="case_listing_order")]


CaseIndexPage.listing_model = CasePage


class StandardPage(SeoMixin, Page):
    """Static pages: 平台介绍, 核心产业扶持, 金融行业协会, 使用指南 ... (F-CMS-9)."""

    summary = models.TextField(_("摘要"), blank=True, max_length=500)
    body = StreamField(BodyBlock(), verbose_name=_("正文"), blank=True)
    parent_page_types = ["home.HomePage", "policies.StandardPage"]
    base_form_class = PrecisePageForm
    subpage_types = ["policies.StandardPage", "policies.DisclosureCataloguePage"]

    content_panels = Page.content_panels + [FieldPanel("summary"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("summary"), index.SearchField("body")]

    class Meta:
        verbose_name = _("普通页面")
        verbose_name_plural = _("普通页面")



class DisclosureCataloguePage(SeoMixin, Page):
    """政府信息公开目录: every live public policy document of the site with its 索引号 and metadata, filterable
    by year and 分类 (the 指南 and the 年报 are ordinary pages beside it under 政府信息公开)."""

    intro = models.TextField(_("说明"), blank=True, max_length=1000)
    parent_page_types = ["policies.StandardPage", "home.HomePage"]
    subpage_types = []
    content_panels = Page.content_panels + [FieldPanel("intro")]

    class Meta:
        verbose_name = _("政府信息公开目录")
        verbose_name_plural = _("政府信息公开目录")

    def get_meta_description(self):
        return self.search_description or self.intro

    def get_context(self, request, *args, **kwargs):
        from django.core.paginator import Paginator

        context = super().get_context(request, *args, **kwargs)
        site = self.get_site()
        documents = PolicyPage.objects.live().public()
        if site is not None:
            documents = documents.descendant_of(site.root_page)
        years = cached(f"disclosure-years:{site.pk if site else ''}", lambda: sorted(
            {d.year for d in documents.dates("date", "year")}, reverse=True))
        year = request.GET.get("year", "")
        if year.isdigit():
            documents = documents.filter(date__year=int(year))
        policy_type = request.GET.get("type", "")
        if policy_type in PolicyType.values:
            documents = documents.filter(policy_type=policy_type)
        documents = documents.order_by("-date", "-pk")
        context.update({
            "page_obj": Paginator(documents, 20).get_page(request.GET.get("page")),
            "years": years, "year": year, "policy_type": policy_type, "policy_types": PolicyType.choices,
        })
        return context
