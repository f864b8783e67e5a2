"""Related content (F-SRCH-3) for the detail pages of the apps above core.

The pages' templates ask core (``{% related_content page %}``, core/templatetags/related_tags.py); the search
app, a higher layer, registers the function that finds the items (search.apps), so no domain app imports search.
Without a provider (search not installed) the box is simply not shown.
"""

_provider = None


def register_provider(function):
    """``function(page)`` returns [{"title", "url", "type", "date"}], best first."""
    global _provider
    _provider = function


def related_items(page):
    return _provider(page) if _provider is not None else []
