from wagtail.models import Site


def portal(request):
    """Main navigation: the live top-level pages marked 'show in menus' (one query per request)."""

    def navigation():
        site = Site.find_for_request(request)
        if site is None:
            return []
        return list(site.root_page.get_children().live().in_menu().only("title", "url_path", "path", "depth"))

    return {"main_navigation": navigation}
