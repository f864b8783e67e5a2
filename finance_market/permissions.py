"""Who may read or act on marketplace records. Built on members' roles (user.institution, the
members.supervise_applications permission of 人民银行·监管, the platform groups): who reads every application
is decided in members.roles, so the reports above ask members, not this app."""

from members.roles import can_read_all, is_supervisor, user_institution

__all__ = ["can_read_all", "enterprise_of", "is_staff_of", "is_supervisor", "user_institution"]


def is_staff_of(user, institution_id):
    institution = user_institution(user)
    return institution is not None and institution.pk == institution_id


def enterprise_of(user):
    if not user.is_authenticated or not getattr(user, "is_enterprise", False):
        return None
    return getattr(user, "enterprise", None)
