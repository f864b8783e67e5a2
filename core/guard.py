"""The publishing guard as the layers below the inspection see it: what a refusal looks like, and a public
reply checked by whichever checks are registered.

The rules themselves (forbidden words, personal data) and their settings belong to the inspection app, which
sits above the domain apps: it registers its reply check here when it starts (inspection/apps.py), so a domain
app (consultations) has its public replies checked without importing the inspection.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Hit:
    field: str
    rule: str
    excerpt: str
    action: str

    def __str__(self):
        return f"{self.field}：{self.rule}「{self.excerpt}」"


class PublishBlocked(Exception):
    """Raised when content cannot be published; ``hits`` says where."""

    def __init__(self, hits, obj=None):
        self.hits = hits
        self.obj = obj
        super().__init__(summary(hits))


def summary(hits):
    return "；".join(str(hit) for hit in hits)


_reply_checks = []


def register_reply_check(check):
    """``check(text, label)`` raises PublishBlocked or returns the warnings (hits that do not block)."""
    if check not in _reply_checks:
        _reply_checks.append(check)
    return check


def check_reply(text, label=None):
    """Raise PublishBlocked when a registered check refuses a public reply (留言回复、咨询答复); return the
    warnings otherwise."""
    warnings = []
    for check in _reply_checks:
        warnings += check(text, label)
    return warnings
