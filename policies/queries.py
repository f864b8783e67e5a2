"""Public read functions other apps (home, search) use instead of reaching into the models."""

from django.db.models import Prefetch
from wagtail.images import get_image_model

from policies.models import NewsCategory, NewsPage, PolicyPage


def latest_policies(limit=3):
    """The newest live policies (F-HOME-4)."""
    return PolicyPage.objects.live().public().order_by("-date", "-pk")[:limit]


def latest_news(limit=6, category=None):
    """The newest live news, pinned first, with cover thumbnails prefetched."""
    queryset = NewsPage.objects.live().public()
    if category:
        queryset = queryset.filter(category=category)
    images = get_image_model().objects.prefetch_renditions("fill-320x200")
    return queryset.order_by("-is_pinned", "-date", "-pk").prefetch_related(
        Prefetch("cover_image", queryset=images)
    )[:limit]


def latest_notices(limit=6):
    return latest_news(limit, category=NewsCategory.NOTICE)
