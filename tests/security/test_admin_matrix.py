"""Every back-office URL pattern of the portal's own apps × every role.

The patterns come from walking Django's URL resolver under /admin/: every pattern whose view belongs to the
portal (a modeladmin, snippet or viewset of one of its models, or a view in one of its packages) must be in
TABLE, so a new admin URL fails here until someone writes down who may open it. Each entry lists one or
more requests, each with the expected answer for every role (tests/security/conftest.py `backoffice`):

- 200 for the roles that may open it; object-scoped URLs name an object of bank A / department A;
- HOME: Wagtail's refusal inside the admin (PermissionDenied becomes a redirect to the dashboard with
  「对不起， 你没有权限访问。」);
- 404 where the object is outside the role's rows (history, handler queues, applications);
- 403 outside Wagtail's admin wrapper (admin_guards);
- LOGIN: the enterprise (no admin access) and anonymous visitors are sent to the login page.

Lists also show only a role's own rows: ``rows`` names, for each marker text, the roles whose list shows it.
"""

import inspect
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.contrib.messages import get_messages
from django.urls import URLResolver, get_resolver

from tests.security.conftest import ROLES, user_for

STAFF = tuple(role for role in ROLES if role not in ("enterprise", "anonymous"))
PORTAL_PACKAGES = ("core", "members", "reports", "inspection", "demo",
                   "home", "policies", "finance_market", "enterprise_list", "consultations", "search")
# the user and role (group) editors are Wagtail's, customised by the portal (members.admin_users)
PORTAL_NAMESPACES = ("wagtailusers_users", "wagtailusers_groups")
# Wagtail's image admin serves the portal's image model (site_portal.PortalImage) but is Wagtail's, ruled by
# collection permissions: not the portal's own pattern
WAGTAIL_NAMESPACES = ("wagtailimages_chooser",)

OK, NOT_FOUND, FORBIDDEN = 200, 404, 403
HOME = "refused (redirect to the admin dashboard)"
LOGIN = "sent to the login page"
DENIED = "对不起， 你没有权限访问。"
JSON = "application/json"


@dataclass(frozen=True)
class Redirect:
    """A redirect after an action the role may take (to this path)."""

    to: str


@dataclass
class Case:
    url: Callable
    expect: dict
    method: str = "get"
    data: dict = field(default_factory=dict)
    rows: Callable = None  # backoffice -> {marker text: roles whose page shows it}
    content_type: str = "text/html"


def only(*allowed, others=HOME, **special):
    """200 for ``allowed``, ``others`` for the rest of the staff; the enterprise and anonymous visitors (no
    admin access) are sent to the login page; ``special`` overrides single roles."""
    expected = {role: OK if role in allowed else others for role in STAFF}
    expected.update(enterprise=LOGIN, anonymous=LOGIN)
    expected.update(special)
    return expected


L1 = ("level1",)
MARKET = ("level1", "supervisor", "bank_a", "bank_b")  # institution staff (own rows) and those who read all
SEES_APPLICATION_A = ("level1", "supervisor", "bank_a")
DEPT_A = ("dept_author", "dept_reviewer")


def application_rows(c):
    return {c.application_a.reference: SEES_APPLICATION_A,
            c.application_b.reference: ("level1", "supervisor", "bank_b")}


def modeladmin(path, obj, *, lists, sees=None, create=(), edit=(), delete=(), inspect=None, rows=None):
    """The patterns of one modeladmin at /admin/<path>/ for the object ``obj`` (a backoffice attribute): ``lists``
    open the list (and its export), ``sees`` find ``obj`` among their rows (default: everyone who lists),
    and only they read its history; the others get 404 there."""
    name = path.replace("/", "_") + "_modeladmin_"
    sees = lists if sees is None else sees
    base = f"/admin/{path}/"

    def at(action):
        return lambda c: f"{base}{action}/{getattr(c, obj).pk}/"

    entries = {
        name + "index": [Case(lambda c: base, only(*lists), rows=rows),
                         Case(lambda c: base + "?export=csv", only(*lists), content_type="text/csv"),
                         Case(lambda c: base + "?export=xlsx", only(*lists), content_type="application/vnd")],
        name + "create": [Case(lambda c: base + "create/", only(*create))],
        name + "edit": [Case(at("edit"), only(*edit))],
        name + "delete": [Case(at("delete"), only(*delete))],
        name + "history": [Case(at("history"), only(*sees, others=NOT_FOUND))],
    }
    if inspect is not None:
        entries[name + "inspect"] = [Case(at("inspect"), only(*inspect))]
    return entries


def snippet(path, obj):
    """A snippet of the platform's (no rows per institution): level 1 only; history 404 for the others."""
    ns = "wagtailsnippets_" + path.replace("/", "_")
    choosers = "wagtailsnippetchoosers_" + path.replace("/", "_")
    base, chooser = f"/admin/snippets/{path}/", f"/admin/snippets/choose/{path}/"

    def at(action):
        return lambda c: f"{base}{action}/{getattr(c, obj).pk}/"

    return {
        f"{ns}:list": [Case(lambda c: base, only(*L1))],
        f"{ns}:list_results": [Case(lambda c: base + "results/", only(*L1))],
        f"{ns}:add": [Case(lambda c: base + "add/", only(*L1))],
        f"{ns}:edit": [Case(at("edit"), only(*L1))],
        f"{ns}:delete": [Case(at("delete"), only(*L1))],
        f"{ns}:usage": [Case(at("usage"), only(*L1))],
        f"{ns}:copy": [Case(at("copy"), only(*L1))],
        f"{ns}:history": [Case(at("history"), only(*L1, others=NOT_FOUND))],
        f"{ns}:history_results": [Case(at("history-results"), only(*L1, others=NOT_FOUND))],
        # the chooser modal answers JSON (its results panel HTML)
        f"{choosers}:choose": [Case(lambda c: chooser, only(*L1), content_type=JSON)],
        f"{choosers}:choose_results": [Case(lambda c: chooser + "results/", only(*L1))],
        f"{choosers}:chosen": [Case(lambda c: f"{chooser}chosen/{getattr(c, obj).pk}/", only(*L1),
                                    content_type=JSON)],
        f"{choosers}:chosen_multiple": [Case(lambda c: f"{chooser}chosen-multiple/?id={getattr(c, obj).pk}",
                                             only(*L1), content_type=JSON)],
        f"{choosers}:create": [Case(lambda c: chooser + "create/", only(*L1), content_type=JSON)],
    }


def admin_api(kind, obj):
    """The admin API's file endpoints (core.admin_api): what the user's chooser offers, here a file
    of department A's collection; every admin user may ask, the list leaves out what they cannot choose."""
    base = f"/admin/api/main/{kind}/"
    choosers = ("level1", *DEPT_A)
    return {
        f"wagtailadmin_api:{kind}:listing": [Case(lambda c: base, only(*STAFF), content_type=JSON,
                                                  rows=lambda c: {getattr(c, obj).title: choosers})],
        f"wagtailadmin_api:{kind}:detail": [Case(lambda c: f"{base}{getattr(c, obj).pk}/",
                                                 only(*choosers, others=NOT_FOUND), content_type=JSON)],
        f"wagtailadmin_api:{kind}:find": [Case(  # found: a redirect to the detail
            lambda c: f"{base}find/?id={getattr(c, obj).pk}",
            only(others=NOT_FOUND, **dict.fromkeys(
                choosers, lambda c: Redirect(f"http://localhost{base}{getattr(c, obj).pk}/?"))))],
    }


TABLE = {
    # ---------------------------------------------------------------- members
    **modeladmin("members/enterprise", "ent_a", lists=L1, create=L1, edit=L1, delete=L1, inspect=L1),
    **modeladmin("members/profilechangerequest", "change", lists=L1),
    **modeladmin("members/financialinstitution", "bank_a", lists=("level1", "bank_a", "bank_b"),
                 sees=("level1", "bank_a"), create=L1, edit=("level1", "bank_a"), delete=L1,
                 inspect=("level1", "bank_a"),
                 rows=lambda c: {c.bank_a.fi_code: ("level1", "bank_a"), c.bank_b.fi_code: ("level1", "bank_b")}),
    **modeladmin("members/governmentdepartment", "dept_a", lists=L1, create=L1, edit=L1, delete=L1),
    **modeladmin("members/blacklist", "blacklist", lists=L1, create=L1, edit=L1, delete=L1),
    **modeladmin("members/region", "region", lists=L1, create=L1, edit=L1, delete=L1),
    **modeladmin("members/park", "park", lists=L1, create=L1, edit=L1, delete=L1),
    **modeladmin("members/industry", "industry", lists=L1, create=L1, edit=L1, delete=L1),
    # 站内信 are sent, never edited or deleted, not even by the platform (members.wagtail_hooks)
    **modeladmin("members/message", "message", lists=L1, create=L1),
    "members_admin:setup_link": [Case(lambda c: f"/admin/member-review/user/{c.bank_a_officer.pk}/setup-link/",
                                      only(*L1))],
    **modeladmin("members/creditrecord", "credit_record", lists=L1, delete=L1),  # records only enter by import
    "members_admin:credit_record_import": [Case(lambda c: "/admin/member-review/credit-records/import/", only(*L1))],
    "members_admin:credit_record_template": [Case(lambda c: "/admin/member-review/credit-records/template/",
                                                  only(*L1), content_type="application/vnd")],
    "members_admin:blacklist_import": [Case(lambda c: "/admin/member-review/blacklist/import/", only(*L1))],
    "members_admin:blacklist_template": [Case(lambda c: "/admin/member-review/blacklist/template/", only(*L1),
                                              content_type="application/vnd")],
    "members_admin:certification_licence": [Case(
        lambda c: f"/admin/member-review/enterprise/{c.ent_a.pk}/licence/", only(*L1), content_type="image/png")],
    # the admin 收件箱: every back-office user reads their own messages; another's is not found
    "members_inbox:index": [Case(lambda c: "/admin/inbox/", only(*STAFF))],
    "members_inbox:detail": [Case(lambda c: f"/admin/inbox/{c.staff_message.pk}/",
                                  only("level1", others=NOT_FOUND))],
    "members_inbox:mark_all_read": [Case(lambda c: "/admin/inbox/read-all/", only(
        others=Redirect("/admin/inbox/"), enterprise=LOGIN, anonymous=LOGIN), method="post")],
    **snippet("members/creditauthorisationtext", "authorisation_text"),
    "wagtailsnippets_members_creditauthorisationtext:revisions_compare": [Case(
        lambda c: f"/admin/snippets/members/creditauthorisationtext/history/{c.authorisation_text.pk}/revisions/"
                  f"compare/earliest...latest/", only(*L1))],
    "wagtailsnippets_members_creditauthorisationtext:revisions_revert": [Case(
        lambda c: f"/admin/snippets/members/creditauthorisationtext/history/{c.authorisation_text.pk}/revisions/"
                  f"{c.authorisation_text.latest_revision.pk}/revert/", only(*L1))],
    **modeladmin("members/loginlog", "login_log", lists=L1, inspect=L1),
    **modeladmin("members/datagrant", "grant_a", lists=L1, inspect=L1),
    **modeladmin("members/dataview", "data_view", lists=L1, inspect=L1),
    "members_admin:certify_enterprise": [Case(lambda c: f"/admin/member-review/enterprise/{c.ent_a.pk}/certify/",
                                              only(*L1))],
    "members_admin:reject_enterprise": [Case(lambda c: f"/admin/member-review/enterprise/{c.ent_a.pk}/reject/",
                                             only(*L1))],
    "members_admin:cancel_enterprise": [Case(lambda c: f"/admin/member-review/enterprise/{c.ent_a.pk}/cancel/",
                                             only(*L1))],
    "members_admin:approve_change": [Case(lambda c: f"/admin/member-review/change/{c.change.pk}/approve/",
                                          only(*L1))],
    "members_admin:reject_change": [Case(lambda c: f"/admin/member-review/change/{c.change.pk}/reject/", only(*L1))],
    "members_roles:copy_role": [Case(lambda c: "/admin/roles/copy/", only(*L1))],
    "members_roles:level2_channels": [Case(lambda c: "/admin/roles/level2-channels/", only(*L1))],
    "members_roles:revoke_level2_channel": [Case(
        lambda c: f"/admin/roles/level2-channels/{c.level2.pk}/{c.news.pk}/revoke/", method="post",
        expect=only(level1=Redirect("/admin/roles/level2-channels/")))],
    "guarded_site_history": [Case(lambda c: "/admin/reports/site-history/",
                                  only(*L1, others=FORBIDDEN, enterprise=FORBIDDEN))],
    "guarded_site_history_results": [Case(lambda c: "/admin/reports/site-history/results/",
                                          only(*L1, others=FORBIDDEN, enterprise=FORBIDDEN))],
    # accounts and roles: level 1; a superuser's account is beyond them too
    "wagtailusers_users:index": [Case(lambda c: "/admin/users/", only(*L1))],
    "wagtailusers_users:index_results": [Case(lambda c: "/admin/users/results/", only(*L1))],
    "wagtailusers_users:add": [Case(lambda c: "/admin/users/new/", only(*L1))],
    "wagtailusers_users:edit": [Case(lambda c: f"/admin/users/edit/{c.bank_a_officer.pk}/", only(*L1)),
                                Case(lambda c: f"/admin/users/edit/{c.superuser.pk}/", only())],
    "wagtailusers_users:delete": [Case(lambda c: f"/admin/users/delete/{c.bank_a_officer.pk}/", only(*L1)),
                                  Case(lambda c: f"/admin/users/delete/{c.superuser.pk}/", only())],
    "wagtailusers_users:copy": [Case(lambda c: f"/admin/users/copy/{c.bank_a_officer.pk}/", only(*L1)),
                                Case(lambda c: f"/admin/users/copy/{c.superuser.pk}/", only())],
    "wagtailusers_users:usage": [Case(lambda c: f"/admin/users/usage/{c.bank_a_officer.pk}/", only(*L1))],
    "wagtailusers_users:history": [Case(lambda c: f"/admin/users/history/{c.bank_a_officer.pk}/",
                                        only(*L1, others=NOT_FOUND))],
    "wagtailusers_users:history_results": [Case(lambda c: f"/admin/users/history-results/{c.bank_a_officer.pk}/",
                                                only(*L1, others=NOT_FOUND))],
    "wagtailusers_groups:index": [Case(lambda c: "/admin/groups/", only(*L1))],
    "wagtailusers_groups:index_results": [Case(lambda c: "/admin/groups/results/", only(*L1))],
    "wagtailusers_groups:add": [Case(lambda c: "/admin/groups/new/", only(*L1))],
    "wagtailusers_groups:edit": [Case(lambda c: f"/admin/groups/edit/{c.group.pk}/", only(*L1))],
    "wagtailusers_groups:delete": [Case(lambda c: f"/admin/groups/delete/{c.group.pk}/", only(*L1))],
    "wagtailusers_groups:usage": [Case(lambda c: f"/admin/groups/usage/{c.group.pk}/", only(*L1))],
    "wagtailusers_groups:history": [Case(lambda c: f"/admin/groups/history/{c.group.pk}/",
                                         only(*L1, others=NOT_FOUND))],
    "wagtailusers_groups:history_results": [Case(lambda c: f"/admin/groups/history-results/{c.group.pk}/",
                                                 only(*L1, others=NOT_FOUND))],
    # ---------------------------------------------------------------- site_portal
    **admin_api("documents", "document_a"),
    **admin_api("images", "image_a"),
    **modeladmin("site_portal/workdayoverride", "workday", lists=L1, create=L1, edit=L1, delete=L1),
    **modeladmin("inspection/channelfreshness", "freshness", lists=L1, edit=L1),
    "inspection_dashboard": [Case(lambda c: "/admin/reports/inspection/", only(*L1))],
    "inspection_links": [Case(lambda c: "/admin/reports/inspection/links/", only(*L1))],
    # the pages in review in one's own channels: whoever publishes into a channel
    "inspection_channel_review": [Case(lambda c: "/admin/reports/channel-review/",
                                       only("level1", "level2", *DEPT_A, "dept_b"))],
    **snippet("inspection/forbiddenword", "forbidden"),
    "statistics:applications": [
        Case(lambda c: "/admin/statistics/applications/", only(*MARKET)),
        Case(lambda c: "/admin/statistics/applications/?format=xlsx", only(*MARKET), content_type="application/vnd")],
    "statistics:drilldown": [Case(lambda c: "/admin/statistics/applications/list/", only(*MARKET),
                                  rows=application_rows)],
    "statistics:access": [Case(lambda c: "/admin/statistics/access/", only("level1", "supervisor"))],
    "statistics:workload": [Case(lambda c: "/admin/statistics/workload/", only(*MARKET))],
    "statistics:users": [Case(lambda c: "/admin/statistics/users/", only("level1", "supervisor", "level2"))],
    # ---------------------------------------------------------------- 金融超市
    **modeladmin("finance_market/loanapplication", "application_a", lists=MARKET, sees=SEES_APPLICATION_A,
                 rows=application_rows),
    **modeladmin("finance_market/feedbacknotice", "notice_a", lists=MARKET, sees=SEES_APPLICATION_A,
                 rows=lambda c: {c.application_a.reference: SEES_APPLICATION_A}),
    **modeladmin("finance_market/urge", "urge_a", lists=MARKET, sees=SEES_APPLICATION_A,
                 rows=lambda c: {c.application_a.reference: SEES_APPLICATION_A}),
    **modeladmin("finance_market/rating", "rating_a", lists=MARKET, sees=SEES_APPLICATION_A,
                 rows=lambda c: {c.application_a.reference: SEES_APPLICATION_A}),
    **modeladmin("finance_market/financingneed", "need", lists=("level1", "supervisor"), create=L1, edit=L1),
    **modeladmin("finance_market/refusalreason", "reason", lists=L1, create=L1, edit=L1, delete=L1),
    **modeladmin("finance_market/nondisbursementreason", "non_disbursement_reason", lists=L1, create=L1, edit=L1,
                 delete=L1),
    "market_admin:application": [Case(lambda c: f"/admin/market/applications/{c.application_a.pk}/",
                                      only(*SEES_APPLICATION_A, others=NOT_FOUND))],
    "market_admin:application_action": [Case(  # an empty 催办 re-shows the page with the form's error
        lambda c: f"/admin/market/applications/{c.application_a.pk}/urge/", method="post",
        expect=only(*SEES_APPLICATION_A, others=NOT_FOUND))],
    "market_admin:notice_print": [Case(lambda c: f"/admin/market/notices/{c.notice_a.pk}/print/",
                                       only(*SEES_APPLICATION_A, others=NOT_FOUND))],
    "market_admin:batch": [Case(  # nothing ticked: back to the list with a message, for those who work the lists
        lambda c: "/admin/market/batch/accept/", method="post",
        expect=only(**{role: Redirect("/admin/finance_market/loanapplication/") for role in MARKET}))],
    # 企业画像: for banks only; bank A holds enterprise A's grant, bank B neither a grant nor an application
    # from it (404, as if the enterprise did not exist); the forbidden sides after revocation and expiry are in
    # tests/finance_market/test_data_grants.py
    "market_admin:enterprise_profile": [Case(lambda c: f"/admin/market/enterprises/{c.ent_a.pk}/profile/",
                                             only("bank_a", bank_b=NOT_FOUND))],
    "market_admin:granted_enterprises": [Case(lambda c: "/admin/market/enterprises/granted/", only("bank_a", "bank_b"),
                                              rows=lambda c: {c.ent_a.name: ("bank_a",)})],
    "market_admin:need_review": [Case(lambda c: f"/admin/market/needs/{c.need.pk}/approve/", only(*L1)),
                                 Case(lambda c: f"/admin/market/needs/{c.need.pk}/reject/", only(*L1))],
    # ---------------------------------------------------------------- 名录与项目导入, 资本市场培育板
    "enterprise_list_admin:targets": [Case(lambda c: "/admin/list-import/",
                                           only("level1", *DEPT_A, "dept_b"),
                                           rows=lambda c: {c.list_a.title: ("level1", *DEPT_A)})],
    "enterprise_list_admin:import_rows": [Case(lambda c: f"/admin/list-import/list/{c.list_a.pk}/",
                                               only("level1", *DEPT_A))],
    "enterprise_list_admin:import_projects": [Case(lambda c: f"/admin/list-import/projects/{c.projects_a.pk}/",
                                                   only("level1", *DEPT_A))],
    "enterprise_list_admin:template": [Case(lambda c: "/admin/list-import/template/rows.xlsx", only(*STAFF),
                                            content_type="application/vnd")],
    "enterprise_list_admin:listing_plans": [Case(lambda c: "/admin/list-import/listing-plans/",
                                                 only("level1", "level2", *DEPT_A))],
    "enterprise_list_admin:listing_export": [Case(lambda c: "/admin/list-import/listing-plans/export.xlsx",
                                                  only("level1", "level2", *DEPT_A),
                                                  content_type="application/vnd")],
    # ---------------------------------------------------------------- 咨询服务
    # departments list consultations too: one may be transferred (转办) to them
    **modeladmin("consultations/consultation", "consultation_a", lists=("level1", "bank_a", "bank_b", *DEPT_A,
                                                                         "dept_b"),
                 sees=("level1", "bank_a"),
                 rows=lambda c: {c.consultation_a.title: ("level1", "bank_a"),
                                 c.consultation_b.title: ("level1", "bank_b")}),
    **modeladmin("consultations/boardpost", "board_post", lists=L1),
    **modeladmin("consultations/complaint", "complaint_dept_a", lists=("level1", "bank_a", "bank_b", *DEPT_A, "dept_b"),
                 sees=("level1", *DEPT_A),
                 rows=lambda c: {c.complaint_a.title: ("level1", "bank_a"), c.complaint_b.title: ("level1", "bank_b"),
                                 c.complaint_dept_a.title: ("level1", *DEPT_A),
                                 c.complaint_dept_b.title: ("level1", "dept_b")}),
    **modeladmin("consultations/expert", "expert", lists=L1, create=L1, edit=L1, delete=L1),
    **modeladmin("consultations/faqcategory", "faq_category", lists=L1, create=L1, edit=L1, delete=L1),
    **modeladmin("consultations/faq", "faq", lists=L1, create=L1, edit=L1, delete=L1),
    "consultations_admin:consultation": [Case(lambda c: f"/admin/consultation-desk/consultation/{c.consultation_a.pk}/",
                                              only("level1", "bank_a", others=NOT_FOUND))],
    "consultations_admin:complaint": [
        Case(lambda c: f"/admin/consultation-desk/complaint/{c.complaint_dept_a.pk}/",
             only("level1", *DEPT_A, others=NOT_FOUND)),
        Case(lambda c: f"/admin/consultation-desk/complaint/{c.complaint_a.pk}/",
             only("level1", "bank_a", others=NOT_FOUND))],
    "consultations_admin:board": [Case(lambda c: f"/admin/consultation-desk/board/{c.board_post.pk}/", only(*L1))],
    "consultations_notifications:index": [Case(lambda c: "/admin/notifications/", only("level1", "level2"))],
    "consultations_notifications:compose": [Case(lambda c: "/admin/notifications/new/", only("level1", "level2"))],
    "consultations_notifications:cancel": [Case(
        lambda c: f"/admin/notifications/{c.notification.pk}/cancel/", method="post",
        expect=only(level1=Redirect("/admin/notifications/"), level2=Redirect("/admin/notifications/")))],
    # ---------------------------------------------------------------- search
    **snippet("portal_search/financeterm", "term"),
    **snippet("portal_search/searchsynonym", "synonym"),
    "portal_search_statistics": [Case(lambda c: "/admin/reports/search-statistics/", only(*L1))],
}


# ---------------------------------------------------------------- the patterns of the portal's apps


def _walk(patterns, namespace=None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace or namespace
            if namespace and pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}"
            yield from ((str(pattern.pattern) + route, name, view)
                        for route, name, view in _walk(pattern.url_patterns, inner))
        else:
            name = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name
            yield str(pattern.pattern), name, pattern.callback


def _model_of(view):
    """The model a modeladmin or viewset view serves, if any."""
    view = inspect.unwrap(view)  # the admin wraps every view (require_admin_access, never_cache, ...)
    owner = getattr(view, "__self__", None)
    model = getattr(owner, "model", None) or getattr(view, "view_initkwargs", {}).get("model")
    return apps.get_model(model) if isinstance(model, str) else model


def portal_admin_patterns():
    """{URL name: route} of every /admin/ pattern whose view belongs to one of the portal's apps."""
    labels = {config.label for config in apps.get_app_configs() if config.name.split(".")[0] in PORTAL_PACKAGES}
    found = {}
    for route, name, view in _walk(get_resolver().url_patterns):
        if not route.startswith("admin/"):
            continue
        model = _model_of(view)
        module = getattr(view, "__module__", "") or ""
        if (name or "").split(":")[0] in WAGTAIL_NAMESPACES:
            continue
        if ((model is not None and model._meta.app_label in labels) or module.split(".")[0] in PORTAL_PACKAGES
                or (name or "").split(":")[0] in PORTAL_NAMESPACES):
            found[name] = route
    return found


def test_every_admin_pattern_of_the_portal_is_in_the_table():
    patterns = portal_admin_patterns()
    assert None not in patterns, "an unnamed admin pattern of the portal: name it so the table can list it"
    missing = sorted(f"{name} ({route})" for name, route in patterns.items() if name not in TABLE)
    assert missing == [], "admin patterns with no expected access in TABLE"
    assert sorted(set(TABLE) - set(patterns)) == [], "TABLE names patterns that no longer exist"


# ---------------------------------------------------------------- each role against the table


def outcome(response, url, method):
    """The answer in the table's terms."""
    location = response.get("Location", "")
    if response.status_code == 302:
        if location == "/admin/" and DENIED in [str(m).strip() for m in get_messages(response.wsgi_request)]:
            return HOME
        if location == redirect_to_login(url, settings.WAGTAILADMIN_LOGIN_URL)["Location"]:
            return LOGIN
        return Redirect(location)
    return response.status_code


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_role_opens_exactly_what_the_table_says(client, backoffice, role):
    user = user_for(backoffice, role)
    if user is not None:
        client.force_login(user)
    wrong = []
    for name, cases in TABLE.items():
        for case in cases:
            url = case.url(backoffice)
            response = getattr(client, case.method)(url, case.data)
            got, expected = outcome(response, url, case.method), case.expect[role]
            if callable(expected):  # an answer that names the backoffice's objects
                expected = expected(backoffice)
            if got != expected:
                wrong.append(f"{name} {case.method.upper()} {url}: expected {expected}, got {got}")
                continue
            if got == OK and not response["Content-Type"].startswith(case.content_type):
                wrong.append(f"{name} {url}: expected {case.content_type}, got {response['Content-Type']}")
            if got == OK and case.rows is not None:
                body = response.content.decode()
                for marker, roles in case.rows(backoffice).items():
                    if (marker in body) != (role in roles):
                        wrong.append(f"{name} {url}: “{marker}” {'missing' if role in roles else 'shown'}")
    assert not wrong, "\n".join(wrong)
