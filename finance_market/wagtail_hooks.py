"""金融超市 back office in the Wagtail admin (wagtail-modeladmin).

Institutions see only their own applications and notices; 人民银行 supervisors and platform admins see
all of them (read, urge). Actions open the application page (admin_views), which calls the lifecycle.
"""

from django.urls import include, path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail_modeladmin.helpers import ButtonHelper, PermissionHelper
from wagtail_modeladmin.options import ModelAdmin, ModelAdminGroup, modeladmin_register

from finance_market import admin_views
from finance_market.choices import NeedStatus
from finance_market.models import FeedbackNotice, FinancingNeed, LoanApplication, Rating, RefusalReason, Urge
from finance_market.permissions import can_read_all, user_institution


@hooks.register("register_admin_urls")
def register_market_admin_urls():
    patterns = [
        path("applications/<int:pk>/", admin_views.application_detail, name="application"),
        path("applications/<int:pk>/<str:action>/", admin_views.application_action, name="application_action"),
        path("needs/<int:pk>/<str:decision>/", admin_views.need_review, name="need_review"),
    ]
    return [path("market/", include((patterns, "market_admin")))]


@hooks.register("register_log_actions")
def register_market_log_actions(actions):
    for action, label in (
        ("submit", _("提交贷款申请")), ("accept", _("受理贷款申请")), ("request_info", _("要求补充材料")),
        ("resubmit", _("补充材料")), ("sign", _("签约")), ("refuse", _("拒绝贷款申请")), ("withdraw", _("撤回申请")),
        ("urge", _("催办")), ("report_notice", _("报送反馈通知书")), ("overdue", _("逾期")), ("rate", _("评价")),
        ("need_publish", _("发布融资需求")), ("need_review", _("审核融资需求")), ("need_withdraw", _("撤回融资需求")),
        ("need_claim", _("抢单")),
    ):
        actions.register_action(f"finance_market.{action}", label, label)


class MarketPermissionHelper(PermissionHelper):
    """Listed for institution staff (their own rows, see get_queryset) and for supervisors/platform admins;
    nobody creates, edits or deletes these records in the admin: they change through the lifecycle."""

    def user_can_list(self, user):
        return user_institution(user) is not None or can_read_all(user)

    def user_can_inspect_obj(self, user, obj):
        return False

    def user_can_create(self, user):
        return False

    def user_can_edit_obj(self, user, obj):
        return False

    def user_can_delete_obj(self, user, obj):
        return False


class PlatformListPermissionHelper(MarketPermissionHelper):
    def user_can_list(self, user):
        return can_read_all(user)


def _scoped(queryset, request, field="institution"):
    if can_read_all(request.user):
        return queryset
    institution = user_institution(request.user)
    return queryset.filter(**{field: institution}) if institution else queryset.none()


class ApplicationButtonHelper(ButtonHelper):
    def get_buttons_for_obj(self, obj, exclude=None, classnames_add=None, classnames_exclude=None):
        return [{"url": reverse("market_admin:application", args=[obj.pk]), "label": _("查看与处理"),
                 "classname": "button button-small", "title": _("查看申请并处理")}]


class LoanApplicationAdmin(ModelAdmin):
    model = LoanApplication
    menu_label = _("贷款申请")
    menu_icon = "doc-full"
    permission_helper_class = MarketPermissionHelper
    button_helper_class = ApplicationButtonHelper
    list_display = ("reference", "enterprise", "institution", "product_title", "amount_display", "status",
                    "submitted_at", "deadline_display")
    list_filter = ("status", "source", "is_first_loan", "institution", "submitted_at", "refusal_reason")
    search_fields = ("reference", "enterprise__name", "product_title")
    list_per_page = 30

    def get_queryset(self, request):
        return _scoped(super().get_queryset(request).select_related("enterprise", "institution"), request)

    def amount_display(self, obj):
        return f"{obj.amount_wan:.2f}"

    amount_display.short_description = _("金额（万元）")

    def deadline_display(self, obj):
        if obj.status == "submitted":
            due, overdue = obj.accept_due, obj.accept_overdue_at
        elif obj.is_open:
            due, overdue = obj.decide_due, obj.decide_overdue_at
        else:
            return "—"
        if overdue:
            return format_html('<span class="status-tag primary">{} {}</span>', due, _("已逾期"))
        return due

    deadline_display.short_description = _("办理期限")


class NoticeButtonHelper(ButtonHelper):
    def get_buttons_for_obj(self, obj, exclude=None, classnames_add=None, classnames_exclude=None):
        return [{"url": reverse("market_admin:application", args=[obj.application_id]), "label": _("查看"),
                 "classname": "button button-small", "title": _("查看申请与通知书")}]


class FeedbackNoticeAdmin(ModelAdmin):
    model = FeedbackNotice
    menu_label = _("反馈通知书")
    menu_icon = "mail"
    permission_helper_class = MarketPermissionHelper
    button_helper_class = NoticeButtonHelper
    list_display = ("application", "result", "generated_at", "due_date", "reported_at", "overdue_at")
    list_filter = ("result", "reported_at", "overdue_at")
    search_fields = ("application__reference", "application__enterprise__name")

    def get_queryset(self, request):
        return _scoped(super().get_queryset(request).select_related("application"), request,
                       "application__institution")


class UrgeAdmin(ModelAdmin):
    model = Urge
    menu_label = _("催办记录")
    menu_icon = "warning"
    permission_helper_class = MarketPermissionHelper
    button_helper_class = NoticeButtonHelper
    list_display = ("application", "by", "note", "created_at")
    search_fields = ("application__reference", "note")

    def get_queryset(self, request):
        return _scoped(super().get_queryset(request).select_related("application", "by"), request,
                       "application__institution")


class RatingAdmin(ModelAdmin):
    model = Rating
    menu_label = _("评价")
    menu_icon = "pick"
    permission_helper_class = MarketPermissionHelper
    button_helper_class = NoticeButtonHelper
    list_display = ("application", "side", "score", "comment", "created_at")
    list_filter = ("side", "score")

    def get_queryset(self, request):
        return _scoped(super().get_queryset(request).select_related("application"), request,
                       "application__institution")


class NeedButtonHelper(ButtonHelper):
    def get_buttons_for_obj(self, obj, exclude=None, classnames_add=None, classnames_exclude=None):
        if obj.status != NeedStatus.PENDING or not can_read_all(self.request.user):
            return []
        return [
            {"url": reverse("market_admin:need_review", args=[obj.pk, decision]), "label": label,
             "classname": "button button-small need-review", "title": label}
            for decision, label in (("approve", _("通过")), ("reject", _("驳回")))
        ]


class FinancingNeedAdmin(ModelAdmin):
    model = FinancingNeed
    menu_label = _("融资需求审核")
    menu_icon = "form"
    permission_helper_class = PlatformListPermissionHelper
    button_helper_class = NeedButtonHelper
    list_display = ("enterprise", "amount_display", "term_months", "purpose", "status", "claimed_by", "created_at")
    list_filter = ("status",)
    search_fields = ("enterprise__name", "purpose")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("enterprise", "claimed_by")

    def amount_display(self, obj):
        return f"{obj.amount_wan:.2f}"

    amount_display.short_description = _("金额（万元）")


class RefusalReasonAdmin(ModelAdmin):
    model = RefusalReason
    menu_label = _("拒绝原因")
    menu_icon = "list-ul"
    list_display = ("name", "sort_order", "is_active")


@modeladmin_register
class MarketAdminGroup(ModelAdminGroup):
    menu_label = _("金融超市")
    menu_icon = "folder-open-inverse"
    menu_order = 260
    items = (LoanApplicationAdmin, FeedbackNoticeAdmin, UrgeAdmin, RatingAdmin, FinancingNeedAdmin, RefusalReasonAdmin)
