"""Page speed benchmark: home, a channel listing, an article and a trivial view, on one server.

Builds (once, idempotently) a demo database with `seed_demo --scale N` (N × 1,000 extra pages,
default 10), starts gunicorn on a free loopback port with production settings, sends a fixed
number of requests per URL from a few client threads, and prints requests/second, p50 and
p95 for each URL with the ratio to the trivial view. It does so twice: with the anonymous
page cache off (what rendering costs) and on (what anonymous visitors get). Stops the
server when done.

    .venv/bin/python bench/pages.py                # SQLite file under bench/results/
    BENCH_SCALE=2 BENCH_REQUESTS=200 .venv/bin/python bench/pages.py
    BENCH_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/portal_bench .venv/bin/python bench/pages.py
"""

import http.client
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
SCALE = int(os.environ.get("BENCH_SCALE", "10"))
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "400"))
CLIENTS = int(os.environ.get("BENCH_CLIENTS", "4"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "2"))
URLS = {
    "trivial view (/robots.txt)": "/robots.txt",
    "home": "/",
    "listing (/policies/)": "/policies/",
    "listing, filtered, page 3": "/policies/?type=tax&page=3",
    "article": "/policies/pbc-policies/policy-1/",
}


def environment():
    RESULTS.mkdir(parents=True, exist_ok=True)
    database = os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{RESULTS / f'pages-scale{SCALE}.sqlite3'}")
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "site_portal.settings.production",
        "DATABASE_URL": database,
        "SECRET_KEY": "bench-only-not-secret-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0",
        "MEDIA_ROOT": str(RESULTS / "media"),
        "SERVE_MEDIA": "1",
    }


def manage(env, *args):
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(port, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/robots.txt")
            if connection.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("gunicorn did not start")


def measure(port, path):
    """REQUESTS GETs of ``path`` from CLIENTS threads; returns (requests/s, latencies in ms, errors)."""
    latencies, errors, lock = [], [], threading.Lock()
    per_client = REQUESTS // CLIENTS

    def client():
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        for _ in range(per_client):
            start = time.perf_counter()
            try:
                connection.request("GET", path, headers={"Host": "127.0.0.1"})
                response = connection.getresponse()
                response.read()
                ok = response.status == 200
            except OSError as error:
                ok, response = False, error
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            elapsed = (time.perf_counter() - start) * 1000
            with lock:
                (latencies if ok else errors).append(elapsed)

    for _ in range(20):  # warm up: caches, renditions, connections
        measure_once(port, path)
    threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    return len(latencies) / wall, latencies, len(errors)


def measure_once(port, path):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", path, headers={"Host": "127.0.0.1"})
    connection.getresponse().read()


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def main():
    env = environment()
    print(f"== preparing the database ({env['DATABASE_URL']}, scale {SCALE}) ==", flush=True)
    started = time.perf_counter()
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "seed_demo", f"--scale={SCALE}", "--quiet-logins")
    manage(env, "collectstatic", "--noinput", "-v0")
    print(f"   ready in {time.perf_counter() - started:.0f} s", flush=True)

    for label, cache_seconds in (("page cache off", "0"), ("page cache on", "120")):
        run(env | {"PORTAL_PAGE_CACHE_SECONDS": cache_seconds}, label)


def run(env, label):
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "site_portal.wsgi:application", "-b", f"127.0.0.1:{port}",
         "-w", str(WORKERS), "--log-level", "warning"],
        cwd=ROOT, env=env,
    )
    try:
        wait_until_up(port)
        print(f"\n== {label}: {REQUESTS} requests per URL, {CLIENTS} clients, gunicorn with {WORKERS} workers ==")
        rows = [(name, *measure(port, path)) for name, path in URLS.items()]
    finally:
        server.terminate()
        server.wait(timeout=10)
    report(rows)


def report(rows):
    baseline_rps = rows[0][1]
    baseline_p50 = statistics.median(rows[0][2])
    print(f"{'url':<30}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}{'errors':>8}{'rps ratio':>11}{'p50 ratio':>11}")
    for label, rps, latencies, errors in rows:
        p50, p95 = statistics.median(latencies), percentile(latencies, 0.95)
        print(f"{label:<30}{rps:>9.1f}{p50:>9.1f}{p95:>9.1f}{errors:>8}{rps / baseline_rps:>11.2f}"
              f"{p50 / baseline_p50:>11.2f}")


if __name__ == "__main__":
    main()
