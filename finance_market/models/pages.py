"""Page types: 金融机构 index → one BankPage per institution → its LoanProductPages (DESIGN §3, §5)."""

from decimal import Decimal

from django import forms
from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from core.admin_forms import PrecisePageForm
from core.money import yuan_to_wan
from core.pages import SeoMixin
from finance_market.choices import EnterpriseSize, FieldType, GuaranteeMethod, ProductType, RepaymentMethod
from finance_market.fields import ChoiceListField

RICH_FEATURES = ["bold", "italic", "ol", "ul", "link", "h3", "h4"]


class BankIndexPage(SeoMixin, Page):
    """金融机构: lists the institutions' pages; 金融超市 (/market/) lists their products."""

    intro = RichTextField(_("栏目介绍"), blank=True, features=["bold", "italic", "link"])
    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]

    max_count = 1
    parent_page_types = ["home.HomePage"]
    subpage_types = ["finance_market.BankPage"]

    class Meta:
        verbose_name = _("金融机构栏目")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["banks"] = (
            BankPage.objects.live().public().child_of(self).select_related("institution", "logo")
            .order_by("institution__institution_type", "title")
        )
        return context


class BankPage(SeoMixin, Page):
    """One institution's profile (F-BANK-1). Its staff edit this subtree only, through review."""

    institution = models.OneToOneField(
        "members.FinancialInstitution", verbose_name=_("金融机构"), on_delete=models.PROTECT, related_name="bank_page",
    )
    logo = models.ForeignKey("site_portal.PortalImage", verbose_name=_("机构标志"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+")
    intro = RichTextField(_("机构简介"), blank=True, features=RICH_FEATURES)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    service_hours = models.CharField(_("服务时间"), max_length=60, blank=True, default="工作日 8:30-17:30")
    website = models.URLField(_("网址"), blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("institution", permission="finance_market.order_products"),
        FieldPanel("logo"),
        FieldPanel("intro"),
        MultiFieldPanel([FieldPanel("address"), FieldPanel("service_hours"), FieldPanel("website")],
                        heading=_("联系方式")),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.SearchField("search_labels"),
        index.AutocompleteField("title"),
        index.FilterField("institution"),
    ]

    parent_page_types = ["finance_market.BankIndexPage"]
    subpage_types = ["finance_market.LoanProductPage"]
    base_form_class = PrecisePageForm

    class Meta:
        verbose_name = _("金融机构主页")

    def get_meta_description(self):
        return self.search_description or self.institution.intro[:150]

    def search_labels(self):
        """The text the page shows besides its intro: the institution's name and profile, its address."""
        institution = self.institution
        return " ".join(filter(None, [institution.name, institution.intro, self.address]))

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["products"] = (
            LoanProductPage.objects.live().public().child_of(self).select_related("institution__bank_page__logo")
            .order_by(*LoanProductPage.DEFAULT_ORDER)
        )
        return context


class LoanProductPage(SeoMixin, Page):
    """A loan product (F-BANK-2). Amounts in yuan, shown in 万元; terms in months; rates in % a year."""

    DEFAULT_ORDER = ("-is_pinned", "sort_order", "-first_published_at", "pk")

    institution = models.ForeignKey(
        "members.FinancialInstitution", verbose_name=_("金融机构"), on_delete=models.PROTECT, editable=False,
        related_name="products", help_text=_("取自所属机构主页"),
    )
    product_type = models.CharField(_("产品类别"), max_length=20, choices=ProductType.choices,
                                    default=ProductType.CREDIT, db_index=True)
    target_customers = models.CharField(_("适用对象"), max_length=255)
    amount_min = models.DecimalField(_("最低额度（元）"), max_digits=14, decimal_places=2, default=Decimal("0"))
    amount_max = models.DecimalField(_("最高额度（元）"), max_digits=14, decimal_places=2)
    term_min = models.PositiveSmallIntegerField(_("最短期限（月）"), default=1)
    term_max = models.PositiveSmallIntegerField(_("最长期限（月）"))
    rate_min = models.DecimalField(_("最低年利率（%）"), max_digits=5, decimal_places=2)
    rate_max = models.DecimalField(_("最高年利率（%）"), max_digits=5, decimal_places=2)
    guarantee_methods = ChoiceListField(_("担保方式"), choices=GuaranteeMethod.choices, blank=False)
    repayment_methods = ChoiceListField(_("还款方式"), choices=RepaymentMethod.choices)
    eligible_sizes = ChoiceListField(_("适用企业规模"), choices=EnterpriseSize.choices,
                                     help_text=_("不选表示不限"))
    eligible_industries = ParentalManyToManyField("members.Industry", verbose_name=_("适用行业"), blank=True,
                                                  related_name="+", help_text=_("可选门类或大类；不选表示不限"))
    eligible_regions = ParentalManyToManyField("members.Region", verbose_name=_("适用镇街"), blank=True,
                                               related_name="+", help_text=_("不选表示不限"))
    features = RichTextField(_("产品特点"), blank=True, features=RICH_FEATURES)
    process = RichTextField(_("办理流程"), blank=True, features=RICH_FEATURES)
    materials = RichTextField(_("所需材料"), blank=True, features=RICH_FEATURES)
    is_pinned = models.BooleanField(_("置顶"), default=False, db_index=True)
    sort_order = models.IntegerField(_("平台排序"), default=100, db_index=True,
                                     help_text=_("数字越小越靠前，由平台设置"))

    content_panels = Page.content_panels + [
        MultiFieldPanel([FieldPanel("product_type"), FieldPanel("target_customers")], heading=_("基本信息")),
        MultiFieldPanel([
            FieldRowPanel([FieldPanel("amount_min"), FieldPanel("amount_max")]),
            FieldRowPanel([FieldPanel("term_min"), FieldPanel("term_max")]),
            FieldRowPanel([FieldPanel("rate_min"), FieldPanel("rate_max")]),
            FieldPanel("guarantee_methods", widget=forms.CheckboxSelectMultiple),
            FieldPanel("repayment_methods", widget=forms.CheckboxSelectMultiple),
        ], heading=_("额度、期限与利率")),
        MultiFieldPanel([
            FieldPanel("eligible_sizes", widget=forms.CheckboxSelectMultiple),
            FieldPanel("eligible_industries", widget=forms.SelectMultiple),
            FieldPanel("eligible_regions", widget=forms.CheckboxSelectMultiple),
        ], heading=_("准入条件")),
        FieldPanel("features"), FieldPanel("process"), FieldPanel("materials"),
        InlinePanel("form_fields", label=_("申请表附加字段")),
        MultiFieldPanel([FieldPanel("is_pinned"), FieldPanel("sort_order", permission="finance_market.order_products")],
                        heading=_("展示")),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("target_customers"),
        index.SearchField("features"),
        index.SearchField("process"),
        index.SearchField("materials"),
        index.SearchField("search_labels"),
        index.AutocompleteField("title"),
        index.FilterField("product_type"),
        index.FilterField("institution"),
        index.FilterField("is_pinned"),
        index.FilterField("amount_min"),
        index.FilterField("amount_max"),
        index.FilterField("term_min"),
        index.FilterField("term_max"),
        index.FilterField("rate_min"),
    ]

    parent_page_types = ["finance_market.BankPage"]
    subpage_types = []
    base_form_class = PrecisePageForm

    class Meta:
        verbose_name = _("贷款产品")
        verbose_name_plural = _("贷款产品")
        permissions = [("order_products", _("设置产品排序与所属机构"))]

    def clean(self):
        super().clean()
        errors = {}
        if self.amount_min is not None and self.amount_min < 0:
            errors["amount_min"] = _("最低额度不能为负数。")
        if self.amount_max is not None and self.amount_max <= 0:
            errors["amount_max"] = _("最高额度须大于 0 元。")
        if self.term_min is not None and self.term_min < 1:
            errors["term_min"] = _("最短期限至少 1 个月。")
        for name, label in (("rate_min", _("最低年利率")), ("rate_max", _("最高年利率"))):
            rate = getattr(self, name)
            if rate is not None and not 0 <= rate <= 100 and name not in errors:
                errors[name] = _("%(label)s须在 0 至 100（%%）之间。") % {"label": label}
        if (self.amount_max is not None and self.amount_min is not None and self.amount_min > self.amount_max
                and "amount_max" not in errors):
            errors["amount_max"] = _("最高额度不能低于最低额度。")
        if self.term_max is not None and self.term_min is not None and self.term_min > self.term_max:
            errors["term_max"] = _("最长期限不能短于最短期限。")
        if (self.rate_max is not None and self.rate_min is not None and self.rate_min > self.rate_max
                and "rate_max" not in errors):
            errors["rate_max"] = _("最高利率不能低于最低利率。")
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        if not self.institution_id:
            parent = self.get_parent() if self.pk or self.path else None
            if parent is not None:
                self.institution_id = parent.specific.institution_id
        return super().save(*args, **kwargs)

    def get_meta_description(self):
        return self.search_description or self.target_customers

    @property
    def amount_min_wan(self):
        return yuan_to_wan(self.amount_min)

    @property
    def amount_max_wan(self):
        return yuan_to_wan(self.amount_max)

    @property
    def bank_logo(self):
        """The logo of the institution's bank page, for product cards (None when it has none)."""
        try:
            return self.institution.bank_page.logo
        except ObjectDoesNotExist:
            return None

    def guarantee_labels(self):
        labels = dict(GuaranteeMethod.choices)
        return [labels.get(code, code) for code in self.guarantee_methods]

    def repayment_labels(self):
        labels = dict(RepaymentMethod.choices)
        return [labels.get(code, code) for code in self.repayment_methods]

    def size_labels(self):
        labels = dict(EnterpriseSize.choices)
        return [labels.get(code, code) for code in self.eligible_sizes]

    def search_labels(self):
        """What the product page shows as labels, in the site's language: the bank, the 产品类别, the guarantee and
        repayment methods, the eligible sizes, industries and regions, the extra fields of the application form
        (indexed for the search)."""
        with translation.override(settings.LANGUAGE_CODE):
            parts = [self.institution.name if self.institution_id else "", str(self.get_product_type_display()),
                     *map(str, self.guarantee_labels()), *map(str, self.repayment_labels()),
                     *map(str, self.size_labels())]
        parts += [i.name for i in self.eligible_industries.all()] + [r.name for r in self.eligible_regions.all()]
        parts += [field.label for field in self.form_fields.all()]  # 申请时需填写
        return " ".join(filter(None, parts))

    def serve(self, request, *args, **kwargs):
        from django.contrib.auth.views import redirect_to_login

        from core.models import PortalSettings

        if not request.user.is_authenticated and PortalSettings.for_request(request).require_login_for_products:
            return redirect_to_login(request.get_full_path())
        return super().serve(request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        from finance_market.forms import CalculatorForm
        from members.models import Favourite

        context["form_fields"] = list(self.form_fields.all())
        context["calculator_form"] = CalculatorForm(initial=CalculatorForm.initial_for(self), auto_id="calc_%s")
        user = getattr(request, "user", None)
        context["favourite"] = (Favourite.objects.filter(user=user, page=self).first()
                                if user is not None and user.is_authenticated else None)
        return context


class ProductFormField(Orderable):
    """One extra field of a product's application form (贷款申报格式文本, F-LOAN-3)."""

    page = ParentalKey(LoanProductPage, on_delete=models.CASCADE, related_name="form_fields")
    label = models.CharField(_("字段名称"), max_length=80)
    field_type = models.CharField(_("类型"), max_length=20, choices=FieldType.choices, default=FieldType.TEXT)
    required = models.BooleanField(_("必填"), default=True)
    choices = models.CharField(_("选项"), max_length=500, blank=True, help_text=_("单选时填写，用逗号分隔"))
    help_text = models.CharField(_("填写说明"), max_length=200, blank=True)

    panels = [FieldPanel("label"), FieldPanel("field_type"), FieldPanel("required"), FieldPanel("choices"),
              FieldPanel("help_text")]

    class Meta(Orderable.Meta):
        verbose_name = _("申请表字段")

    def __str__(self):
        return self.label

    @property
    def key(self):
        return f"f{self.pk}"

    def choice_list(self):
        return [c.strip() for c in self.choices.replace("，", ",").split(",") if c.strip()]
