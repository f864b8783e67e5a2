from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _documents_changed(**kwargs):
    from search.documents import bump_version

    bump_version()


class SearchConfig(AppConfig):
    name = "search"
    label = "portal_search"
    verbose_name = _("站内搜索")

    def ready(self):
        # Cached search results depend on which pages are public: a view restriction (or a page moved under
        # one) changes that without re-indexing the pages themselves.
        from django.db.models.signals import post_delete, post_save
        from wagtail.models import PageViewRestriction
        from wagtail.signals import post_page_move

        for signal in (post_save, post_delete):
            signal.connect(_documents_changed, sender=PageViewRestriction, dispatch_uid="search-restriction-changed")
        post_page_move.connect(_documents_changed, dispatch_uid="search-page-moved")
        from core.related import register_provider
        from search import query_log  # noqa: F401  (counts searches served from the page cache)
        from search.related import related_items

        register_provider(related_items)
