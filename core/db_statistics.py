"""The query planner's table statistics, refreshed after migrations and bulk loads (issue 23).

Without them SQLite guesses every table the same size and picks poor plans once the page tree is large: the
home page's newest loan products were read by walking all 10,000 pages in publication order (15 ms) instead
of sorting the ten products (0.1 ms). PostgreSQL's autovacuum analyzes by itself, but only some time after a
bulk load; ANALYZE here makes the first requests after ``migrate`` or ``seed_demo`` fast too.
"""

from django.db import connections


def analyze(using="default"):
    """Refresh the planner statistics of the ``using`` database (SQLite or PostgreSQL: ``ANALYZE``)."""
    connection = connections[using]
    if connection.vendor in ("sqlite", "postgresql"):
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def analyze_after_migrate(sender, using="default", **kwargs):
    """post_migrate receiver (core/apps.py): once per ``migrate``, after the last app's migrations."""
    from django.apps import apps

    with_models = [config for config in apps.get_app_configs() if config.models_module is not None]
    if sender is with_models[-1]:  # Django sends post_migrate to each app with models, in this order
        analyze(using)
