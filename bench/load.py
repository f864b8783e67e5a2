"""Load test: 200 concurrent users browsing, searching and applying for 60 s (F-NFR-1/2/4).

Sets up its own PostgreSQL database (`portal_load`, migrated and seeded with seed_demo), a
private Redis on a free loopback port when redis-server is installed (shared page cache, as in
production), starts gunicorn with production settings, runs locust headless against it
(bench/locustfile.py) and prints throughput, p50, p95, p99 and the error count. Everything
listens on 127.0.0.1 only and stops when done.

    .venv/bin/python bench/load.py
    LOAD_USERS=50 LOAD_SECONDS=30 .venv/bin/python bench/load.py
    LOAD_PG=postgresql://postgres@127.0.0.1:5432 LOAD_WORKERS=5 .venv/bin/python bench/load.py
    LOAD_REUSE=1 .venv/bin/python bench/load.py     # skip migrate/seed when an earlier run prepared it
"""

import csv
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
PG = os.environ.get("LOAD_PG", "postgresql://postgres@127.0.0.1:5432")
DATABASE = os.environ.get("LOAD_DATABASE", "portal_load")
USERS = int(os.environ.get("LOAD_USERS", "200"))
SECONDS = int(os.environ.get("LOAD_SECONDS", "60"))
SPAWN_RATE = int(os.environ.get("LOAD_SPAWN_RATE", "50"))
WORKERS = int(os.environ.get("LOAD_WORKERS", str(2 * (os.cpu_count() or 1) + 1)))
THREADS = int(os.environ.get("LOAD_THREADS", "4"))
ENTERPRISES = 40
# longer than any user's pause between requests: with gunicorn's default (2 s) an idle connection is closed
# just as the client sends its next request on it, and the client sees a reset (what made the errors earlier)
KEEP_ALIVE = int(os.environ.get("LOAD_KEEP_ALIVE", "15"))

FIXTURE_SCRIPT = """
import json, os
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from wagtail.models import Page
from finance_market.models import LoanProductPage, ProductFormField
from members.models import CertificationStatus, Enterprise
from members.services import certify, register_enterprise
from members.uscc import check_character

User = __import__("django.contrib.auth", fromlist=["get_user_model"]).get_user_model()
reviewer = User.objects.filter(username="platform1").first()
sessions = []
for i in range(%(n)d):
    body = "9135010" + f"{900000 + i:010d}"
    code = body + check_character(body)
    enterprise = Enterprise.objects.filter(credit_code=code).first()
    if enterprise is None:
        enterprise = register_enterprise(name=f"压测企业{i}有限公司", credit_code=code, contact_person="压测",
                                         contact_phone="13800000001", email=f"load{i}@example.cn",
                                         password="Portal#2026")
    if enterprise.status != CertificationStatus.CERTIFIED:
        enterprise = certify(enterprise, by=reviewer)
    user = enterprise.account
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.set_expiry(6 * 3600)
    store.create()
    sessions.append(store.session_key)
required = set(ProductFormField.objects.filter(required=True).values_list("page_id", flat=True))
products = LoanProductPage.objects.live().public()
live = Page.objects.live().public()
fixture = {
    "sessions": sessions,
    "products": [p.pk for p in products if p.pk not in required][:30],
    "product_urls": [p.url for p in products[:30]],
    "listings": [p.url for p in live.filter(depth=3)[:12] if p.url],
    "articles": [p.url for p in live.filter(depth__gte=4).order_by("-pk")[:200] if p.url],
}
json.dump(fixture, open(os.environ["LOAD_FIXTURE"], "w"), ensure_ascii=False)
"""


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(port, path="/robots.txt", timeout=300):
    import http.client

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            connection.request("GET", path)
            if connection.getresponse().status < 500:
                return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"nothing answered on 127.0.0.1:{port}{path}")


def warm_up(port, fixture):
    """Visit every public URL of the scenario once, as a site in service has (the page cache filled),
    so the 60 s measure a running portal rather than its first minute after a restart."""
    import http.client
    import json
    from urllib.parse import quote

    sys.path.insert(0, str(ROOT / "bench"))
    from load_queries import QUERIES

    data = json.loads(fixture.read_text())
    queries = ["/search/?q=" + quote(q) for q in QUERIES]
    urls = ["/", "/market/", *data["listings"], *data["articles"], *data["product_urls"], *queries]
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    for url in urls:
        connection.request("GET", url, headers={"User-Agent": "portal-load warm-up"})
        connection.getresponse().read()
    connection.close()
    return len(urls)


def ensure_database(name=DATABASE, pg=PG):
    import psycopg

    with psycopg.connect(f"{pg}/postgres", autocommit=True, connect_timeout=5) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{name}"')


def start_redis():
    if not shutil.which("redis-server"):
        return None, ""
    port = free_port()
    process = subprocess.Popen(["redis-server", "--bind", "127.0.0.1", "--port", str(port), "--save", "",
                                "--appendonly", "no"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(0.5)
    return process, f"redis://127.0.0.1:{port}/0"


def load_average():
    try:
        return " / ".join(f"{value:.2f}" for value in os.getloadavg())
    except OSError:
        return "unknown"


def main():
    RESULTS.mkdir(parents=True, exist_ok=True)
    ensure_database()
    redis, redis_url = start_redis()
    env = {
        **os.environ, "DJANGO_SETTINGS_MODULE": "site_portal.settings.production",
        "DATABASE_URL": f"{PG}/{DATABASE}", "SECRET_KEY": "load-bench-not-secret-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1,localhost", "SECURE_SSL_REDIRECT": "0",
        "MEDIA_ROOT": str(RESULTS / "load-media"), "SERVE_MEDIA": "1", "REDIS_URL": redis_url,
    }
    server = locust = None
    try:
        started = time.perf_counter()
        fixture = RESULTS / "load-fixture.json"
        if os.environ.get("LOAD_REUSE") == "1" and fixture.exists():
            print(f"== reusing {DATABASE} and {fixture.name} as prepared by an earlier run ==", flush=True)
        else:
            print(f"== preparing {DATABASE} (migrate, seed_demo, load accounts) ==", flush=True)
            for command in (["migrate", "--noinput", "-v0"], ["seed_demo", "--quiet-logins"],
                            ["collectstatic", "--noinput", "-v0"]):
                subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True)
            subprocess.run([sys.executable, "manage.py", "shell", "-c", FIXTURE_SCRIPT % {"n": ENTERPRISES}],
                           cwd=ROOT, env={**env, "LOAD_FIXTURE": str(fixture)}, check=True)
            print(f"   ready in {time.perf_counter() - started:.0f} s", flush=True)

        port = free_port()
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "site_portal.wsgi:application", "-b", f"127.0.0.1:{port}",
             "-w", str(WORKERS), "-k", "gthread", "--threads", str(THREADS), "--log-level", "warning",
             "--timeout", "120", "--backlog", "2048", "--keep-alive", str(KEEP_ALIVE),
             "--max-requests", "5000", "--max-requests-jitter", "500"], cwd=ROOT, env=env)
        wait_until_up(port)
        if os.environ.get("LOAD_COLD") != "1":
            print(f"   warm-up: {warm_up(port, fixture)} public URLs visited once (LOAD_COLD=1 skips this)", flush=True)
        print(f"== locust: {USERS} users for {SECONDS} s against gunicorn ({WORKERS} workers × {THREADS} threads), "
              f"PostgreSQL, {'Redis' if redis_url else 'per-process'} cache; load average before: "
              f"{load_average()} on {os.cpu_count()} cores ==", flush=True)
        with tempfile.TemporaryDirectory() as tmp:
            prefix = Path(tmp) / "load"
            locust = subprocess.run(
                [sys.executable, "-m", "locust", "-f", str(ROOT / "bench" / "locustfile.py"), "--headless",
                 "-u", str(USERS), "-r", str(SPAWN_RATE), "-t", f"{SECONDS}s", "--host", f"http://127.0.0.1:{port}",
                 "--csv", str(prefix), "--only-summary", "--loglevel", "WARNING", "--stop-timeout", "10"],
                cwd=ROOT, env={**env, "LOAD_FIXTURE": str(fixture)}, capture_output=True, text=True,
                timeout=SECONDS + 180,
            )
            rows = list(csv.DictReader(Path(f"{prefix}_stats.csv").read_text().splitlines()))
            failures = list(csv.DictReader(Path(f"{prefix}_failures.csv").read_text().splitlines()))
        print(f"   load average after: {load_average()}")
        report(rows, failures)
        if locust.returncode not in (0, 1):
            print(locust.stderr[-3000:])
    finally:
        for process in (server, redis):
            if process is not None:
                process.terminate()
                try:
                    process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()


def report(rows, failures):
    print(f"\n{'request':<28}{'count':>8}{'fails':>7}{'req/s':>8}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}")
    for row in rows:
        print(f"{row['Name'][:27]:<28}{row['Request Count']:>8}{row['Failure Count']:>7}"
              f"{float(row['Requests/s']):>8.1f}{row['50%']:>9}{row['95%']:>9}{row['99%']:>9}")
    total = next(row for row in rows if row["Name"] == "Aggregated")
    print(f"\nthroughput {float(total['Requests/s']):.1f} req/s · p50 {total['50%']} ms · p95 {total['95%']} ms · "
          f"p99 {total['99%']} ms · errors {total['Failure Count']} of {total['Request Count']}")
    for failure in failures[:10]:
        print(f"   failure: {failure['Method']} {failure['Name']}: {failure['Error'][:150]} × {failure['Occurrences']}")


if __name__ == "__main__":
    main()
