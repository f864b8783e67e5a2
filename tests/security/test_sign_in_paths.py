"""Every way into an account, listed: the source and the URL map are scanned for code that signs a user in,
and the lists must equal the known ones below, each of which needs a password (with captcha and lockout) or
a one-time, purpose-bound token. Then the tokens are tried the way an attacker would: used, stale, replayed.

A new sign-in path makes the inventory tests fail on purpose: add it to KNOWN_* only with a reason and a
behaviour test here."""

import ast
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import views as django_auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from members import onboarding, sms
from members.forms import AdminLoginForm, PortalLoginForm
from members.models import Enterprise
from members.views import accounts
from tests.factories.members import EnterpriseFactory, make_uscc
from tests.factories.users import PASSWORD

pytestmark = pytest.mark.django_db

CODE = make_uscc(4242)
NEW_PASSWORD = "Changed#pw2026"
CAPTCHA = {"captcha_0": "k", "captcha_1": "PASSED"}

# --- inventory of the source -------------------------------------------------------------------------

# (file, where, what): what the scan below finds, and why each one is safe
KNOWN_SOURCE_SIGN_INS = {
    # password + captcha (PortalLoginForm) + django-axes lockout (AxesStandaloneBackend)
    ("members/views/accounts.py", "LoginView", "subclasses LoginView"),
    # the one-time reset token (password hash + last login in its hash); post_reset_login stays False
    ("members/views/accounts.py", "PasswordResetConfirmView", "subclasses PasswordResetConfirmView"),
    # the first password of an account the platform opened: its own one-time token (members.onboarding), the
    # same view as the reset otherwise, so post_reset_login stays False
    ("members/views/accounts.py", "AccountSetupView", "subclasses PasswordResetConfirmView"),
    # a developer's screenshot script run against a local demo database it already has full access to; the site
    # never imports it (scripts/ is not a package of the project)
    ("scripts/screenshots.py", "session_cookie", "calls force_login()"),
    # the in-process page benchmarks (bench/, make bench) render signed-in pages with Django's test client over
    # a generated benchmark database; the site never imports them (bench/ is not a package of the project)
    ("bench/inprocess.py", "main", "calls force_login()"),
    ("bench/applications.py", "main", "calls force_login()"),
}
SIGN_IN_CALLS = {"login", "auth_login", "force_login"}
SIGN_IN_BASES = {"LoginView", "PasswordResetConfirmView"}
SKIPPED_FOLDERS = {".venv", "venv", "tests", "migrations", "node_modules", ".git", "staticfiles", "media",
                   "test-media"}


def python_sources():
    root = Path(settings.BASE_DIR)
    for path in sorted(root.rglob("*.py")):
        relative = path.relative_to(root)
        if not SKIPPED_FOLDERS & set(relative.parts):
            yield relative.as_posix(), ast.parse(path.read_text(encoding="utf-8"), filename=str(relative))


def _name_of(node):
    """`login` for login(...), auth.login(...), self.client.force_login(...); `LoginView` for a base class."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return ""


def _aliases_of_auth_login(tree):
    """Names under which this module imported django.contrib.auth.login (``from ... import login as x``)."""
    return {alias.asname or alias.name for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
            and node.module == "django.contrib.auth" for alias in node.names if alias.name == "login"}


def _sets_post_reset_login(node):
    """post_reset_login = <anything but False>: the reset link would sign the user in."""
    return (isinstance(node, ast.Assign) and any(_name_of(t) == "post_reset_login" for t in node.targets)
            and not (isinstance(node.value, ast.Constant) and node.value.value is False))


def sign_ins_in(filename, tree):
    """(file, enclosing class or function, what) for each call or view that can sign a user in."""
    found = set()
    login_names = SIGN_IN_CALLS | _aliases_of_auth_login(tree)

    def visit(node, where):
        for child in ast.iter_child_nodes(node):
            inner = where
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                inner = child.name if where == "<module>" else f"{where}.{child.name}"
            if isinstance(child, ast.ClassDef):
                for base in child.bases:
                    if _name_of(base) in SIGN_IN_BASES:
                        found.add((filename, inner, f"subclasses {_name_of(base)}"))
            if isinstance(child, ast.Call) and _name_of(child.func) in login_names:
                found.add((filename, where, f"calls {_name_of(child.func)}()"))
            if _sets_post_reset_login(child):
                found.add((filename, where, "sets post_reset_login"))
            visit(child, inner)

    visit(tree, "<module>")
    return found


def test_the_scan_finds_what_it_looks_for():
    """So an empty result below means "none there", not "the scan is blind"."""
    sample = ast.parse(
        "from django.contrib.auth import login as sign_in\n"
        "from django.contrib import auth\n"
        "def a(request, user):\n    sign_in(request, user)\n"
        "def b(request, user):\n    auth.login(request, user)\n"
        "def c(client, user):\n    client.force_login(user)\n"
        "class D(auth_views.PasswordResetConfirmView):\n    post_reset_login = True\n"
        "class E(LoginView):\n    pass\n"
    )
    assert sign_ins_in("x.py", sample) == {
        ("x.py", "a", "calls sign_in()"), ("x.py", "b", "calls login()"), ("x.py", "c", "calls force_login()"),
        ("x.py", "D", "subclasses PasswordResetConfirmView"), ("x.py", "D", "sets post_reset_login"),
        ("x.py", "E", "subclasses LoginView"),
    }


def test_every_sign_in_in_the_source_is_a_known_one():
    found = set()
    for filename, tree in python_sources():
        found |= sign_ins_in(filename, tree)
    assert found == KNOWN_SOURCE_SIGN_INS


def test_each_known_sign_in_needs_a_password_or_a_one_time_reset_token():
    assert issubclass(accounts.LoginView.authentication_form, AuthenticationForm)  # username + password
    assert accounts.LoginView.authentication_form is PortalLoginForm and "captcha" in PortalLoginForm.base_fields
    assert settings.AUTHENTICATION_BACKENDS[0] == "axes.backends.AxesStandaloneBackend"
    assert accounts.PasswordResetConfirmView.post_reset_login is False  # sets a password, signs no one in
    assert accounts.PasswordResetConfirmView.token_generator is default_token_generator
    assert accounts.AccountSetupView.post_reset_login is False
    assert accounts.AccountSetupView.token_generator is onboarding.setup_token
    assert onboarding.setup_token.key_salt != default_token_generator.key_salt
    assert settings.WAGTAILADMIN_USER_LOGIN_FORM == "members.forms.AdminLoginForm"
    assert "captcha" in AdminLoginForm.base_fields


# --- inventory of the URL map ------------------------------------------------------------------------

def url_patterns(resolver=None, prefix="/"):
    for entry in (resolver or get_resolver()).url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from url_patterns(entry, route)
        elif isinstance(entry, URLPattern):
            yield route, entry.callback


def _signs_in(callback):
    view_class = getattr(callback, "view_class", None)
    if view_class is not None:
        return issubclass(view_class, (django_auth_views.LoginView, django_auth_views.PasswordResetConfirmView))
    # django.contrib.admin's AdminSite.login (a bound method, no view_class)
    return getattr(callback, "__name__", "") == "login"


def _dotted(view):
    return f"{view.__module__}.{view.__qualname__}"


def test_every_url_that_serves_a_sign_in_view_is_a_known_one(client):
    served = {route: _dotted(getattr(callback, "view_class", callback))
              for route, callback in url_patterns() if _signs_in(callback)}
    assert served == {
        "/accounts/login/": "members.views.accounts.LoginView",
        "/accounts/password/reset/<uidb64>/<token>/": "members.views.accounts.PasswordResetConfirmView",
        "/accounts/setup/<uidb64>/<token>/": "members.views.accounts.AccountSetupView",
        "/admin/login/": "wagtail.admin.views.account.LoginView",  # AdminLoginForm: captcha + axes
        # Wagtail's own reset form has no captcha and no limit: switched off (WAGTAIL_PASSWORD_RESET_ENABLED)
        "/admin/password_reset/confirm/<uidb64>/<token>/": "wagtail.admin.views.account.PasswordResetConfirmView",
        # Wagtail's login for private pages, a plain AuthenticationForm: shadowed by a redirect to ours
        "/_util/login/": "django.contrib.auth.views.LoginView",
    }


def test_the_library_sign_in_pages_without_a_captcha_are_not_reachable(client, superuser):
    assert client.get("/admin/password_reset/").status_code == 404
    assert client.get("/admin/password_reset/confirm/MQ/set-password/").status_code == 404
    assert client.get("/django-admin/").status_code == 404
    assert client.get("/django-admin/login/").status_code == 404
    response = client.get("/_util/login/?next=/private/")
    assert response.status_code == 302 and response["Location"] == "/accounts/login/?next=/private/"
    assert client.post("/_util/login/", {"username": "root", "password": "Root#pass2026"}).status_code == 302
    assert "_auth_user_id" not in client.session


# --- behaviour: tokens ---------------------------------------------------------------------------------

@pytest.fixture(autouse=True)
def empty_sms_outbox():
    sms.outbox.clear()


def register(client):
    client.post("/accounts/register/", {
        "name": "福州令牌测试有限公司", "credit_code": CODE, "contact_person": "陈七", "contact_phone": "13800004242",
        "email": "chenqi@example.cn", "password1": "Qiye#2026ok", "password2": "Qiye#2026ok", **CAPTCHA})
    return Enterprise.objects.get(credit_code=CODE).account


def activation_link():
    return re.search(r"https?://[^/\s]+(/accounts/activate/\S+/)", mail.outbox[0].body).group(1)


def reset_link(message):
    return re.search(r"https?://[^/\s]+(/accounts/password/reset/\S+/)", message.body).group(1)


def sms_code():
    return re.search(r"(\d{6})", sms.outbox[-1]["text"]).group(1)


def signed_in(client):
    return "_auth_user_id" in client.session


def sign_in(client, username, password):
    return client.post("/accounts/login/", {"username": username, "password": password, **CAPTCHA})


def test_the_activation_link_activates_signs_no_one_in_and_then_is_stale(client):
    user = register(client)
    link = activation_link()
    response = client.get(link)
    assert response.status_code == 302 and response["Location"] == f"/accounts/login/?username={CODE}"
    assert not signed_in(client)
    user.refresh_from_db()
    assert user.is_activated
    again = client.get(link)
    assert again.status_code == 302 and again["Location"] == "/accounts/activate/"
    assert not signed_in(client)


def test_the_activation_link_is_stale_after_a_password_change(client):
    register(client)
    link = activation_link()
    client.post("/accounts/activate/", {"username": CODE, "code": sms_code(), **CAPTCHA})
    assert sign_in(client, CODE, "Qiye#2026ok")["Location"] == "/member/"
    client.post("/accounts/password/change/", {"old_password": "Qiye#2026ok", "new_password1": NEW_PASSWORD,
                                               "new_password2": NEW_PASSWORD})
    client.post("/accounts/logout/")
    response = client.get(link, follow=True)
    assert not signed_in(client)
    assert "激活链接无效或已使用" in response.content.decode()


def test_the_activation_link_is_stale_after_a_password_reset(client):
    user = register(client)
    link = activation_link()
    client.post("/accounts/password/reset/", {"email": "chenqi@example.cn", **CAPTCHA})
    form_url = client.get(reset_link(mail.outbox[-1]))["Location"]
    client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    client.get(link)
    assert not signed_in(client)
    user.refresh_from_db()
    assert not user.is_activated  # the stale link did nothing; a fresh one comes with a resend


def test_a_password_reset_link_signs_no_one_in_and_works_once(client):
    enterprise = EnterpriseFactory(email="boss@example.cn")
    enterprise.account.email = "boss@example.cn"
    enterprise.account.save()
    client.post("/accounts/password/reset/", {"email": "boss@example.cn", **CAPTCHA})
    link = reset_link(mail.outbox[0])
    form_url = client.get(link)["Location"]
    response = client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/accounts/password/reset/done/"
    assert not signed_in(client)
    replay = client.get(link, follow=True)
    assert "重设链接无效或已过期" in replay.content.decode() and not signed_in(client)


def test_a_password_reset_link_is_stale_after_a_password_change(client):
    enterprise = EnterpriseFactory(email="boss@example.cn")
    account = enterprise.account
    account.email = "boss@example.cn"
    account.save()
    client.post("/accounts/password/reset/", {"email": "boss@example.cn", **CAPTCHA})
    link = reset_link(mail.outbox[0])
    account.set_password(NEW_PASSWORD)
    account.save()
    page = client.get(link, follow=True).content.decode()
    assert "重设链接无效或已过期" in page and not signed_in(client)


# --- behaviour: the activation form ------------------------------------------------------------------

@pytest.mark.parametrize("code", ["000000", "123456", "999999"])
def test_the_activation_form_never_signs_in_an_activated_account(client, superuser, code):
    response = client.post("/accounts/activate/", {"username": superuser.username, "code": code, **CAPTCHA})
    assert response.status_code == 200
    assert not signed_in(client)
    assert client.get("/admin/").status_code == 302


def test_the_right_activation_code_activates_but_does_not_sign_in(client):
    user = register(client)
    response = client.post("/accounts/activate/", {"username": CODE.lower(), "code": sms_code(), **CAPTCHA},
                           follow=True)
    assert response.redirect_chain == [(f"/accounts/login/?username={CODE}", 302)]
    assert not signed_in(client)
    page = response.content.decode()
    assert "账号已激活，请登录" in page and f'value="{CODE}"' in page  # the login form, username filled in
    user.refresh_from_db()
    assert user.is_activated


# --- behaviour: a locked-out account stays locked out ------------------------------------------------

def lock_out(client, username):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, username, "Wrong#pass1")
    assert sign_in(client, username, "Wrong#pass1").status_code == 429


def test_a_locked_out_account_cannot_be_reached_through_activation(client):
    user = register(client)
    lock_out(client, CODE)
    response = client.post("/accounts/activate/", {"username": CODE, "code": sms_code(), **CAPTCHA})
    assert response.status_code == 429
    assert not signed_in(client)
    user.refresh_from_db()
    assert not user.is_activated


def test_a_locked_out_superuser_cannot_be_reached_through_activation(client, superuser):
    lock_out(client, superuser.username)
    response = client.post("/accounts/activate/", {"username": superuser.username, "code": "123456", **CAPTCHA})
    assert response.status_code == 429 and not signed_in(client)


def test_a_locked_out_account_cannot_be_reached_through_a_password_reset(client):
    enterprise = EnterpriseFactory(email="boss@example.cn")
    enterprise.account.email = "boss@example.cn"
    enterprise.account.save()
    lock_out(client, enterprise.credit_code)
    client.post("/accounts/password/reset/", {"email": "boss@example.cn", **CAPTCHA})
    form_url = client.get(reset_link(mail.outbox[0]))["Location"]
    client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert not signed_in(client)
    assert sign_in(client, enterprise.credit_code, NEW_PASSWORD).status_code == 429  # still locked here
    assert not signed_in(client)


def test_the_reset_confirm_view_never_logs_in_even_with_a_valid_token(client):
    """The token itself: valid, the new password is set, yet the session stays anonymous."""
    enterprise = EnterpriseFactory()
    assert enterprise.account.check_password(PASSWORD)
    token = default_token_generator.make_token(enterprise.account)
    uid = urlsafe_base64_encode(force_bytes(enterprise.account.pk))
    form_url = client.get(f"/accounts/password/reset/{uid}/{token}/")["Location"]
    client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert not signed_in(client)
