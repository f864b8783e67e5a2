from wagtail.users.apps import WagtailUsersAppConfig


class PortalUsersAppConfig(WagtailUsersAppConfig):
    """wagtail.users, with the user editor of members.admin_users (账号类别, 手机号码)."""

    user_viewset = "members.admin_users.PortalUserViewSet"
