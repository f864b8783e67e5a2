"""资本市场培育板 (F-LIST-5): a certified enterprise keeps its own pre-IPO record up to date on the member
centre; platform staff and the financial departments (金融办, 人民银行, 金融监管) read, count and export
all records in the Wagtail admin. Nobody else sees them."""

from decimal import Decimal

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.forms import PreciseErrorsMixin
from core.money import WanAmountField, yuan_to_wan
from enterprise_list.exports import file_response, workbook_bytes
from enterprise_list.listing.models import ListingBoard, ListingPlan, ListingStage
from members.decorators import certified_enterprise_required
from members.models import AccountCategory, DepartmentType
from members.roles import LEVEL2, in_group, is_platform_admin

FINANCIAL_DEPARTMENT_TYPES = (DepartmentType.FINANCE_OFFICE, DepartmentType.PBOC, DepartmentType.REGULATOR)
PER_PAGE = 50


def can_view_listing_plans(user):
    """Platform staff (level 1 and 2) and members of a financial department's groups; never enterprises."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if getattr(user, "category", None) == AccountCategory.ENTERPRISE:
        return False
    if is_platform_admin(user) or in_group(user, LEVEL2):
        return True
    department = getattr(user, "department", None)
    return department is not None and department.dept_type in FINANCIAL_DEPARTMENT_TYPES


# ---------------------------------------------------------------- enterprise side


class ListingPlanForm(PreciseErrorsMixin, forms.ModelForm):
    revenue_wan = WanAmountField(label=gettext_lazy("上年度营业收入（万元）"), min_value=Decimal(0), required=False)
    profit_wan = WanAmountField(label=gettext_lazy("上年度净利润（万元）"), min_value=None, required=False,
                                help_text=gettext_lazy("亏损填负数"))

    class Meta:
        model = ListingPlan
        fields = ["target_board", "stage", "planned_year", "revenue_wan", "profit_wan", "intermediaries",
                  "contact_person", "contact_phone"]
        widgets = {"intermediaries": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial.setdefault("revenue_wan", yuan_to_wan(self.instance.last_year_revenue))
            self.initial.setdefault("profit_wan", yuan_to_wan(self.instance.last_year_profit))

    def clean_planned_year(self):
        year = self.cleaned_data["planned_year"]
        this_year = timezone.localdate().year
        if not this_year - 30 <= year <= this_year + 10:
            raise forms.ValidationError(_("请填写 %(start)d 至 %(end)d 之间的年份。")
                                        % {"start": this_year - 30, "end": this_year + 10})
        return year

    def save(self, commit=True):
        plan = super().save(commit=False)
        plan.last_year_revenue = self.cleaned_data.get("revenue_wan")  # WanAmountField cleans to yuan
        plan.last_year_profit = self.cleaned_data.get("profit_wan")
        if commit:
            plan.save()
        return plan


@certified_enterprise_required
def my_listing_plan(request):
    """The enterprise's own record: there is no id in the URL, so one enterprise can never reach another's."""
    enterprise = request.user.enterprise
    plan = ListingPlan.objects.filter(enterprise=enterprise).first() or ListingPlan(
        enterprise=enterprise, contact_person=enterprise.contact_person, contact_phone=enterprise.contact_phone)
    form = ListingPlanForm(request.POST or None, instance=plan)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            form.save()
        messages.success(request, _("拟上市企业信息已保存。"))
        return redirect("enterprise_list:listing_plan")
    return TemplateResponse(request, "enterprise_list/listing_plan_form.html", {"form": form, "plan": plan},
                            status=400 if form.errors else 200)


# ---------------------------------------------------------------- admin side


class ListingFilterForm(forms.Form):
    q = forms.CharField(label=gettext_lazy("企业名称"), required=False)
    board = forms.ChoiceField(label=gettext_lazy("拟上市板块"), required=False,
                              choices=[("", gettext_lazy("全部"))] + ListingBoard.choices)
    stage = forms.ChoiceField(label=gettext_lazy("上市进程"), required=False,
                              choices=[("", gettext_lazy("全部"))] + ListingStage.choices)
    year = forms.IntegerField(label=gettext_lazy("计划上市年份"), required=False)


def filtered_plans(params):
    form = ListingFilterForm(params or None)
    plans = ListingPlan.objects.select_related("enterprise", "enterprise__industry", "enterprise__region")
    if form.is_valid():
        data = form.cleaned_data
        if data["q"]:
            plans = plans.filter(enterprise__name__icontains=data["q"])
        if data["board"]:
            plans = plans.filter(target_board=data["board"])
        if data["stage"]:
            plans = plans.filter(stage=data["stage"])
        if data["year"]:
            plans = plans.filter(planned_year=data["year"])
    return form, plans.order_by("-updated_at", "pk")


EXPORT_HEADERS = [gettext_lazy("企业名称"), gettext_lazy("统一社会信用代码"), gettext_lazy("所属行业"),
                  gettext_lazy("所属镇街"), gettext_lazy("拟上市板块"), gettext_lazy("上市进程"),
                  gettext_lazy("计划上市年份"), gettext_lazy("上年度营业收入（万元）"),
                  gettext_lazy("上年度净利润（万元）"), gettext_lazy("中介机构"), gettext_lazy("联系人"),
                  gettext_lazy("联系电话"), gettext_lazy("更新时间")]


def export_row(plan):
    enterprise = plan.enterprise
    return [enterprise.name, enterprise.credit_code, enterprise.industry.name if enterprise.industry else "",
            enterprise.region.name if enterprise.region else "", plan.get_target_board_display(),
            plan.get_stage_display(), plan.planned_year, plan.revenue_wan, plan.profit_wan, plan.intermediaries,
            plan.contact_person, plan.contact_phone, timezone.localtime(plan.updated_at).date()]


def statistics(plans):
    """Counts by board (rows) and stage (columns), with totals; every board and stage shown, zeros too."""
    counts = {(row["target_board"], row["stage"]): row["n"]
              for row in plans.order_by().values("target_board", "stage").annotate(n=Count("pk"))}
    rows = []
    for board, board_label in ListingBoard.choices:
        cells = [counts.get((board, stage), 0) for stage in ListingStage.values]
        rows.append((board_label, cells, sum(cells)))
    totals = [sum(counts.get((board, stage), 0) for board in ListingBoard.values) for stage in ListingStage.values]
    return {"stages": ListingStage.labels, "rows": rows, "totals": totals, "total": sum(totals)}


def _guard(request):
    if not can_view_listing_plans(request.user):
        raise PermissionDenied


def admin_index(request):
    _guard(request)
    form, plans = filtered_plans(request.GET)
    page_obj = Paginator(plans, PER_PAGE).get_page(request.GET.get("p"))
    query = request.GET.copy()
    query.pop("p", None)
    return TemplateResponse(request, "enterprise_list/admin/listing_plans.html", {
        "form": form, "page_obj": page_obj, "stats": statistics(plans), "query": query.urlencode(),
    })


def admin_export(request):
    _guard(request)
    _form, plans = filtered_plans(request.GET)
    title = _("拟上市企业信息")
    content = workbook_bytes(EXPORT_HEADERS, (export_row(plan) for plan in plans), title)
    return file_response(content, f"{title}-{timezone.localdate():%Y%m%d}.xlsx")
