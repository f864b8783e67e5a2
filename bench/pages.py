"""Page speed benchmark: every public page type beside a static file and a trivial view, on one server.

Builds (once, idempotently) a demo database with `seed_demo --scale N` (N × 1,000 extra pages,
default 10), counts the SQL queries of one rendering of each page type in-process (bench/inprocess.py,
which also picks the URLs: lists filtered and paginated, details, the 金融超市, search, feeds ...),
starts gunicorn on a free loopback port with production settings, sends up to BENCH_REQUESTS requests
per URL (at most BENCH_SECONDS per URL) from a few client threads, twice: with the anonymous page cache
off (what rendering costs) and on (what anonymous visitors get). Prints one table: queries, p50 / p95 and
requests/second of both passes, and the throughput as a share of the static file's. Stops the server
when done.

    .venv/bin/python bench/pages.py                # SQLite file under bench/results/
    BENCH_SCALE=2 BENCH_REQUESTS=200 .venv/bin/python bench/pages.py
    BENCH_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/portal_bench .venv/bin/python bench/pages.py
"""

import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
SCALE = int(os.environ.get("BENCH_SCALE", "10"))
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "400"))
SECONDS = float(os.environ.get("BENCH_SECONDS", "8"))  # per URL and pass: slow pages get fewer requests
CLIENTS = int(os.environ.get("BENCH_CLIENTS", "4"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "2"))
BASELINES = {"static file": "/static/css/portal.css", "trivial view": "/robots.txt"}


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
            if time.monotonic() > stop:
                break
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

    for _ in range(3):  # warm up: caches, renditions, connections
        measure_once(port, path)
    stop = time.monotonic() + SECONDS
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
    print(f"   load average before: {load()}", flush=True)

    pages = in_process(env)
    # percent-encoded: http.client sends ASCII only (/search/?q=贷款)
    urls = {**BASELINES, **{name: quote(row["path"], safe="/?=&") for name, row in pages.items()}}
    passes = {label: run(env | {"PORTAL_PAGE_CACHE_SECONDS": seconds}, label, urls)
              for label, seconds in (("page cache off", "0"), ("page cache on", "120"))}
    report(urls, pages, passes)
    print(f"load average after: {load()}  (2 cores shared with whatever else runs)")


def load():
    return " ".join(f"{value:.1f}" for value in os.getloadavg())


def in_process(env):
    """{name: {path, status, queries, ...}} of every public page type (bench/inprocess.py --json)."""
    print("== SQL queries per page (in-process, page cache off) ==", flush=True)
    output = subprocess.run([sys.executable, "bench/inprocess.py", "--json", "--repeat", "1"], cwd=ROOT, env=env,
                            check=True, capture_output=True, text=True).stdout
    return json.loads(output.strip().splitlines()[-1])


def run(env, label, urls):
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "site_portal.wsgi:application", "-b", f"127.0.0.1:{port}",
         "-w", str(WORKERS), "--log-level", "warning"],
        cwd=ROOT, env=env,
    )
    try:
        wait_until_up(port)
        print(f"== {label}: up to {REQUESTS} requests or {SECONDS:.0f} s per URL, {CLIENTS} clients, "
              f"gunicorn with {WORKERS} workers (load {load()}) ==", flush=True)
        results = {}
        for name, path in urls.items():
            rps, latencies, errors = measure(port, path)
            results[name] = (rps, latencies, errors)
            print(f"   {name:<32}{rps:>8.1f} req/s  p50 {statistics.median(latencies) if latencies else 0:>7.1f} ms",
                  flush=True)
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    return results


def report(urls, pages, passes):
    """One table: each URL's queries, then p50 / p95 / req/s and req/s as a share of the static file's, per pass."""
    print(f"\n== results: scale {SCALE}, {CLIENTS} clients, gunicorn with {WORKERS} workers ==")
    header = f"{'page':<30}{'SQL':>4}"
    for label in passes:
        header += f" | {label + ': p50':>20}{'p95':>7}{'req/s':>8}{'÷static':>8}"
    print(header)
    for name, path in urls.items():
        row = f"{name[:29]:<30}{pages[name]['queries'] if name in pages else '':>4}"
        for results in passes.values():
            static_rps = results["static file"][0]
            rps, latencies, errors = results[name]
            if not latencies:
                row += f" | {'errors: ' + str(errors):>43}"
                continue
            row += (f" | {statistics.median(latencies):>20.1f}{percentile(latencies, 0.95):>7.1f}{rps:>8.1f}"
                    f"{rps / static_rps:>8.2f}")
            if errors:
                row += f" ({errors} errors)"
        print(f"{row}  {path}")


if __name__ == "__main__":
    main()
