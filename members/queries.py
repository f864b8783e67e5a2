"""What other apps and the admin home read from members: the platform's review counts and a user's inbox."""

from members.models import CertificationStatus, ChangeStatus, Enterprise, Message, ProfileChangeRequest


def platform_review_counts():
    """Certifications and sensitive-data changes waiting for the platform's review: {key: count}."""
    return {
        "certifications": Enterprise.objects.filter(status=CertificationStatus.PENDING).count(),
        "changes": ProfileChangeRequest.objects.filter(status=ChangeStatus.PENDING).count(),
    }


def inbox(user):
    """The 站内信 addressed to ``user`` (newest first); nobody reads anyone else's."""
    return Message.objects.filter(recipient=user) if user.is_authenticated else Message.objects.none()


def unread_count(user):
    return inbox(user).filter(is_read=False).count()
