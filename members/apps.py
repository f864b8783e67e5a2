from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "members"
    label = "members"
    verbose_name = _("会员与身份")

    def ready(self):
        from members import signals  # noqa: F401
        from members.centre import can_open_admin, is_enterprise, register_link, unread_messages

        register_link(_("概览"), "members:home", order=10)
        register_link(_("企业资料"), "members:profile", order=20, visible=is_enterprise)
        register_link(_("企业认证"), "members:certification", order=30, visible=is_enterprise)
        register_link(_("数据授权"), "members:data_grants", order=35, visible=is_enterprise)
        register_link(_("谁查看了我的数据"), "members:data_views", order=36, visible=is_enterprise)
        register_link(_("站内信"), "members:messages", order=80, badge=unread_messages)
        register_link(_("我的收藏"), "members:favourites", order=100)
        register_link(_("修改密码"), "accounts:password_change", order=120)
        register_link(_("注销账号"), "members:cancel", order=130)
        register_link(_("管理后台"), "wagtailadmin_home", order=140, visible=can_open_admin)
