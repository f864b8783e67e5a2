from django.conf import settings
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import RedirectView
from django.views.i18n import set_language
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from consultations.urls import board_patterns, complaint_patterns, consult_patterns
from core.robots import robots_txt
from core.views import favicon, healthz, theme_css
from home.sitemap import sitemap_xml
from members.admin_account import account_urls
from members.admin_guards import guarded_admin_urls
from members.urls import accounts_patterns, member_patterns

# Chinese error pages in the site's frame (core/errors.py); CSRF failures: settings.CSRF_FAILURE_VIEW
handler400 = "core.errors.bad_request"
handler403 = "core.errors.permission_denied"
handler404 = "core.errors.page_not_found"
handler500 = "core.errors.server_error"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("theme.css", theme_css, name="theme_css"),
    path("admin/", include(guarded_admin_urls)),
    path("admin/", include(account_urls)),  # 账号设置 with one 姓名 field
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("sitemap.xml", sitemap_xml, name="sitemap"),
    path("robots.txt", robots_txt, name="robots_txt"),
    path("favicon.ico", favicon, name="favicon"),
    # The footer's language switch is on every page, including cached anonymous ones, which must not
    # carry a CSRF token (it would set a cookie and make them uncacheable). Forging a language choice
    # does no harm, so this one view goes without CSRF protection.
    path("i18n/setlang/", csrf_exempt(set_language), name="set_language"),
    path("search/", include("search.urls")),
    path("accounts/", include(accounts_patterns)),
    path("market/", include("finance_market.urls")),
    path("member/applications/", include("finance_market.member_urls")),
    path("", include("home.urls")),  # /selfcheck/
    path("", include("enterprise_list.urls")),  # /member/listing-plan/
    path("member/", include(member_patterns)),
    path("captcha/", include("captcha.urls")),
    path("consult/", include(consult_patterns)),
    path("board/", include(board_patterns)),
    path("complaints/", include(complaint_patterns)),
    path("data/", include("reports.urls")),
    path("feeds/", include("policies.feeds")),  # RSS 订阅: /feeds/news/, /feeds/policies/
]

if settings.SERVE_MEDIA:  # development and tests; production serves media from nginx/object storage
    from django.urls import re_path

    from core.views import serve_media

    urlpatterns += [re_path(r"^media/(?P<path>.*)$", serve_media)]

urlpatterns += [
    # Wagtail's login for private pages is a plain form without captcha; everyone signs in at ours
    # (WAGTAIL_FRONTEND_LOGIN_URL), so its address leads there too.
    path("_util/login/", RedirectView.as_view(url=settings.LOGIN_URL, query_string=True)),
    path("", include(wagtail_urls)),
]
