"""Who may read or act on marketplace records. Built on members' roles (user.institution, the
members.supervise_applications permission of 人民银行·监管, the platform groups): who reads every application
is decided in members.roles, so the reports above ask members, not this app."""

from members.roles import can_read_all, is_platform_admin, is_supervisor, user_institution

__all__ = ["can_read_all", "enterprise_of", "is_staff_of", "is_supervisor", "signs_off_notices", "user_institution"]


def signs_off_notices(user):
    """人民银行 supervisors sign off (签收) reported 反馈通知书. Level-1 platform admins hold every permission,
    supervise_applications included, but the receipt is 人民银行's, so they do not sign."""
    return is_supervisor(user) and not is_platform_admin(user)


def is_staff_of(user, institution_id):
    institution = user_institution(user)
    return institution is not None and institution.pk == institution_id


def enterprise_of(user):
    if not user.is_authenticated or not getattr(user, "is_enterprise", False):
        return None
    return getattr(user, "enterprise", None)
