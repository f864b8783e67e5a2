"""Locust scenario for bench/load.py: visitors browse and search, certified enterprises apply.

Started by bench/load.py, which passes the signed-in sessions and the products through
LOAD_FIXTURE (a JSON file). Loopback only: the host must be 127.0.0.1.

Users are locust's FastHttpUser (geventhttpclient): the load generator shares the machine's cores with
the server, and this client costs a fraction of the CPU of python-requests per request.
"""

import json
import os
import random
import secrets
import string
import uuid
from pathlib import Path

from load_queries import QUERIES
from locust import FastHttpUser, between, task

FIXTURE = json.loads(Path(os.environ["LOAD_FIXTURE"]).read_text())
BROWSER = "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Chrome/130 Mobile Safari/537.36 portal-load"


class Visitor(FastHttpUser):
    """An anonymous visitor: home, channels, articles, the marketplace and search."""

    weight = 7
    wait_time = between(1, 3)
    default_headers = {"User-Agent": BROWSER}  # counted as a person by the access statistics

    def on_start(self):
        assert self.host.startswith(("http://127.0.0.1", "http://localhost")), "loopback only"

    @task(4)
    def home(self):
        self.client.get("/", name="home")

    @task(4)
    def listing(self):
        self.client.get(random.choice(FIXTURE["listings"]), name="channel listing")

    @task(6)
    def article(self):
        self.client.get(random.choice(FIXTURE["articles"]), name="article / policy")

    @task(3)
    def market(self):
        self.client.get("/market/", name="/market/")
        self.client.get(random.choice(FIXTURE["product_urls"]), name="product")

    @task(3)
    def search(self):
        self.client.get("/search/", params={"q": random.choice(QUERIES)}, name="/search/?q=")


class Enterprise(FastHttpUser):
    """A certified enterprise (signed in beforehand: the login form has a captcha): match, cart, apply."""

    weight = 1
    wait_time = between(2, 5)

    def on_start(self):
        assert self.host.startswith(("http://127.0.0.1", "http://localhost")), "loopback only"
        # Production cookies are Secure, which a client will not send over the loopback's plain HTTP: the
        # session and a CSRF cookie are sent by hand. Django accepts its unmasked CSRF secret as the form
        # token, and keeps a CSRF cookie it is sent, so the pair stays valid for the whole run.
        self.csrf = "".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(32))
        cookie = f"sessionid={random.choice(FIXTURE['sessions'])}; csrftoken={self.csrf}"
        self.headers = {"User-Agent": BROWSER, "Cookie": cookie}

    @task(2)
    def member_centre(self):
        self.client.get("/member/", name="/member/", headers=self.headers)
        self.client.get("/member/applications/", name="/member/applications/", headers=self.headers)

    @task(1)
    def apply(self):
        product = random.choice(FIXTURE["products"])
        self.client.get("/market/", name="/market/ (signed in)", headers=self.headers)
        self.client.post("/market/cart/add/", data={"product": product, "csrfmiddlewaretoken": self.csrf},
                         name="cart add", allow_redirects=False, headers=self.headers)
        self.client.get("/market/cart/checkout/", name="checkout form", headers=self.headers)
        with self.client.post("/market/cart/checkout/", data={
            "csrfmiddlewaretoken": self.csrf, "token": str(uuid.uuid4()), "amount": "100",
            "term_months": "12", "purpose": "采购原材料", "repayment_method": "interest_first", "is_first_loan": "1",
            "contact_person": "压测联系人", "contact_phone": "13800000001",
        }, name="checkout submit", allow_redirects=False, catch_response=True, headers=self.headers) as response:
            # 302: submitted; 200: the form came back with a message (e.g. an application already open)
            if response.status_code in (200, 302):
                response.success()
            else:
                response.failure(f"checkout answered {response.status_code}")
