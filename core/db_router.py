"""Read/write split (F-NFR-7): anonymous page views read from a PostgreSQL replica, everything else
uses the primary.

Only a request that cannot have written anything, and whose visitor cannot expect to see their
own recent write (an anonymous GET/HEAD), is routed to a replica; signed-in users, form posts and
background jobs read the primary, so replication lag never hides what someone just saved.
Replicas come from DATABASE_REPLICA_URLS (comma-separated); without it this router does nothing.
"""

import contextvars
import random

from django.conf import settings

_use_replica = contextvars.ContextVar("portal_use_replica", default=False)


def replica_aliases():
    return [alias for alias in settings.DATABASES if alias.startswith("replica")]


class PrimaryReplicaRouter:
    def db_for_read(self, model, **hints):
        if _use_replica.get():
            aliases = replica_aliases()
            if aliases:
                return random.choice(aliases)
        return "default"

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"


class ReplicaReadsMiddleware:
    """Placed after authentication: marks anonymous GET/HEAD requests as safe to read from a replica."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        safe = (request.method in ("GET", "HEAD") and not request.user.is_authenticated
                and settings.SESSION_COOKIE_NAME not in request.COOKIES)
        token = _use_replica.set(safe)
        try:
            return self.get_response(request)
        finally:
            _use_replica.reset(token)
