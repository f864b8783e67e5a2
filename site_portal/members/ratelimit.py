"""Request counts per key in fixed time windows, kept in the database (RequestCounter): every worker process
sees the same count, and each request adds one with a single UPDATE (or the INSERT that opens a window), so
parallel requests are all counted."""

from datetime import UTC, datetime

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.crypto import salted_hmac

from site_portal.members.models import RequestCounter

KEY_SALT = "site_portal.members.ratelimit"


def _key(scope, value, window):
    """The value (an e-mail, an address) only as a keyed hash: the table holds no personal data."""
    digest = salted_hmac(KEY_SALT, f"{scope}|{value}", algorithm="sha256").hexdigest()[:40]
    return f"{scope[:40]}:{window}:{digest}"


def allow(scope, value, limit, seconds):
    """Count one request for ``value`` under ``scope``; False once more than ``limit`` were counted in the
    current window of ``seconds``."""
    now = timezone.now()
    window = int(now.timestamp()) // seconds
    counters = RequestCounter.objects.filter(key=_key(scope, value, window))
    if not counters.update(count=F("count") + 1):
        try:
            with transaction.atomic():
                RequestCounter.objects.create(key=_key(scope, value, window), count=1,
                                              expires_at=datetime.fromtimestamp((window + 1) * seconds, tz=UTC))
        except IntegrityError:  # another request opened the window a moment ago
            counters.update(count=F("count") + 1)
        else:
            RequestCounter.objects.filter(expires_at__lt=now).delete()  # housekeeping when a window opens
    return counters.values_list("count", flat=True).first() <= limit
