"""Public read functions of the marketplace, used by the home page."""


def pinned_products(limit=3):
    """The top pinned live loan products (F-HOME-3). Empty until loan products exist."""
    return []
