"""金融超市 back office in the Wagtail admin (wagtail-modeladmin).

Institutions see only their own applications and notices; 人民银行 supervisors and platform admins see
all of them (read, urge). Actions open the application page (admin_views), which calls the lifecycle.
"""

from datetime import timedelta
from urllib.parse import urlencode

from django import forms
from django.contrib.admin import SimpleListFilter
from django.shortcuts import redirect
from django.urls import include, path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.log_actions import log
from wagtail_modeladmin.helpers import ButtonHelper, PermissionHelper
from wagtail_modeladmin.options import ModelAdminGroup, modeladmin_register
from wagtail_modeladmin.views import CreateView, EditView

from core.admin_helpers import FilledValuesListFilter, NoAdminChangesMixin, PortalIndexView, PortalModelAdmin
from core.dashboard import Todo, TodoPanel, TodoTable
from finance_market import admin_views, queries
from finance_market import needs as needs_service
from finance_market.choices import ApplicationStatus, NeedStatus
from finance_market.lifecycle import TransitionError
from finance_market.models import (
    FeedbackNotice,
    FinancingNeed,
    LoanApplication,
    NonDisbursementReason,
    Rating,
    RefusalReason,
    Urge,
)
from finance_market.permissions import can_read_all, is_supervisor, signs_off_notices, user_institution
from members.models import CertificationStatus, Enterprise
from members.roles import is_platform_admin


@hooks.register("register_admin_urls")
def register_market_admin_urls():
    patterns = [
        path("applications/<int:pk>/", admin_views.application_detail, name="application"),
        path("applications/<int:pk>/<str:action>/", admin_views.application_action, name="application_action"),
        path("needs/<int:pk>/<str:decision>/", admin_views.need_review, name="need_review"),
        path("notices/<int:pk>/print/", admin_views.notice_print, name="notice_print"),
        path("batch/<str:kind>/", admin_views.batch, name="batch"),
        path("enterprises/<int:pk>/profile/", admin_views.enterprise_profile, name="enterprise_profile"),
        path("enterprises/granted/", admin_views.granted_enterprises, name="granted_enterprises"),
    ]
    return [path("market/", include((patterns, "market_admin")))]


@hooks.register("register_log_actions")
def register_market_log_actions(actions):
    for action, label in (
        ("submit", _("提交贷款申请")), ("accept", _("受理贷款申请")), ("request_info", _("要求补充材料")),
        ("resubmit", _("补充材料")), ("sign", _("签约")), ("refuse", _("拒绝贷款申请")), ("withdraw", _("撤回申请")),
        ("urge", _("催办")), ("enterprise_urge", _("企业催办")), ("report_notice", _("报送反馈通知书")),
        ("sign_notice", _("签收反馈通知书")), ("disburse", _("登记放款")), ("settle", _("登记结清")),
        ("not_disburse", _("登记未放款")),
        ("overdue", _("逾期")), ("rate", _("评价")), ("credit_check", _("本行核查")),
        ("need_publish", _("发布融资需求")), ("need_review", _("审核融资需求")), ("need_withdraw", _("撤回融资需求")),
        ("need_claim", _("抢单")), ("need_edit", _("修改融资需求")), ("need_enter", _("代录融资需求")),
    ):
        actions.register_action(f"finance_market.{action}", label, label)


class MarketPermissionHelper(NoAdminChangesMixin, PermissionHelper):
    """Listed for institution staff (their own rows, see get_queryset) and for supervisors/platform admins;
    nobody creates, edits or deletes these records in the admin: they change through the lifecycle."""

    def user_can_list(self, user):
        return user_institution(user) is not None or can_read_all(user)

    def user_can_inspect_obj(self, user, obj):
        return False


class PlatformListPermissionHelper(MarketPermissionHelper):
    def user_can_list(self, user):
        return can_read_all(user)


def _scoped(queryset, request, field="institution"):
    if can_read_all(request.user):
        return queryset
    institution = user_institution(request.user)
    return queryset.filter(**{field: institution}) if institution else queryset.none()


class ApplicationLinkButtonHelper(ButtonHelper):
    """One button per row, to the application page (admin_views) where everything about an application is
    read and done; a row names its application by ``application_field``."""

    application_field = "application_id"
    label = _("查看")
    title = _("查看申请与通知书")

    def get_buttons_for_obj(self, obj, exclude=None, classnames_add=None, classnames_exclude=None):
        return [{"url": reverse("market_admin:application", args=[getattr(obj, self.application_field)]),
                 "label": self.label, "classname": "button button-small", "title": self.title}]


class NoticeButtonHelper(ApplicationLinkButtonHelper):
    """查看 the application, and 打印 the notice (a formatted print view)."""

    def get_buttons_for_obj(self, obj, exclude=None, classnames_add=None, classnames_exclude=None):
        return super().get_buttons_for_obj(obj) + [
            {"url": reverse("market_admin:notice_print", args=[obj.pk]), "label": _("打印"),
             "classname": "button button-small button-secondary", "title": _("打印反馈通知书")}]


class ApplicationButtonHelper(ApplicationLinkButtonHelper):
    application_field = "pk"
    label = _("查看与处理")
    title = _("查看申请并处理")


class DeadlineFilter(SimpleListFilter):
    """办理期限: read from the deadline itself (ApplicationQuerySet.with_deadline / overdue), so an item is listed
    as overdue as soon as its deadline has passed, whether or not the hourly job has run."""

    title = _("办理期限")
    parameter_name = "deadline"

    def lookups(self, request, model_admin):
        return (("waiting", _("待受理或审批")), ("overdue", _("已逾期")), ("due_soon", _("1个工作日内到期")),
                ("today", _("今天到期")), ("week", _("7日内到期")), ("none", _("无期限")))

    def queryset(self, request, queryset):
        today = timezone.localdate()
        value = self.value()
        if value == "waiting":
            return queryset.filter(queries.waiting_q())
        if value == "due_soon":
            return queryset.filter(queries.due_soon_q(today))
        if value == "overdue":
            return queryset.overdue(today)
        if value == "today":
            return queryset.filter(deadline=today)
        if value == "week":
            return queryset.filter(deadline__gte=today, deadline__lte=today + timedelta(days=7))
        if value == "none":
            return queryset.filter(deadline__isnull=True)
        return queryset


class NoticeStateFilter(SimpleListFilter):
    """报送与签收 of 反馈通知书; 逾期未报送 is read from the due date."""

    title = _("报送与签收")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return (("unreported", _("未报送")), ("overdue", _("逾期未报送")), ("unsigned", _("已报送待签收")),
                ("signed", _("已签收")))

    def queryset(self, request, queryset):
        value = self.value()
        if value == "unreported":
            return queryset.filter(reported_at__isnull=True)
        if value == "overdue":
            return queryset.overdue()
        if value == "unsigned":
            return queryset.filter(reported_at__isnull=False, signed_at__isnull=True)
        if value == "signed":
            return queryset.filter(signed_at__isnull=False)
        return queryset


def _select_box(obj, form_id, selectable):
    if not selectable:
        return ""
    return format_html('<input type="checkbox" name="pk" value="{}" form="{}" aria-label="{}">', obj.pk, form_id,
                       _("选择 %s") % obj)


def _overdue_tag(due, overdue):
    if due is None:
        return "—"
    if overdue:
        return format_html('<span class="status-tag primary">{} {}</span>', due, _("已逾期"))
    return due


class BatchIndexView(PortalIndexView):
    def get_context_data(self, **kwargs):
        return super().get_context_data(batches=self.model_admin.batches(self.request), **kwargs)


class BatchListMixin:
    """A list whose rows can be ticked for a batch step (admin_views.batch); the forms are drawn by the list's
    index template, which the checkboxes join through their ``form`` attribute."""

    index_template_name = "finance_market/admin/batch_index.html"
    index_view_class = BatchIndexView

    def batches(self, request):
        """[(kind, button label)] the user may run on this list; its checkbox column is ``select_<kind>``."""
        return []

    def get_list_display_add_buttons(self, request):
        """The row's buttons (查看与处理) under the first real column, not under the narrow checkbox."""
        return super().get_list_display(request)[0]

    def get_list_display(self, request):
        # wagtail-modeladmin asks for every cell of every row (~800 times for a page of 30): once per request
        cached = getattr(request, "_portal_list_display", None)
        if cached is None or cached[0] is not self:
            display = super().get_list_display(request)
            batches = self.batches(request)
            cached = request._portal_list_display = (
                self, (f"select_{batches[0][0]}", *display) if batches else display)
        return cached[1]


class LoanApplicationAdmin(BatchListMixin, PortalModelAdmin):
    model = LoanApplication
    menu_label = _("贷款申请")
    menu_icon = "doc-full"
    permission_helper_class = MarketPermissionHelper
    button_helper_class = ApplicationButtonHelper
    list_display = ("reference", "enterprise", "institution", "product_title", "amount_display", "status",
                    "submitted_at", "deadline_display")
    list_filter = (DeadlineFilter, "status", "source", "is_first_loan", "institution", "submitted_at",
                   "refusal_reason")
    search_fields = ("reference", "enterprise__name", "product_title")
    list_per_page = 30
    list_export = ("reference", "enterprise", "institution", "product_title", "amount_wan_value", "term_months",
                   "status_label", "submitted_at", "accept_due", "decide_due", "deadline_value", "overdue_label",
                   "credit_amount_wan_value", "refusal_reason")
    export_filename = "loan-applications"

    def get_queryset(self, request):
        return _scoped(super().get_queryset(request).select_related(
            "enterprise", "institution", "refusal_reason").with_deadline(), request)

    def batches(self, request):
        return [("accept", _("受理所选"))] if user_institution(request.user) is not None else []

    def select_accept(self, obj):
        return _select_box(obj, "batch-accept", obj.status == "submitted")

    select_accept.short_description = _("选择")

    def amount_display(self, obj):
        return f"{obj.amount_wan:.2f}"

    amount_display.short_description = _("金额（万元）")

    def amount_wan_value(self, obj):
        return float(obj.amount_wan)

    amount_wan_value.short_description = _("申请金额（万元）")

    def credit_amount_wan_value(self, obj):
        return float(obj.credit_amount_wan) if obj.credit_amount is not None else ""

    credit_amount_wan_value.short_description = _("授信额度（万元）")

    def status_label(self, obj):
        return obj.get_status_display()

    status_label.short_description = _("状态")

    def deadline_value(self, obj):
        return obj.current_due or ""

    deadline_value.short_description = _("当前办理期限")

    def overdue_label(self, obj):
        return str(_("已逾期")) if obj.is_overdue else ""

    overdue_label.short_description = _("是否逾期")

    def deadline_display(self, obj):
        return _overdue_tag(obj.current_due, obj.is_overdue)

    deadline_display.short_description = _("办理期限")
    deadline_display.admin_order_field = "deadline"


class FeedbackNoticeAdmin(BatchListMixin, PortalModelAdmin):
    model = FeedbackNotice
    menu_label = _("反馈通知书")
    menu_icon = "mail"
    permission_helper_class = MarketPermissionHelper
    button_helper_class = NoticeButtonHelper
    list_display = ("application", "institution_name", "result", "loan_status", "generated_at", "due_display",
                    "reported_at", "signed_at")
    list_filter = (NoticeStateFilter, "result", "generated_at", "application__institution")
    search_fields = ("application__reference", "application__enterprise__name")
    list_export = ("reference", "enterprise_name", "institution_name", "result_label", "loan_status", "generated_at",
                   "due_date", "overdue_label", "reported_at", "reported_by", "signed_at", "signed_by")
    export_filename = "feedback-notices"

    def loan_status(self, obj):
        """放款情况 after a signing: 已放款 with the sum paid out, 已结清, 未放款 with its reason (— otherwise)."""
        app = obj.application
        if app.status == ApplicationStatus.DISBURSED:
            return _("已放款 %s 万元") % f"{app.disbursed_amount_wan:.2f}"
        if app.status == ApplicationStatus.SETTLED:
            return _("已结清（放款 %s 万元）") % f"{app.disbursed_amount_wan:.2f}"
        if app.status == ApplicationStatus.NOT_DISBURSED:
            return _("未放款：%s") % (app.not_disbursed_reason or "—")
        return "—"

    loan_status.short_description = _("放款情况")

    def get_queryset(self, request):
        return _scoped(super().get_queryset(request).select_related(
            "application__institution", "application__enterprise", "application__not_disbursed_reason", "reported_by",
            "signed_by"), request,
            "application__institution")

    def batches(self, request):
        if user_institution(request.user) is not None:
            return [("report", _("报送所选"))]
        if signs_off_notices(request.user):
            return [("sign", _("签收所选"))]
        return []

    def select_report(self, obj):
        return _select_box(obj, "batch-report", obj.reported_at is None)

    select_report.short_description = _("选择")

    def select_sign(self, obj):
        return _select_box(obj, "batch-sign", obj.reported_at is not None and obj.signed_at is None)

    select_sign.short_description = _("选择")

    def reference(self, obj):
        return obj.application.reference

    reference.short_description = _("申请编号")

    def enterprise_name(self, obj):
        return obj.application.enterprise.name

    enterprise_name.short_description = _("申请企业")

    def institution_name(self, obj):
        return obj.application.institution.name

    institution_name.short_description = _("金融机构")

    def result_label(self, obj):
        return obj.get_result_display()

    result_label.short_description = _("结果")

    def overdue_label(self, obj):
        return str(_("已逾期")) if obj.is_overdue else ""

    overdue_label.short_description = _("是否逾期")

    def due_display(self, obj):
        return _overdue_tag(obj.due_date, obj.is_overdue)

    due_display.short_description = _("报送期限")
    due_display.admin_order_field = "due_date"


class UrgeAdmin(PortalModelAdmin):
    model = Urge
    menu_label = _("催办记录")
    menu_icon = "warning"
    permission_helper_class = MarketPermissionHelper
    button_helper_class = ApplicationLinkButtonHelper
    list_display = ("application", "institution_name", "by", "note", "created_at")
    list_filter = ("created_at", "application__institution")
    search_fields = ("application__reference", "note")
    list_export = ("reference", "institution_name", "by", "note", "created_at")
    export_filename = "urges"

    def get_queryset(self, request):
        return _scoped(super().get_queryset(request).select_related("application__institution", "by"), request,
                       "application__institution")

    def reference(self, obj):
        return obj.application.reference

    reference.short_description = _("申请编号")

    def institution_name(self, obj):
        return obj.application.institution.name

    institution_name.short_description = _("金融机构")


class RatingAdmin(PortalModelAdmin):
    model = Rating
    menu_label = _("评价")
    menu_icon = "pick"
    permission_helper_class = MarketPermissionHelper
    button_helper_class = ApplicationLinkButtonHelper
    list_display = ("application", "side", "score", "comment", "created_at")
    list_filter = ("side", "score")

    def get_queryset(self, request):
        return _scoped(super().get_queryset(request).select_related("application"), request,
                       "application__institution")


class NeedButtonHelper(ButtonHelper):
    def get_buttons_for_obj(self, obj, exclude=None, classnames_add=None, classnames_exclude=None):
        buttons = super().get_buttons_for_obj(obj, exclude, classnames_add, classnames_exclude)
        if obj.status != NeedStatus.PENDING or not is_platform_admin(self.request.user):
            return buttons
        return buttons + [
            {"url": reverse("market_admin:need_review", args=[obj.pk, decision]), "label": label,
             "classname": "button button-small need-review", "title": label}
            for decision, label in (("approve", _("通过")), ("reject", _("驳回")))
        ]


class NeedPermissionHelper(PlatformListPermissionHelper):
    """Supervisors read; platform admins also enter needs on an enterprise's behalf (F-NEED-4) and keep the
    credit status and anti-fraud score up to date (F-NEED-2). The need's own content is the enterprise's."""

    def user_can_create(self, user):
        return is_platform_admin(user)

    def user_can_edit_obj(self, user, obj):
        return is_platform_admin(user)


class CertifiedEnterpriseField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name}（{obj.credit_code}）"


class NeedEntryForm(WagtailAdminModelForm):
    enterprise = CertifiedEnterpriseField(
        label=_("企业"), queryset=Enterprise.objects.filter(status=CertificationStatus.CERTIFIED).order_by("name"),
        help_text=_("只能为已认证企业录入"))

    class Meta:
        model = FinancingNeed
        fields = ["enterprise", "amount", "term_months", "purpose", "repayment_method", "credit_status",
                  "anti_fraud_score"]


class NeedCreateView(CreateView):
    """代录: the need is published at once and the enterprise is told (finance_market.needs.enter_on_behalf)."""

    def get_edit_handler(self):
        return ObjectList([FieldPanel(name) for name in NeedEntryForm.Meta.fields],
                          base_form_class=NeedEntryForm).bind_to_model(FinancingNeed)

    def form_valid(self, form):
        data = dict(form.cleaned_data)
        try:
            self.instance = needs_service.enter_on_behalf(data.pop("enterprise"), self.request.user, **data)
        except TransitionError as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        messages.success(self.request,
                         _("已为“%(name)s”录入并发布融资需求。") % {"name": self.instance.enterprise.name})
        return redirect(self.get_success_url())


class NeedEditView(EditView):
    """Only the platform's own fields; the amount, term and purpose stay the enterprise's."""

    def get_edit_handler(self):
        return ObjectList([FieldPanel("credit_status"), FieldPanel("anti_fraud_score")]).bind_to_model(FinancingNeed)

    def form_valid(self, form):
        need = form.save()
        log(need, "wagtail.edit", user=self.request.user,
            data={"credit_status": need.credit_status, "anti_fraud_score": need.anti_fraud_score})
        messages.success(self.request, _("已更新信用状况和反欺诈评分。"))
        return redirect(self.get_success_url())


class FinancingNeedAdmin(PortalModelAdmin):
    model = FinancingNeed
    menu_label = _("融资需求")
    menu_icon = "form"
    permission_helper_class = NeedPermissionHelper
    button_helper_class = NeedButtonHelper
    create_view_class = NeedCreateView
    edit_view_class = NeedEditView
    list_display = ("enterprise", "amount_display", "term_months", "purpose", "status", "credit_status",
                    "anti_fraud_score", "entered_by", "claimed_by", "created_at")
    list_filter = ("status", ("credit_status", FilledValuesListFilter))
    search_fields = ("enterprise__name", "purpose")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("enterprise", "claimed_by", "entered_by")

    def amount_display(self, obj):
        return f"{obj.amount_wan:.2f}"

    amount_display.short_description = _("金额（万元）")


class RefusalReasonAdmin(PortalModelAdmin):
    model = RefusalReason
    menu_label = _("拒绝原因")
    menu_icon = "list-ul"
    list_display = ("name", "sort_order", "is_active")


class NonDisbursementReasonAdmin(PortalModelAdmin):
    model = NonDisbursementReason
    menu_label = _("未放款原因")
    menu_icon = "list-ul"
    list_display = ("name", "sort_order", "is_active")


class NeedsMarketMenuItem(MenuItem):
    """融资需求抢单 (/market/needs/, a site page): only institution staff claim needs, so only they see it."""

    def is_shown(self, request):
        return user_institution(request.user) is not None


@modeladmin_register
class MarketAdminGroup(ModelAdminGroup):
    menu_label = _("金融超市")
    menu_icon = "folder-open-inverse"
    menu_order = 260
    items = (LoanApplicationAdmin, FeedbackNoticeAdmin, UrgeAdmin, RatingAdmin, FinancingNeedAdmin, RefusalReasonAdmin,
             NonDisbursementReasonAdmin)

    def get_submenu_items(self):
        items = super().get_submenu_items()
        return items + [NeedsMarketMenuItem(_("融资需求抢单"), reverse("market:needs"), name="market-needs",
                                            icon_name="form", order=len(items) + 1),
                        NeedsMarketMenuItem(_("企业数据授权"), reverse("market_admin:granted_enterprises"),
                                            name="granted-enterprises", icon_name="user", order=len(items) + 2)]

def _index(model, **params):
    url = reverse(f"finance_market_{model._meta.model_name}_modeladmin_index")
    return f"{url}?{urlencode(params)}" if params else url


@hooks.register("construct_homepage_panels")
def add_market_todo_panels(request, panels):
    """A bank's to-dos; 人民银行's per-bank supervision; the platform's marketplace reviews."""
    user = request.user
    institution = user_institution(user)
    if institution is not None:
        counts = queries.bank_todo(institution)
        panels.append(TodoPanel("market-bank-todo", _("本机构待办"), [
            Todo("bank-waiting", _("待受理或审批的申请"), counts["waiting"],
                 _index(LoanApplication, deadline="waiting")),
            Todo("bank-due-soon", _("1个工作日内到期的申请"), counts["due_soon"],
                 _index(LoanApplication, deadline="due_soon"), urgent=True),
            Todo("bank-overdue", _("已逾期的申请"), counts["overdue"], _index(LoanApplication, deadline="overdue"),
                 urgent=True),
            Todo("bank-notices", _("待报送的反馈通知书"), counts["notices"],
                 _index(FeedbackNotice, state="unreported"), urgent=True),
            Todo("bank-needs", _("可抢单的融资需求"), counts["needs"], reverse("market:needs")),
        ], order=10))
    if is_platform_admin(user):
        counts = queries.platform_todo()
        panels.append(TodoPanel("market-platform-todo", _("金融超市待审核"), [
            Todo("platform-needs", _("待审核的融资需求"), counts["needs"],
                 _index(FinancingNeed, status__exact=NeedStatus.PENDING)),
            Todo("platform-products", _("待审核的贷款产品"), counts["products"],
                 reverse("wagtailadmin_reports:workflow") + "?" + urlencode({"status": "in_progress"})),
        ], order=12))
    elif is_supervisor(user):
        panels.append(_supervision_panel())


def _supervision_panel():
    rows = []
    totals = {"overdue_notices": 0, "overdue_applications": 0, "urges": 0}
    for row in queries.supervision_by_bank():
        pk = row["institution"].pk
        for key in totals:
            totals[key] += row[key]
        rows.append([
            (row["institution"].name, ""),
            (row["overdue_applications"], _index(LoanApplication, deadline="overdue", institution__id__exact=pk)),
            (row["overdue_notices"], _index(FeedbackNotice, state="overdue", application__institution__id__exact=pk)),
            (row["urges"], _index(Urge, application__institution__id__exact=pk)),
            (row["decided"], _index(LoanApplication, institution__id__exact=pk)),
            ("—" if row["mean_days"] is None else row["mean_days"], ""),
        ])
    table = TodoTable(_("各机构办理情况"), [_("金融机构"), _("逾期申请"), _("逾期未报送通知书"), _("催办"),
                                           _("已决定笔数"), _("平均办理天数（自然日）")], rows)
    return TodoPanel("market-supervision", _("人民银行监管待办"), [
        Todo("pbc-overdue-applications", _("已逾期的申请"), totals["overdue_applications"],
             _index(LoanApplication, deadline="overdue"), urgent=True),
        Todo("pbc-overdue-notices", _("逾期未报送的反馈通知书"), totals["overdue_notices"],
             _index(FeedbackNotice, state="overdue"), urgent=True),
        Todo("pbc-urges", _("催办记录"), totals["urges"], _index(Urge)),
    ], order=10, table=table, note=_("平均办理天数：从提交到作出决定（签约或拒绝）的平均自然日。"))
