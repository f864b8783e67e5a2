"""Back office (智能后台管理, F-CONS-5): queues of consultations, board posts and complaints, each narrowed
to what the signed-in handler handles (consultations.access), with a 处理 page per item; FAQ editing."""

from urllib.parse import urlencode

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail_modeladmin.helpers import ButtonHelper, PermissionHelper
from wagtail_modeladmin.options import ModelAdminGroup, modeladmin_register

from consultations import access, admin_views, lifecycle, outreach_views, queries
from consultations.models import (
    FAQ,
    BoardPost,
    Complaint,
    ComplaintStatus,
    Consultation,
    ConsultationStatus,
    Expert,
    FAQCategory,
)
from core.admin_helpers import NoAdminChangesMixin, PortalModelAdmin
from core.dashboard import Todo, TodoPanel
from members.masking import mask_phone


@hooks.register("register_admin_urls")
def register_consultation_admin_urls():
    patterns = [
        path("consultation/<int:pk>/", admin_views.handle_consultation, name="consultation"),
        path("board/<int:pk>/", admin_views.handle_board_post, name="board"),
        path("complaint/<int:pk>/", admin_views.handle_complaint, name="complaint"),
    ]
    notifications = [
        path("", outreach_views.notification_index, name="index"),
        path("new/", outreach_views.notification_compose, name="compose"),
        path("<int:pk>/cancel/", outreach_views.notification_cancel, name="cancel"),
    ]
    return [
        path("consultation-desk/", include((patterns, "consultations_admin"))),
        path("notifications/", include((notifications, "consultations_notifications"))),
    ]


class NotificationMenuItem(MenuItem):
    def is_shown(self, request):
        return outreach_views.can_compose(request.user)


@hooks.register("register_admin_menu_item")
def register_notification_menu_item():
    return NotificationMenuItem(_("运营通知"), reverse("consultations_notifications:index"), icon_name="mail",
                                order=270)


@hooks.register("register_log_actions")
def register_consultation_log_actions(actions):
    for action, label in lifecycle.registered_log_actions():
        actions.register_action(action, label, label)
    for action, label in (("create", _("运营通知·创建")), ("send", _("运营通知·发送")), ("cancel", _("运营通知·取消"))):
        actions.register_action(f"consultations.notification.{action}", label, label)


class QueuePermissionHelper(NoAdminChangesMixin, PermissionHelper):
    """Handlers list and open their queue; nobody creates, edits or deletes items here: every change is a
    lifecycle step taken on the 处理 page."""

    def user_can_list(self, user):
        if self.model is BoardPost:
            return access.can_moderate_board(user)
        return access.has_queue(user, self.model)

    def user_can_inspect_obj(self, user, obj):
        return False


class QueueButtonHelper(ButtonHelper):
    def get_buttons_for_obj(self, obj, exclude=None, classnames_add=None, classnames_exclude=None):
        key = lifecycle.machine_for(obj).key
        return [{
            "url": reverse(f"consultations_admin:{key}", args=[obj.pk]),
            "label": _("处理"), "classname": "button button-small", "title": _("查看并处理"),
        }]


class QueueAdmin(PortalModelAdmin):
    permission_helper_class = QueuePermissionHelper
    button_helper_class = QueueButtonHelper

    def get_queryset(self, request):
        return access.handled(request.user, self.model).select_related(*self.related)


class ConsultationAdmin(QueueAdmin):
    model = Consultation
    menu_label = _("在线咨询")
    menu_icon = "help"
    related = ("enterprise", "institution", "expert", "department", "handler")
    list_display = ("title", "enterprise", "addressee", "status", "handler", "is_overdue", "created_at")
    list_filter = ("status", "is_overdue")
    search_fields = ("title", "question", "enterprise__name")

    def addressee(self, obj):
        return obj.addressee_name

    addressee.short_description = _("咨询对象")


class ComplaintAdmin(QueueAdmin):
    model = Complaint
    menu_label = _("投诉建议")
    menu_icon = "warning"
    related = ("author", "institution", "department", "expert", "handler")
    list_display = ("title", "kind", "demand_type", "author", "institution", "department", "expert", "status",
                    "handler", "created_at")
    list_filter = ("kind", "demand_type", "status")
    search_fields = ("title", "body")


class BoardPostAdmin(QueueAdmin):
    model = BoardPost
    menu_label = _("留言板")
    menu_icon = "comment"
    related = ()
    list_display = ("title", "name", "contact_display", "status", "has_reply", "created_at")
    list_filter = ("status",)
    search_fields = ("title", "body", "name")

    def get_queryset(self, request):
        return BoardPost.objects.all()

    def contact_display(self, obj):
        return mask_phone(obj.contact)

    contact_display.short_description = _("联系电话（脱敏）")

    def has_reply(self, obj):
        return bool(obj.reply)

    has_reply.boolean = True
    has_reply.short_description = _("已回复")


class ExpertAdmin(PortalModelAdmin):
    """Platform admins invite experts (F-CONS-7): a profile on an account puts it in the 「专家」 group."""

    model = Expert
    menu_label = _("专家")
    menu_icon = "user"
    list_display = ("name", "title", "expertise", "user", "is_active", "sort_order")
    list_filter = ("is_active",)
    search_fields = ("name", "expertise")


class FAQCategoryAdmin(PortalModelAdmin):
    model = FAQCategory
    menu_label = _("常见问题分类")
    menu_icon = "folder-open-inverse"
    list_display = ("name", "sort_order")


class FAQAdmin(PortalModelAdmin):
    model = FAQ
    menu_label = _("常见问题")
    menu_icon = "help"
    list_display = ("question", "category", "sort_order", "is_published", "updated_at")
    list_filter = ("category", "is_published")
    search_fields = ("question", "answer")


@modeladmin_register
class ConsultationsAdminGroup(ModelAdminGroup):
    menu_label = _("咨询服务")
    menu_icon = "help"
    menu_order = 260
    items = (ConsultationAdmin, BoardPostAdmin, ComplaintAdmin, ExpertAdmin, FAQCategoryAdmin, FAQAdmin)


def _index(model, **params):
    return f"{reverse(f'consultations_{model._meta.model_name}_modeladmin_index')}?{urlencode(params)}"


@hooks.register("construct_homepage_panels")
def add_handler_todo_panel(request, panels):
    """Consultations and complaints waiting in the signed-in handler's queues."""
    counts = queries.handler_todo(request.user)
    if not counts:
        return
    labels = {
        "consultations_new": (_("待受理的咨询"), Consultation, ConsultationStatus.SUBMITTED),
        "consultations_open": (_("处理中待答复的咨询"), Consultation, ConsultationStatus.ACCEPTED),
        "complaints_new": (_("待受理的投诉建议"), Complaint, ComplaintStatus.SUBMITTED),
    }
    items = [Todo(key.replace("_", "-"), labels[key][0], count, _index(labels[key][1], status__exact=labels[key][2]))
             for key, count in counts.items()]
    panels.append(TodoPanel("consultations-todo", _("咨询投诉待办"), items, order=20))
