"""Short one-time codes sent to the account holder (SMS): hashed in the database (OneTimeCode), each for one
purpose, a few tries and a few minutes, and used once.

Every check is a conditional UPDATE, which the database applies to one row at a time: a try is taken
(attempts < limit) before the code is compared, and a code is spent (used_at still empty) when it matches.
So however many requests arrive at once, and whichever worker process serves them, one code gets at most
``MAX_ATTEMPTS`` comparisons and signs off one action.
"""

import secrets
import unicodedata
from datetime import timedelta

from django.db.models import F
from django.utils import timezone
from django.utils.crypto import salted_hmac

from site_portal.members.models import OneTimeCode

KEY_SALT = "site_portal.members.one_time_codes"
MAX_ATTEMPTS = 5


def _hash(user, purpose, code):
    """Keyed with SECRET_KEY: a copy of the table alone does not give the six digits away."""
    return salted_hmac(KEY_SALT, f"{user.pk}:{purpose}:{code}", algorithm="sha256").hexdigest()


def issue(user, purpose, seconds):
    """A new 6-digit code for ``user`` and ``purpose``, valid for ``seconds``; earlier ones stop working."""
    code = f"{secrets.randbelow(10**6):06d}"
    now = timezone.now()
    OneTimeCode.objects.filter(expires_at__lt=now - timedelta(days=1)).delete()  # housekeeping, all users
    OneTimeCode.objects.filter(user=user, purpose=purpose).delete()
    OneTimeCode.objects.create(user=user, purpose=purpose, code_hash=_hash(user, purpose, code),
                               expires_at=now + timedelta(seconds=seconds))
    return code


def last_issued(user, purpose):
    """When the latest code for ``user`` and ``purpose`` was made, or None."""
    return (OneTimeCode.objects.filter(user=user, purpose=purpose).order_by("-created_at")
            .values_list("created_at", flat=True).first())


def use(user, purpose, code, max_attempts=MAX_ATTEMPTS):
    """True when ``code`` is the live code for ``user`` and ``purpose``, which is then spent. Each call takes
    one of the code's tries first, right or wrong."""
    code = unicodedata.normalize("NFKC", code or "").strip()  # full-width digits from a Chinese IME
    now = timezone.now()
    live = OneTimeCode.objects.filter(user=user, purpose=purpose, used_at__isnull=True, expires_at__gt=now)
    pk = live.order_by("-pk").values_list("pk", flat=True).first()
    if pk is None:
        return False
    if not live.filter(pk=pk, attempts__lt=max_attempts).update(attempts=F("attempts") + 1):
        return False
    return bool(live.filter(pk=pk, code_hash=_hash(user, purpose, code)).update(used_at=now))
