"""The development SMS backend prints each message on the console (the developer needs the code); production
never uses it, so no code ends up in a production log."""

import os
import subprocess
import sys

from django.conf import settings

from tests.security.test_settings_and_headers import PRODUCTION_ENV

# the configured backend itself (send_sms would first count the code against the day's limit, in a database
# this bare process does not have)
SEND = ("import django; django.setup(); from members.sms import KINDS, backend; "
        "sent = backend().send('13800001111', KINDS['activation_code'], {'code': '482913', 'minutes': '10'}); "
        "print('sent' if sent else 'not sent')")


def run(env, code=SEND):
    inherited = ("SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_SETTINGS_MODULE", "SMS_BACKEND")
    clean = {k: v for k, v in os.environ.items() if k not in inherited}
    return subprocess.run([sys.executable, "-c", code], cwd=settings.BASE_DIR, env={**clean, **env},
                          capture_output=True, text=True, timeout=120)


def test_the_development_backend_shows_the_code_on_the_console():
    result = run({"DJANGO_SETTINGS_MODULE": "site_portal.settings.dev"})
    assert result.returncode == 0, result.stderr
    assert "sent" in result.stdout
    assert "13800001111" in result.stderr and "482913" in result.stderr


def test_production_refuses_the_development_backend():
    result = run({**PRODUCTION_ENV, "SMS_BACKEND": "members.sms.LogSmsBackend"})
    assert result.returncode != 0
    assert "SMS_BACKEND" in result.stderr


def test_production_without_a_gateway_sends_nothing_and_logs_no_code():
    result = run(PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    assert "not sent" in result.stdout
    assert "482913" not in result.stdout + result.stderr
    assert "SMS_BACKEND" in result.stderr  # the operator is told why
