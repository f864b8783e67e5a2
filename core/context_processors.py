from wagtail.models import Site

from core.fragments import cached


def portal(request):
    """Main navigation: the live top-level pages marked 'show in menus' (kept until content changes)."""

    def navigation():
        site = Site.find_for_request(request)
        if site is None:
            return []
        return cached(f"navigation:{site.pk}", lambda: list(
            site.root_page.get_children().live().in_menu().only("title", "url_path", "path", "depth")))

    return {"main_navigation": navigation}
