"""Who may read or act on marketplace records. Built on members' roles (user.institution, the
members.supervise_applications permission of 人民银行·监管, the platform groups)."""

from members.roles import is_platform_admin


def is_supervisor(user):
    return user.is_authenticated and user.has_perm("members.supervise_applications")


def signs_off_notices(user):
    """人民银行 supervisors sign off (签收) reported 反馈通知书. Level-1 platform admins hold every permission,
    supervise_applications included, but the receipt is 人民银行's, so they do not sign."""
    return is_supervisor(user) and not is_platform_admin(user)


def can_read_all(user):
    """Platform admins and 人民银行 supervisors read every application and may urge."""
    return is_platform_admin(user) or is_supervisor(user)


def user_institution(user):
    return getattr(user, "institution", None) if user.is_authenticated else None


def is_staff_of(user, institution_id):
    institution = user_institution(user)
    return institution is not None and institution.pk == institution_id


def enterprise_of(user):
    if not user.is_authenticated or not getattr(user, "is_enterprise", False):
        return None
    return getattr(user, "enterprise", None)
