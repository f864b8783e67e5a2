"""Masking (脱敏) of phone numbers and identity codes for viewers not entitled to the full value (F-SEC-9)."""


def mask_phone(value):
    """13812345678 → 138****5678; short or odd values keep only their last two characters."""
    value = (value or "").strip()
    if not value:
        return ""
    if len(value) >= 11:
        return f"{value[:3]}****{value[-4:]}"
    if len(value) <= 2:
        return "*" * len(value)
    return "*" * (len(value) - 2) + value[-2:]


def mask_code(value):
    """91440300MA5G8K2X1Q → 9144**********2X1Q: the first and last four characters stay."""
    value = (value or "").strip()
    if len(value) <= 8:
        return "*" * len(value)
    return value[:4] + "*" * (len(value) - 8) + value[-4:]


def can_see_full_contact(viewer, enterprise):
    """The enterprise's own account and users with members.view_sensitive_enterprise see full values."""
    if viewer is None or not viewer.is_authenticated:
        return False
    if enterprise is not None and enterprise.account_id == viewer.pk:
        return True
    return viewer.has_perm("members.view_sensitive_enterprise")
