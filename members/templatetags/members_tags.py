from django import template

from members.masking import mask_code, mask_phone

register = template.Library()


@register.filter
def masked_phone(value, reveal=False):
    """``{{ phone|masked_phone:entitled }}``: full value only when ``entitled`` is true."""
    return value if reveal else mask_phone(value)


@register.filter
def masked_code(value, reveal=False):
    return value if reveal else mask_code(value)


@register.simple_tag(takes_context=True)
def unread_message_count(context):
    user = context.get("request").user if context.get("request") else None
    if user is None or not user.is_authenticated:
        return 0
    return user.inbox_messages.filter(is_read=False).count()
