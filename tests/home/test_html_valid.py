"""Every page type of the front office, as the server sends it, is valid HTML for the Nu HTML Checker (the
W3C's vnu.jar, from npm's vnu-jar, run with Java): no error on the pages the phone-layout browser test opens.
`make vnu` (part of `make test`) installs the checker into .cache/vnu; VNU_JAR may point elsewhere."""

import json
import os
import re
import subprocess
from pathlib import Path

import pytest
from django.test import Client

from tests.site_pages import enterprise_account, member_pages, public_pages

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
VNU_JAR = Path(os.environ.get("VNU_JAR", ROOT / ".cache/vnu/node_modules/vnu-jar/build/dist/vnu.jar"))


def _save(folder, client, pages, suffix=""):
    saved = {}
    for name, path in pages.items():
        file = folder / (re.sub(r"\W+", "-", name + suffix) + ".html")
        file.write_bytes(client.get(path).content)
        saved[file.resolve().as_uri()] = f"{name} {path}{suffix}"
    return saved


def test_every_page_type_is_valid_html(demo_site, tmp_path):
    assert VNU_JAR.exists(), f"the Nu HTML Checker is missing: run `make vnu` (looked for {VNU_JAR})"
    member = Client()
    member.force_login(enterprise_account())
    saved = {**_save(tmp_path, Client(), public_pages()), **_save(tmp_path, member, member_pages(), " (signed in)")}
    checked = subprocess.run(["java", "-jar", str(VNU_JAR), "--errors-only", "--format", "json", *sorted(saved)],
                             capture_output=True, text=True, timeout=300)
    messages = json.loads(checked.stderr or checked.stdout)["messages"]
    errors = [f"{saved.get(m.get('url'), m.get('url'))}, line {m.get('lastLine')}: {m['message']}"
              f" [{m.get('extract', '').strip()[:120]}]"
              for m in messages if m["type"] in ("error", "non-document-error")]
    assert not errors, "\n".join(errors)
