"""Locust scenario for bench/load.py: visitors browse and search, certified enterprises apply.

Started by bench/load.py, which passes the signed-in sessions and the products through
LOAD_FIXTURE (a JSON file). Loopback only: the host must be 127.0.0.1.
"""

import json
import os
import random
import re
import uuid
from pathlib import Path

from locust import HttpUser, between, task

FIXTURE = json.loads(Path(os.environ["LOAD_FIXTURE"]).read_text())
QUERIES = ["贷款", "小微企业", "政策", "担保", "信用贷款", "科技", "贴息", "融资", "普惠金融", "税贷"]
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Visitor(HttpUser):
    """An anonymous visitor: home, channels, articles, the marketplace and search."""

    weight = 7
    wait_time = between(1, 3)

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


class Enterprise(HttpUser):
    """A certified enterprise (signed in beforehand: the login form has a captcha): match, cart, apply."""

    weight = 1
    wait_time = between(2, 5)

    def on_start(self):
        assert self.host.startswith(("http://127.0.0.1", "http://localhost")), "loopback only"
        # production cookies are Secure, which requests will not send over the loopback's plain HTTP:
        # keep them here and pass them with each request
        self.jar = {"sessionid": random.choice(FIXTURE["sessions"])}

    def _call(self, method, url, **kwargs):
        response = self.client.request(method, url, cookies=self.jar, **kwargs)
        self.jar.update(response.cookies.get_dict())
        return response

    def _token(self, response):
        found = TOKEN.search(response.text)
        return found.group(1) if found else ""

    @task(2)
    def member_centre(self):
        self._call("GET", "/member/", name="/member/")
        self._call("GET", "/member/applications/", name="/member/applications/")

    @task(1)
    def apply(self):
        product = random.choice(FIXTURE["products"])
        page = self._call("GET", "/market/", name="/market/ (signed in)")
        self._call("POST", "/market/cart/add/", data={"product": product, "csrfmiddlewaretoken": self._token(page)},
                   name="cart add", allow_redirects=False)
        form = self._call("GET", "/market/cart/checkout/", name="checkout form")
        with self.client.post("/market/cart/checkout/", cookies=self.jar, data={
            "csrfmiddlewaretoken": self._token(form), "token": str(uuid.uuid4()), "amount": "100",
            "term_months": "12", "purpose": "采购原材料", "repayment_method": "interest_first", "is_first_loan": "1",
            "contact_person": "压测联系人", "contact_phone": "13800000001",
        }, name="checkout submit", allow_redirects=False, catch_response=True) as response:
            # 302: submitted; 200: the form came back with a message (e.g. an application already open)
            if response.status_code in (200, 302):
                response.success()
