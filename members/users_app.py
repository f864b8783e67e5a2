from wagtail.users.apps import WagtailUsersAppConfig


class PortalUsersAppConfig(WagtailUsersAppConfig):
    """wagtail.users, with the user and role editors of members.admin_users (账号类别, 手机号码,
    and who may manage whom)."""

    user_viewset = "members.admin_users.PortalUserViewSet"
    group_viewset = "members.admin_users.PortalGroupViewSet"
