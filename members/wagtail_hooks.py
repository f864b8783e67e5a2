"""Back office for members: enterprises (with certification), institutions, departments, blacklist,
dictionaries, 站内信 and the login log. The operation log is Wagtail's own 站点历史 report
(/admin/reports/site-history/), fed by the log() calls in services.py and by every admin edit."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.admin import SimpleListFilter
from django.db import transaction
from django.urls import include, path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, ObjectList, extract_panel_definitions_from_model_class
from wagtail.admin.ui.sidebar import LinkMenuItem as LinkMenuItemComponent
from wagtail.admin.widgets import ListingButton
from wagtail.snippets.models import register_snippet
from wagtail_modeladmin.helpers import ButtonHelper, PermissionHelper
from wagtail_modeladmin.options import ModelAdminGroup, modeladmin_register
from wagtail_modeladmin.views import CreateView, EditView, InspectView

from core.admin_helpers import NoAdminChangesMixin, PortalModelAdmin, PortalSnippetViewSet
from core.dashboard import Todo, TodoPanel
from members import (
    admin_blacklist,
    admin_credit_records,
    admin_inbox,
    admin_onboarding,
    admin_roles,
    admin_users,
    admin_views,
    onboarding,
    queries,
)
from members.masking import mask_code, mask_phone
from members.models import (
    Blacklist,
    CertificationStatus,
    ChangeStatus,
    CreditAuthorisationText,
    CreditRecord,
    DataGrant,
    DataView,
    Enterprise,
    FinancialInstitution,
    GovernmentDepartment,
    Industry,
    LoginLog,
    Message,
    Park,
    ProfileChangeRequest,
    Region,
)
from members.roles import is_platform_admin, setup_department
from members.signals import institution_created


@hooks.register("register_admin_urls")
def register_member_admin_urls():
    patterns = [
        path("enterprise/<int:pk>/certify/", admin_views.certify_enterprise, name="certify_enterprise"),
        path("enterprise/<int:pk>/licence/", admin_views.certification_licence, name="certification_licence"),
        path("enterprise/<int:pk>/reject/", admin_views.reject_enterprise, name="reject_enterprise"),
        path("enterprise/<int:pk>/cancel/", admin_views.cancel_enterprise_account, name="cancel_enterprise"),
        path("change/<int:pk>/approve/", admin_views.approve_change, name="approve_change"),
        path("change/<int:pk>/reject/", admin_views.reject_change, name="reject_change"),
        path("blacklist/import/", admin_blacklist.import_blacklist, name="blacklist_import"),
        path("blacklist/template/", admin_blacklist.import_template, name="blacklist_template"),
        path("user/<int:pk>/setup-link/", admin_users.resend_setup_link, name="setup_link"),
        path("credit-records/import/", admin_credit_records.import_records, name="credit_record_import"),
        path("credit-records/template/", admin_credit_records.import_template, name="credit_record_template"),
    ]
    role_patterns = [
        path("copy/", admin_roles.copy_role, name="copy_role"),
        path("level2-channels/", admin_roles.level2_channels, name="level2_channels"),
        path("level2-channels/<int:user_pk>/<int:page_pk>/revoke/", admin_roles.revoke_level2_channel,
             name="revoke_level2_channel"),
    ]
    inbox_patterns = [
        path("", admin_inbox.inbox_list, name="index"),
        path("<int:pk>/", admin_inbox.inbox_detail, name="detail"),
        path("read-all/", admin_inbox.inbox_mark_all_read, name="mark_all_read"),
    ]
    return [path("member-review/", include((patterns, "members_admin"))),
            path("roles/", include((role_patterns, "members_roles"))),
            path("inbox/", include((inbox_patterns, "members_inbox")))]


class InboxMenuItem(MenuItem):
    """收件箱, with the signed-in user's unread count in its label (the sidebar has no badge of its own)."""

    def render_component(self, request):
        unread = queries.unread_count(request.user)
        label = _("收件箱（%(n)d 条未读）") % {"n": unread} if unread else self.label
        return LinkMenuItemComponent(self.name, label, self.url, icon_name=self.icon_name,
                                     classname=self.classname, attrs=self.attrs)


@hooks.register("register_admin_menu_item")
def register_inbox_menu_item():
    return InboxMenuItem(_("收件箱"), reverse("members_inbox:index"), name="inbox", icon_name="mail", order=150)


@hooks.register("construct_homepage_panels")
def add_platform_review_panel(request, panels):
    """Certifications and sensitive-data changes waiting for the platform (level-1 admins)."""
    if not is_platform_admin(request.user):
        return
    counts = queries.platform_review_counts()
    enterprises = reverse("members_enterprise_modeladmin_index")
    changes = reverse("members_profilechangerequest_modeladmin_index")
    panels.append(TodoPanel("members-platform-todo", _("会员待审核"), [
        Todo("platform-certifications", _("待审核的企业认证"), counts["certifications"],
             f"{enterprises}?{urlencode({'status__exact': CertificationStatus.PENDING})}"),
        Todo("platform-changes", _("待审核的敏感信息变更"), counts["changes"],
             f"{changes}?{urlencode({'status__exact': ChangeStatus.PENDING})}"),
    ], order=11))


@hooks.register("register_user_listing_buttons")
def setup_link_button(user, request_user):
    """「重新发送设置密码链接」 in an account's 更多 menu while it has not set its password (members.onboarding)."""
    if onboarding.needs_setup(user) and onboarding.may_resend_setup_link(request_user, user):
        yield ListingButton(_("重新发送设置密码链接"), reverse("members_admin:setup_link", args=[user.pk]),
                            icon_name="key", priority=50)


for bulk_action in admin_users.BULK_ACTIONS:  # after Wagtail's own (order 0), so these replace them
    hooks.register("register_bulk_action", bulk_action, order=1)


class Level1MenuItem(MenuItem):
    def is_shown(self, request):
        return is_platform_admin(request.user)


@hooks.register("register_settings_menu_item")
def register_copy_role_menu_item():
    return Level1MenuItem(_("复制角色"), reverse("members_roles:copy_role"), icon_name="copy", order=602)


@hooks.register("register_settings_menu_item")
def register_level2_channels_menu_item():
    return Level1MenuItem(_("二级管理员栏目"), reverse("members_roles:level2_channels"), icon_name="group", order=603)


@hooks.register("register_log_actions")
def register_member_log_actions(actions):
    actions.register_action("members.register", _("企业注册"), _("企业注册"))
    actions.register_action("members.activate", _("账号激活"), _("账号激活"))
    actions.register_action("members.password_reset_sms", _("短信找回密码"), _("短信找回密码"))
    actions.register_action("members.cancel", _("账号注销"), _("账号注销"))
    actions.register_action("members.resend_setup_link", _("重新发送设置密码链接"), _("重新发送设置密码链接"))
    actions.register_action("members.copy_role", _("复制角色"), _("复制角色"))
    actions.register_action("members.assign_channel", _("分配二级管理员栏目"), _("分配二级管理员栏目"))
    actions.register_action("members.revoke_channel", _("收回二级管理员栏目"), _("收回二级管理员栏目"))
    actions.register_action("members.certify", _("企业认证通过"), _("企业认证通过"))
    actions.register_action("members.reject", _("企业认证驳回"), _("企业认证驳回"))
    actions.register_action("members.blacklist_block", _("黑名单终止认证"), _("黑名单终止认证"))
    actions.register_action("members.submit_materials", _("提交认证材料"), _("提交认证材料"))
    actions.register_action("members.resubmit", _("重新提交认证"), _("重新提交认证"))
    actions.register_action("members.change_request", _("申请变更敏感信息"), _("申请变更敏感信息"))
    actions.register_action("members.change_approve", _("敏感信息变更通过"), _("敏感信息变更通过"))
    actions.register_action("members.change_reject", _("敏感信息变更驳回"), _("敏感信息变更驳回"))
    actions.register_action("members.data_grant", _("数据授权"), _("数据授权"))
    actions.register_action("members.data_revoke", _("撤销数据授权"), _("撤销数据授权"))


class ViewOrChangePermissionHelper(PermissionHelper):
    """List and inspect need view or change permission, not just any custom permission on the model."""

    def user_can_list(self, user):
        return self.user_has_specific_permission(user, self.get_perm_codename("view")) or \
            self.user_has_specific_permission(user, self.get_perm_codename("change"))

    def user_can_inspect_obj(self, user, obj):
        return self.inspect_view_enabled and self.user_can_list(user)


class ReadOnlyPermissionHelper(NoAdminChangesMixin, ViewOrChangePermissionHelper):
    """Logs are evidence: nobody edits or deletes them from the admin."""


def manages_institutions(user):
    """Platform staff, who create institutions, see them all and set who they are (name, codes, type, 启用)."""
    return user.has_perm("members.add_financialinstitution")


class InstitutionPermissionHelper(ViewOrChangePermissionHelper):
    """Institution staff see and change only their own institution; platform admins see all."""

    def _own(self, user, obj):
        return manages_institutions(user) or (user.institution is not None and obj.pk == user.institution.pk)

    def user_can_inspect_obj(self, user, obj):
        return super().user_can_inspect_obj(user, obj) and self._own(user, obj)

    def user_can_edit_obj(self, user, obj):
        return super().user_can_edit_obj(user, obj) and self._own(user, obj)

    def user_can_delete_obj(self, user, obj):
        return super().user_can_delete_obj(user, obj) and self._own(user, obj)


class EnterpriseButtonHelper(ButtonHelper):
    def get_buttons_for_obj(self, obj, exclude=None, classnames_add=None, classnames_exclude=None):
        buttons = super().get_buttons_for_obj(obj, exclude, classnames_add, classnames_exclude)
        if obj.status == CertificationStatus.PENDING and self.request.user.has_perm("members.certify_enterprise"):
            buttons.insert(0, {
                "url": reverse("members_admin:certify_enterprise", args=[obj.pk]),
                "label": _("审核认证"), "classname": "button button-small", "title": _("审核该企业的认证"),
            })
        if not obj.account.cancelled_at and is_platform_admin(self.request.user):
            buttons.append({
                "url": reverse("members_admin:cancel_enterprise", args=[obj.pk]),
                "label": _("注销账号"), "classname": "button button-small button-secondary no",
                "title": _("注销该企业账号并删除个人信息"),
            })
        return buttons


class EnterpriseInspectView(InspectView):
    """Adds the yearly figures (营业收入, 利润总额, 净利润, 资产负债率) under the enterprise's own fields."""

    def get_fields_dict(self):
        fields = super().get_fields_dict()
        empty = self.model_admin.get_empty_value_display("financials")
        for row in self.instance.financials.all():
            values = [f"{label}：{value if value is not None else empty}" for label, value in (
                (_("营业收入（元）"), row.revenue), (_("利润总额（元）"), row.profit),
                (_("净利润（元）"), row.net_profit), (_("资产负债率（%）"), row.debt_ratio))]
            fields.append({"label": _("%(year)d年经营数据") % {"year": row.year}, "value": "；".join(values)})
        return fields


class EnterpriseAdmin(PortalModelAdmin):
    model = Enterprise
    inspect_view_class = EnterpriseInspectView
    menu_label = _("企业")
    menu_icon = "group"
    permission_helper_class = ViewOrChangePermissionHelper
    button_helper_class = EnterpriseButtonHelper
    inspect_view_enabled = True
    list_display = ("name", "code_display", "contact_person", "phone_display", "status", "created_at")
    list_filter = ("status", "region", "park", "industry__section")
    search_fields = ("name", "credit_code", "contact_person", "contact_phone")
    form_fields_exclude = ("account", "status", "reject_reason", "certified_at", "reviewed_by", "submitted_at",
                           "credit_code", "legal_representative", "registered_capital")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("region", "park", "industry", "account")

    def code_display(self, obj):
        return mask_code(obj.credit_code)

    code_display.short_description = _("统一社会信用代码（脱敏）")

    def phone_display(self, obj):
        return mask_phone(obj.contact_phone)

    phone_display.short_description = _("手机号码（脱敏）")


class ChangeButtonHelper(ButtonHelper):
    def get_buttons_for_obj(self, obj, exclude=None, classnames_add=None, classnames_exclude=None):
        buttons = super().get_buttons_for_obj(obj, exclude, classnames_add, classnames_exclude)
        if obj.status == ChangeStatus.PENDING and self.request.user.has_perm("members.certify_enterprise"):
            buttons.append({
                "url": reverse("members_admin:approve_change", args=[obj.pk]),
                "label": _("通过"), "classname": "button button-small", "title": _("通过该变更"),
            })
            buttons.append({
                "url": reverse("members_admin:reject_change", args=[obj.pk]),
                "label": _("驳回"), "classname": "button button-small button-secondary", "title": _("驳回该变更"),
            })
        return buttons


class ProfileChangeAdmin(PortalModelAdmin):
    model = ProfileChangeRequest
    menu_label = _("敏感信息变更")
    menu_icon = "edit"
    permission_helper_class = ReadOnlyPermissionHelper
    button_helper_class = ChangeButtonHelper
    list_display = ("enterprise", "field", "old_value", "new_value", "status", "requested_at")
    list_filter = ("status", "field")
    search_fields = ("enterprise__name", "enterprise__credit_code")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("enterprise")


class InstitutionCreateView(CreateView):
    """Onboarding: the institution, its first staff account and optionally its product reviewer
    (members.onboarding), then its place on the site (institution_created: its bank page and review workflow),
    all or nothing. The set-up links are shown once to the admin and e-mailed to the accounts."""

    def get_edit_handler(self):
        return admin_onboarding.institution_create_handler()

    @transaction.atomic
    def form_valid(self, form):
        response = super().form_valid(form)
        accounts = onboarding.onboard_institution(
            self.instance, staff=form.account_details("staff"), reviewer=form.account_details("reviewer"),
            by=self.request.user, request=self.request)
        institution_created.send(sender=FinancialInstitution, institution=self.instance, user=self.request.user)
        for user, url in accounts:
            text = _("已开通账号 %(username)s（%(name)s）。设置密码的一次性链接已发送至 %(email)s，"
                     "也可转交本人：%(url)s")
            messages.info(self.request, text % {"username": user.username, "name": user.first_name,
                                                "email": user.email, "url": url})
        return response


# who the institution is: changed by the platform only; its staff see these read-only
PLATFORM_REVIEWED_FIELDS = ("name", "institution_type", "fi_code", "credit_code", "is_active")


class InstitutionEditView(EditView):
    """Institution staff keep their profile (负责人, contacts, 简介) up to date; the fields that say who the
    institution is are shown to them read-only, so they are not on their form and a posted value is ignored."""

    def get_edit_handler(self):
        read_only = () if manages_institutions(self.request.user) else PLATFORM_REVIEWED_FIELDS
        panels = [FieldPanel(panel.field_name, read_only=panel.field_name in read_only)
                  for panel in extract_panel_definitions_from_model_class(FinancialInstitution, exclude=["group"])]
        return ObjectList(panels).bind_to_model(FinancialInstitution)


class FinancialInstitutionAdmin(PortalModelAdmin):
    model = FinancialInstitution
    create_view_class = InstitutionCreateView
    edit_view_class = InstitutionEditView
    menu_label = _("金融机构")
    menu_icon = "site"
    permission_helper_class = InstitutionPermissionHelper
    inspect_view_enabled = True
    list_display = ("name", "institution_type", "identity_code", "principal", "is_active")
    list_filter = ("institution_type", "is_active")
    search_fields = ("name", "fi_code", "credit_code")

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if manages_institutions(request.user):
            return queryset
        own = request.user.institution
        return queryset.filter(pk=own.pk) if own else queryset.none()

    def get_form_fields_exclude(self, request=None):
        return ("group",)


class DepartmentFormMixin:
    def form_valid(self, form):
        response = super().form_valid(form)
        setup_department(form.instance)
        return response


class DepartmentCreateView(DepartmentFormMixin, CreateView):
    pass


class DepartmentEditView(DepartmentFormMixin, EditView):
    pass


class GovernmentDepartmentAdmin(PortalModelAdmin):
    model = GovernmentDepartment
    menu_label = _("政府部门")
    menu_icon = "home"
    permission_helper_class = ViewOrChangePermissionHelper
    create_view_class = DepartmentCreateView
    edit_view_class = DepartmentEditView
    list_display = ("name", "dept_type", "authors", "reviewers", "can_self_publish")
    list_filter = ("dept_type",)
    search_fields = ("name",)


class BlacklistAdmin(PortalModelAdmin):
    model = Blacklist
    menu_label = _("黑名单")
    menu_icon = "warning"
    permission_helper_class = ViewOrChangePermissionHelper
    index_template_name = "members/admin/blacklist_index.html"  # with 「Excel导入」
    list_display = ("credit_code", "name", "reason", "source", "valid_from", "valid_to")
    search_fields = ("credit_code", "name", "reason")


class CreditRecordPermissionHelper(ViewOrChangePermissionHelper):
    """Records enter only through the import (members.credit_records) and are never edited by hand; the
    platform may delete a wrong one."""

    def user_can_create(self, user):
        return False

    def user_can_edit_obj(self, user, obj):
        return False


class CreditRecordAdmin(PortalModelAdmin):
    model = CreditRecord
    menu_label = _("外部信用记录")
    menu_icon = "table"
    permission_helper_class = CreditRecordPermissionHelper
    index_template_name = "members/admin/credit_record_index.html"  # with 「导入外部信用记录」
    list_display = ("credit_code", "enterprise_name", "kind", "value", "period", "source", "record_date")
    list_filter = ("kind", "source")
    search_fields = ("credit_code", "enterprise_name", "value")


class RegionAdmin(PortalModelAdmin):
    model = Region
    menu_label = _("镇街")
    menu_icon = "pick"
    permission_helper_class = ViewOrChangePermissionHelper
    list_display = ("name", "sort_order")
    search_fields = ("name",)


class ParkAdmin(PortalModelAdmin):
    model = Park
    menu_label = _("园区")
    menu_icon = "pick"
    permission_helper_class = ViewOrChangePermissionHelper
    list_display = ("name", "sort_order")
    search_fields = ("name",)


class IndustryAdmin(PortalModelAdmin):
    model = Industry
    menu_label = _("行业分类")
    menu_icon = "list-ul"
    permission_helper_class = ViewOrChangePermissionHelper
    list_display = ("code", "name", "section")
    list_filter = ("section",)
    search_fields = ("code", "name")


class MessagePermissionHelper(ViewOrChangePermissionHelper):
    """A message is a record of what someone was told: the platform may send one (create) and list them, but
    never rewrite or delete one addressed to someone else; recipients read theirs in 收件箱 (admin_inbox)."""

    def user_can_edit_obj(self, user, obj):
        return False

    def user_can_delete_obj(self, user, obj):
        return False


class MessageAdmin(PortalModelAdmin):
    model = Message
    menu_label = _("站内信")
    menu_icon = "mail"
    permission_helper_class = MessagePermissionHelper
    list_display = ("title", "recipient", "kind", "is_read", "created_at")
    list_filter = ("kind", "is_read")
    search_fields = ("title", "recipient__username")
    form_fields_exclude = ("is_read", "read_at", "sender")


class LoginLogAdmin(PortalModelAdmin):
    model = LoginLog
    menu_label = _("登录日志")
    menu_icon = "history"
    permission_helper_class = ReadOnlyPermissionHelper
    inspect_view_enabled = True
    list_display = ("timestamp", "username", "outcome", "ip_address", "user_agent", "path")
    list_filter = ("outcome", "timestamp")
    search_fields = ("username", "ip_address", "user_agent")


class GrantStateFilter(SimpleListFilter):
    """有效 / 已撤销 / 已到期, read from the dates as access is (DataGrant.objects.live())."""

    title = _("状态")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return (("live", _("有效")), ("revoked", _("已撤销")), ("expired", _("已到期")))

    def queryset(self, request, queryset):
        value = self.value()
        if value == "live":
            return queryset.live()
        if value == "revoked":
            return queryset.filter(revoked_at__isnull=False)
        if value == "expired":
            return queryset.filter(revoked_at__isnull=True, valid_until__lt=timezone.localdate())
        return queryset


class DataGrantAdmin(PortalModelAdmin):
    """精准授权 across the platform, for platform admins: which enterprise let which institution read its data,
    until when, how, and whether it was revoked. Evidence, so nobody edits or deletes a grant here."""

    model = DataGrant
    menu_label = _("数据授权记录")
    menu_icon = "key"
    permission_helper_class = ReadOnlyPermissionHelper
    inspect_view_enabled = True
    list_display = ("enterprise", "institution", "valid_from", "valid_until", "source", "state_label", "granted_at",
                    "revoked_at")
    list_filter = (GrantStateFilter, "source", "institution")
    search_fields = ("enterprise__name", "enterprise__credit_code", "institution__name")
    list_select_related = ("enterprise", "institution")

    def state_label(self, obj):
        return obj.state

    state_label.short_description = _("状态")


class DataViewAdmin(PortalModelAdmin):
    """Every read of granted data (谁查看了我的数据, for the whole platform)."""

    model = DataView
    menu_label = _("数据查看记录")
    menu_icon = "view"
    permission_helper_class = ReadOnlyPermissionHelper
    inspect_view_enabled = True
    list_display = ("viewed_at", "enterprise", "institution", "viewer_name", "kind", "detail")
    list_filter = ("kind", "institution", "viewed_at")
    search_fields = ("enterprise__name", "enterprise__credit_code", "viewer_name", "detail")
    list_select_related = ("enterprise", "institution")


@modeladmin_register
class MembersAdminGroup(ModelAdminGroup):
    menu_label = _("会员管理")
    menu_icon = "group"
    menu_order = 250
    items = (EnterpriseAdmin, ProfileChangeAdmin, FinancialInstitutionAdmin, GovernmentDepartmentAdmin,
             BlacklistAdmin, CreditRecordAdmin, DataGrantAdmin, DataViewAdmin, RegionAdmin, ParkAdmin, IndustryAdmin,
             MessageAdmin, LoginLogAdmin)


@hooks.register("construct_reports_menu")
def hide_site_history_from_non_platform_staff(request, menu_items):
    """The site-wide operation log is for platform admins (see admin_guards)."""
    from members.roles import is_platform_admin

    if not is_platform_admin(request.user):
        menu_items[:] = [item for item in menu_items if item.name != "site-history"]


class CreditAuthorisationTextViewSet(PortalSnippetViewSet):
    """The 信用信息查询授权书 enterprises sign at certification; each save is a revision (a signature names it)."""

    model = CreditAuthorisationText
    icon = "doc-full"
    menu_label = _("信用信息查询授权书")
    add_to_settings_menu = True
    list_display = ["title", "updated_at"]
    panels = [FieldPanel("title"), FieldPanel("body")]


register_snippet(CreditAuthorisationTextViewSet)
