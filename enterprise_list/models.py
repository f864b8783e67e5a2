"""Enterprise lists (企业名录) and projects (项目信息) published by departments (F-LIST-1..4).

Both channels have a sub-channel per department; a page's department is taken from the
nearest channel that names one, never typed in, so an author cannot file a page under
another department. Listing logic (filters, sorting, contact visibility) lives in queries.py.
"""

import datetime
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.contrib.routable_page.models import path as subpage_path
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from core.money import yuan_field, yuan_to_wan
from core.pages import ArticlePage, ListingIndexPage, SeoMixin, attachment_titles
from enterprise_list.admin_forms import EnterpriseListPageForm
from enterprise_list.listing.models import ListingBoard, ListingPlan, ListingStage  # noqa: F401  (registered)
from members.uscc import normalise, validate_uscc

PROJECT_CODE_RE = re.compile(r"^[A-Z]{1,4}\d{3,10}$")


def validate_project_code(value):
    if not PROJECT_CODE_RE.match(value or ""):
        raise ValidationError(
            _("项目编号格式不正确：应为1–4个大写字母加3–10位数字，如 R2140。"), code="project_code"
        )


class ListType(models.TextChoices):
    GROWTH = "growth", _("成长型企业")
    KEY = "key", _("重点支持企业")
    SPECIALISED = "specialised", _("专精特新企业")
    OTHER = "other", _("其他")


class ProjectType(models.TextChoices):
    FUND_NEED = "fund_need", _("融资基金需求")
    FUND_COOPERATION = "fund_cooperation", _("融资基金合作")
    GOVERNMENT = "government", _("政府项目")
    ENTERPRISE = "enterprise", _("企业项目")
    NEW_ENTERPRISE = "new_enterprise", _("新企业信息")


def current_year():
    return datetime.date.today().year


def channel_department_field():
    """A channel (or sub-channel) may belong to one department."""
    return models.ForeignKey(
        "members.GovernmentDepartment", verbose_name=_("所属部门"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
        help_text=_("部门子栏目填写；其下发布的内容自动归属该部门。"),
    )


def channel_department(page, channel_model):
    """The department of the nearest ``channel_model`` ancestor naming one, or None."""
    if not page.path:
        return None
    channel = (
        channel_model.objects.ancestor_of(page).filter(department__isnull=False)
        .select_related("department").order_by("-depth").first()
    )
    return channel.department if channel else None


def owned_department_field():
    return models.ForeignKey(
        "members.GovernmentDepartment", verbose_name=_("发布部门"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+", editable=False,
    )


class DepartmentOwnedMixin:
    """The page's department is its channel's, recomputed on every save (drafts and publishes alike)."""

    channel_model = None

    def save(self, *args, **kwargs):
        self.department = channel_department(self, self.channel_model)
        return super().save(*args, **kwargs)


# ---------------------------------------------------------------- enterprise lists


class EnterpriseListIndexPage(SeoMixin, Page):
    """企业名录: the lists below it, and one table of their enterprises with filters."""

    intro = RichTextField(_("栏目介绍"), blank=True, features=["bold", "italic", "link"])
    department = channel_department_field()
    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("department")]
    search_fields = Page.search_fields + [index.SearchField("intro")]
    parent_page_types = ["home.HomePage", "enterprise_list.EnterpriseListIndexPage"]
    subpage_types = ["enterprise_list.EnterpriseListPage", "enterprise_list.EnterpriseListIndexPage"]
    per_page = 30

    class Meta:
        verbose_name = _("企业名录栏目")

    def get_context(self, request, *args, **kwargs):
        from enterprise_list.queries import row_listing_context

        context = super().get_context(request, *args, **kwargs)
        context.update(row_listing_context(self, request))
        context["lists"] = (
            EnterpriseListPage.objects.live().public().descendant_of(self)
            .order_by("-year", "-date", "-pk").select_related("department")
        )
        context["sub_channels"] = self.get_children().live().public().type(EnterpriseListIndexPage)
        return context

    def serve(self, request, *args, **kwargs):
        from enterprise_list.queries import serve_row_listing

        return serve_row_listing(self, request, super().serve, *args, **kwargs)


class EnterpriseListPage(RoutablePageMixin, SeoMixin, DepartmentOwnedMixin, Page):
    """A published list (成长型 / 重点支持 ...) of enterprises with their funding needs; each row has a detail
    page at ``enterprise/<row id>/`` for institution users and platform staff (F-LIST-2)."""

    list_type = models.CharField(_("名录类型"), max_length=20, choices=ListType.choices,
                                 default=ListType.GROWTH, db_index=True)
    year = models.PositiveSmallIntegerField(_("年度"), default=current_year, db_index=True)
    date = models.DateField(_("发布日期"), default=datetime.date.today, db_index=True)
    intro = RichTextField(_("名录说明"), blank=True, features=["bold", "italic", "link", "ol", "ul"])
    department = owned_department_field()

    channel_model = EnterpriseListIndexPage
    base_form_class = EnterpriseListPageForm
    parent_page_types = ["enterprise_list.EnterpriseListIndexPage"]
    subpage_types = []

    content_panels = Page.content_panels + [
        FieldRowPanel([FieldPanel("list_type"), FieldPanel("year"), FieldPanel("date")]),
        FieldPanel("intro"),
        InlinePanel("rows", label=_("名录企业"), heading=_("名录企业（也可在页面操作菜单中“Excel导入”）")),
    ]

    # Contacts (contact_person / contact_phone) are deliberately not indexed: search is public.
    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.FilterField("list_type"),
        index.FilterField("year"),
        index.FilterField("date"),
        index.FilterField("department"),
        index.RelatedFields("rows", [index.SearchField("enterprise_name"), index.SearchField("project_summary")]),
        index.SearchField("search_labels"),
    ]

    def search_labels(self):
        """What the list shows besides its rows' names and summaries: its type, department, and the rows' industry
        and town (contacts stay out: search is public)."""
        with translation.override(settings.LANGUAGE_CODE):
            parts = [str(self.get_list_type_display()), self.department.name if self.department_id else ""]
        for row in self.rows.all():
            parts += [row.industry.name if row.industry_id else "", row.region.name if row.region_id else ""]
        return " ".join(dict.fromkeys(filter(None, parts)))

    class Meta:
        verbose_name = _("企业名录")
        verbose_name_plural = _("企业名录")

    def get_context(self, request, *args, **kwargs):
        from enterprise_list.queries import row_listing_context

        context = super().get_context(request, *args, **kwargs)
        context.update(row_listing_context(self, request))
        return context

    def serve(self, request, view=None, args=None, kwargs=None):
        from enterprise_list.queries import serve_row_listing

        if view is not None and view.__name__ != "index_route":
            return super().serve(request, view, args, kwargs)
        return serve_row_listing(self, request, super().serve, view, args, kwargs)

    @subpage_path("enterprise/<int:row_id>/", name="row")
    def row_detail(self, request, row_id):
        from enterprise_list.views import row_detail

        return row_detail(request, self, row_id)

    def row_url(self, row, request=None):
        return self.get_url(request) + self.reverse_subpage("row", args=[row.pk])


class EnterpriseListRow(Orderable):
    page = ParentalKey(EnterpriseListPage, on_delete=models.CASCADE, related_name="rows")
    enterprise_name = models.CharField(_("企业名称"), max_length=255)
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, validators=[validate_uscc])
    industry = models.ForeignKey("members.Industry", verbose_name=_("所属行业"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="+")
    region = models.ForeignKey("members.Region", verbose_name=_("所属镇街"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+")
    funding_need = yuan_field(_("资金需求（元）"), null=True, blank=True, help_text=_("以元填写，前台以万元显示"))
    project_summary = models.TextField(_("项目情况"), max_length=1000, blank=True)
    contact_person = models.CharField(_("联系人"), max_length=40, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    # structured fields this app shows only to those allowed (contacts) or that are meant to be public (the
    # listed enterprise's own code): the publishing guard does not treat them as personal data in free text
    guard_exempt_fields = ("credit_code", "contact_person", "contact_phone")

    panels = [
        FieldRowPanel([FieldPanel("enterprise_name"), FieldPanel("credit_code")]),
        FieldRowPanel([FieldPanel("industry"), FieldPanel("region"), FieldPanel("funding_need")]),
        FieldPanel("project_summary"),
        FieldRowPanel([FieldPanel("contact_person"), FieldPanel("contact_phone")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("名录企业")
        verbose_name_plural = _("名录企业")

    def __str__(self):
        return self.enterprise_name

    def clean(self):
        self.credit_code = normalise(self.credit_code)

    @property
    def funding_need_wan(self):
        return yuan_to_wan(self.funding_need)


# ---------------------------------------------------------------- projects


class ProjectIndexPage(ListingIndexPage):
    """项目信息: a table of projects with filters and sorting, like the seed's table (000 §4.7)."""

    department = channel_department_field()
    content_panels = ListingIndexPage.content_panels + [FieldPanel("department")]
    parent_page_types = ["home.HomePage", "enterprise_list.ProjectIndexPage"]
    subpage_types = ["enterprise_list.ProjectPage", "enterprise_list.ProjectIndexPage"]
    per_page = 20

    class Meta:
        verbose_name = _("项目栏目")

    def listing_queryset(self):
        return (
            ProjectPage.objects.live().public().descendant_of(self)
            .order_by("-is_pinned", "-date", "-pk").select_related("department")
        )

    def filter_options(self):
        from enterprise_list.queries import project_filter_options

        return project_filter_options(self)

    def apply_filters(self, queryset, params):
        from enterprise_list.queries import filter_projects

        return filter_projects(queryset, params)

    def get_context(self, request, *args, **kwargs):
        from enterprise_list.queries import project_listing_context

        return project_listing_context(super().get_context(request, *args, **kwargs), request)

    def serve(self, request, *args, **kwargs):
        from enterprise_list.queries import serve_project_listing

        return serve_project_listing(self, request, super().serve, *args, **kwargs)


class ProjectPage(DepartmentOwnedMixin, ArticlePage):
    """A project (政府项目, 企业项目, 融资基金需求 ...): ``summary`` is the table's 内容, ``body`` the full text."""

    # null only for copies (exclude_fields_in_copy): a copy starts without a code instead of clashing
    code = models.CharField(_("项目编号"), max_length=14, unique=True, null=True, validators=[validate_project_code],
                            help_text=_("如 R2140"), error_messages={"unique": _("该项目编号已被使用。")})
    project_type = models.CharField(_("项目类型"), max_length=20, choices=ProjectType.choices,
                                    default=ProjectType.FUND_NEED, db_index=True)
    amount = yuan_field(_("金额（元）"), null=True, blank=True, db_index=True, help_text=_("以元填写，前台以万元显示"))
    remark = models.CharField(_("备注"), max_length=200, blank=True)
    department = owned_department_field()

    channel_model = ProjectIndexPage
    exclude_fields_in_copy = ["code"]
    parent_page_types = ["enterprise_list.ProjectIndexPage"]
    subpage_types = []

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("code"), FieldPanel("project_type"), FieldPanel("amount")]),
                FieldRowPanel([FieldPanel("date"), FieldPanel("source"), FieldPanel("is_pinned")]),
                FieldPanel("remark"),
            ],
            heading=_("项目信息"),
        ),
        FieldPanel("summary"),
        FieldPanel("body"),
        InlinePanel("attachments", label=_("附件")),
    ]

    search_fields = ArticlePage.search_fields + [
        index.SearchField("code"),
        index.SearchField("remark"),
        index.FilterField("code"),
        index.FilterField("project_type"),
        index.FilterField("amount"),
        index.FilterField("department"),
    ]

    class Meta:
        verbose_name = _("项目")
        verbose_name_plural = _("项目")

    def clean(self):
        super().clean()
        if self.code:
            self.code = self.code.strip().upper()

    def shown_labels(self):
        return [self.get_project_type_display(), self.department.name if self.department_id else "",
                *attachment_titles(self)]

    def shown_attachments(self):
        """The 附件 the page lists, with their documents in the same query."""
        return self.attachments.select_related("document")

    @property
    def amount_wan(self):
        return yuan_to_wan(self.amount)

    @property
    def heading(self):
        """The seed table's 标题 column: code and type, e.g. R2142(融资基金需求)."""
        return f"{self.code or ''}({self.get_project_type_display()})"


ProjectIndexPage.listing_model = ProjectPage


class ProjectAttachment(Orderable):
    page = ParentalKey(ProjectPage, on_delete=models.CASCADE, related_name="attachments")
    document = models.ForeignKey("wagtaildocs.Document", on_delete=models.CASCADE, related_name="+",
                                 verbose_name=_("文件"))
    title = models.CharField(_("显示名称"), max_length=200, blank=True)

    panels = [FieldPanel("document"), FieldPanel("title")]

    def __str__(self):
        return self.title or self.document.title
