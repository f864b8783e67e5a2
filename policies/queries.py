"""Public read functions other apps (home, search, reports) use instead of reaching into the models."""

from policies.models import NewsCategory, NewsPage, PolicyPage


def live_policies():
    """Every live, public policy (the 数据概览 counts them)."""
    return PolicyPage.objects.live().public()


def latest_policies(limit=3):
    """The newest live policies (F-HOME-4)."""
    return live_policies().order_by("-date", "-pk")[:limit]


def latest_news(limit=6, category=None):
    """The newest live news, pinned first (title lists: no cover images are loaded)."""
    queryset = NewsPage.objects.live().public()
    if category:
        queryset = queryset.filter(category=category)
    return queryset.order_by("-is_pinned", "-date", "-pk")[:limit]


def latest_notices(limit=6):
    return latest_news(limit, category=NewsCategory.NOTICE)
