"""F-SEC-5/8: production settings pass Django's deployment checks, secrets come only from the
environment, and every response carries the security headers (a strict CSP on the public site)."""

import os
import subprocess
import sys

import pytest
from django.conf import settings

PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "site_portal.settings.production",
    "SECRET_KEY": "k" * 20 + "prod-secret-from-the-vault-" + "x" * 30,
    "ALLOWED_HOSTS": "portal.example.cn",
    "CSRF_TRUSTED_ORIGINS": "https://portal.example.cn",
    "DATABASE_URL": "sqlite:////tmp/portal-deploy-check.sqlite3",
}


def _manage(*args, env):
    inherited = ("SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE")
    clean = {k: v for k, v in os.environ.items() if k not in inherited}
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=settings.BASE_DIR, env={**clean, **env},
        capture_output=True, text=True, timeout=120,
    )


def test_check_deploy_is_clean_under_production_settings():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_collectstatic_succeeds_under_production_settings(tmp_path):
    """The manifest storage of production refuses a static file that names a missing one (a vendored
    library's source map, say): a deploy would stop at collectstatic."""
    result = _manage("collectstatic", "--noinput", "-v0", env={**PRODUCTION_ENV, "STATIC_ROOT": str(tmp_path)})
    assert result.returncode == 0, result.stdout + result.stderr
    manifest = (tmp_path / "staticfiles.json").read_text()
    assert "statistics/vendor/chartjs/chart.umd.js" in manifest and "js/display-prefs.js" in manifest


@pytest.mark.parametrize("secret", [None, "", "dev-only-insecure-key-change-me", "short", "k" * 60])
def test_production_refuses_to_start_without_a_real_secret_key(secret):
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "SECRET_KEY"}
    if secret is not None:
        env["SECRET_KEY"] = secret
    result = _manage("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY must come from the environment" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "ALLOWED_HOSTS"}
    result = _manage("check", env=env)
    assert result.returncode != 0
    assert "ALLOWED_HOSTS" in result.stderr


def test_public_pages_get_a_strict_csp_and_the_other_security_headers(client, home):
    response = client.get("/")
    assert response.status_code == 200
    csp = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in csp.split(";") if part.strip())
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert "unsafe" not in csp
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_public_templates_carry_no_inline_script_style_or_handler(client, home):
    """What the strict CSP would block: inline <script>/<style>, style= and on*= attributes."""
    import re

    html = client.get("/").content.decode()
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)
    assert "<style" not in html
    assert not re.search(r"\sstyle=\"", html)
    assert not re.search(r"\son[a-z]+=\"", html)


def test_admin_gets_the_looser_policy_it_needs(client, superuser):
    client.force_login(superuser)
    response = client.get("/admin/")
    assert response.status_code == 200
    csp = response["Content-Security-Policy"]
    assert "script-src 'self' 'unsafe-inline'" in csp
    assert "frame-ancestors 'self'" in csp


def test_a_server_without_a_settings_module_refuses_to_start_without_a_secret_key():
    """gunicorn site_portal.wsgi:application with no DJANGO_SETTINGS_MODULE runs production settings, which stop
    at a missing SECRET_KEY instead of serving with development defaults."""
    inherited = ("SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE")
    clean = {k: v for k, v in os.environ.items() if k not in inherited}
    result = subprocess.run([sys.executable, "-c", "import site_portal.wsgi"], cwd=settings.BASE_DIR, env=clean,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode != 0
    assert "SECRET_KEY must come from the environment in production" in result.stderr
