"""Screenshots of the front office at 1280 and 360 px for docs/screenshots/ (issue 19's before/after set).

Run against a dev server on a database seeded with seed_demo (same DATABASE_URL as the server):

    DATABASE_URL=sqlite:////tmp/x.sqlite3 .venv/bin/python scripts/screenshots.py http://127.0.0.1:8000 after

Each picture is the top of the page (the viewport), a palette PNG kept small for the repository.
"""

import io
import os
import sys
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "site_portal.settings.dev")
django.setup()

from django.test import Client  # noqa: E402
from PIL import Image  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

from finance_market.models import LoanProductPage  # noqa: E402
from members.models import Enterprise  # noqa: E402

ENTERPRISE = "91350100MA2Y4LQ006"
WIDTHS = {1280: 900, 360: 740}
OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"


def pages():
    product = LoanProductPage.objects.live().public().order_by("path").first()
    return {
        "home": ("/", False),
        "market": ("/market/", False),
        "product": (product.url, False),
        "match": ("/market/match/", True),
        "cart": ("/market/cart/", True),
        "member": ("/member/", True),
    }


def session_cookie(base):
    client = Client()
    client.force_login(Enterprise.objects.get(credit_code=ENTERPRISE).account)
    return {"name": "sessionid", "value": client.cookies["sessionid"].value, "url": base}


def save(png, path):
    image = Image.open(io.BytesIO(png)).convert("RGB").quantize(colors=128)
    image.save(path, optimize=True)


def main(base, label):
    OUT.mkdir(parents=True, exist_ok=True)
    cookie = session_cookie(base)
    targets = pages()  # read before Playwright starts its event loop (the ORM refuses async contexts)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium",
                                    args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        for width, height in WIDTHS.items():
            for signed_in in (False, True):
                context = browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN")
                if signed_in:
                    context.add_cookies([cookie])
                page = context.new_page()
                for name, (path, needs_login) in targets.items():
                    if needs_login != signed_in:
                        continue
                    page.goto(base + path, wait_until="networkidle")
                    target = OUT / f"{label}-{name}-{width}.png"
                    save(page.screenshot(), target)
                    print(f"{target.name}: {target.stat().st_size // 1024} KB")
                context.close()
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1].rstrip("/"), sys.argv[2])
