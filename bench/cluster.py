"""Two app nodes behind nginx on this machine, sharing PostgreSQL and Redis: what scaling out needs (issue 23).

Prepares a PostgreSQL database (`portal_cluster_bench`: migrated, seed_demo, bench accounts and one bench news
page), empties a Redis database of its own (number CLUSTER_REDIS_DB, 13), starts two gunicorn nodes (production
settings) each with its django-q2 qcluster, and Debian's nginx (installed when missing, scripts/ensure-nginx.sh)
from a config generated under .cache/cluster/ with both nodes as upstreams. Then it proves, one line each with
its counts and PASS/FAIL (the exit status is 1 when any fails):

1. publish: an administrator signs in to Wagtail's admin on one node and publishes a new title of the bench
   news page through the edit form (alternately node A and node B); both nodes, which had the page cached, then
   serve the new title (purges seen on each node).
2. sessions: a member signs in on node A's login form (the captcha's answer read from the database); node B's
   member centre knows the session; signing out on B signs out on A.
3. search: a search on node B caches its (empty) result; the publish on A bumps the documents version and
   node B's next search (not served by the page cache) finds the new title.
4. django-q2: both qclusters run the bench job (bench/cluster_tasks.py) from a schedule due every minute, from
   one-off schedules and from queued tasks: every due time and every task runs exactly once; runs per node.
5. locust (bench/locustfile.py, bench/load.py's scenario) with 300 users for 60 s through nginx: 0 errors.
6. locust again, node B's gunicorn (master and workers) killed with SIGKILL 30 s in: the errors (only
   requests B had in flight may fail), and from nginx's access log who served what after the kill.

Everything started is stopped at the end, on failure and Ctrl-C too. Loopback only.

    make bench-cluster
    CLUSTER_REUSE=1 .venv/bin/python bench/cluster.py      # the database as an earlier run left it
    BENCH_LOCK=/path/to/lock ...                           # hold this flock during each locust run
"""

import csv
import fcntl
import http.client
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from contextlib import contextmanager, suppress
from datetime import datetime
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import quote, urlencode

ROOT = Path(__file__).resolve().parent.parent
STATE = ROOT / ".cache" / "cluster"
PG = os.environ.get("CLUSTER_PG", "postgresql://postgres@127.0.0.1:5432")
DATABASE = os.environ.get("CLUSTER_DATABASE", "portal_cluster_bench")
REDIS = os.environ.get("CLUSTER_REDIS", "redis://127.0.0.1:6379")
REDIS_DB = int(os.environ.get("CLUSTER_REDIS_DB", "13"))
USERS = int(os.environ.get("CLUSTER_USERS", "300"))
SECONDS = int(os.environ.get("CLUSTER_SECONDS", "60"))
KILL_AFTER = int(os.environ.get("CLUSTER_KILL_AFTER", str(SECONDS // 2)))
SPAWN_RATE = int(os.environ.get("CLUSTER_SPAWN_RATE", "50"))
WORKERS = int(os.environ.get("CLUSTER_WORKERS", "3"))  # per node: the two nodes share this machine's cores
THREADS = int(os.environ.get("CLUSTER_THREADS", "4"))
# gunicorn keeps an idle connection longer than nginx does (UPSTREAM_IDLE): else gunicorn may close one just as
# nginx reuses it, and the request fails (nginx retries a GET elsewhere, but not a POST)
KEEP_ALIVE = 15
UPSTREAM_IDLE = 10
PUBLISH_ROUNDS = int(os.environ.get("CLUSTER_PUBLISH_ROUNDS", "4"))
TASKS = int(os.environ.get("CLUSTER_TASKS", "100"))
ONE_OFF_SCHEDULES = 8
ADMIN, PASSWORD = "admin", "Portal#2026"  # seed_demo's superuser (demo.home.DEMO_PASSWORD)
LOCK = os.environ.get("BENCH_LOCK", "")
ACCESS_FORMAT = "$msec $status $request_method $upstream_addr $upstream_status $request_time"

BENCH_PAGE_SCRIPT = """
import json, os
from members.models import Enterprise
from policies.models import NewsIndexPage, NewsPage

page = NewsPage.objects.filter(slug="cluster-bench").first()
if page is None:
    index = NewsIndexPage.objects.filter(slug="news").first() or NewsIndexPage.objects.first()
    page = index.add_child(instance=NewsPage(title="集群压测新闻", slug="cluster-bench", summary="两节点压测用。"))
    page.save_revision().publish()
# a demo enterprise that signs in with the demo password (bench/load.py's accounts are never activated)
member = next(e.account for e in Enterprise.objects.select_related("account").order_by("pk")
              if e.account.is_active and e.account.is_activated and e.account.check_password("%(password)s"))
json.dump({"id": page.pk, "url": page.url, "member": member.username}, open(os.environ["CLUSTER_PAGE"], "w"))
"""

JOBS_SCRIPT = """
import datetime, os
from django.utils import timezone
from django_q.models import Schedule
from django_q.tasks import async_task

FUNC = "bench.cluster_tasks.record_run"
Schedule.objects.filter(func=FUNC).delete()
now = timezone.now().replace(microsecond=0)
Schedule.objects.create(name="cluster bench: every minute", func=FUNC, args="'minute'", intended_date_kwarg="due",
                        schedule_type=Schedule.MINUTES, minutes=1, repeats=-1,
                        next_run=now + datetime.timedelta(seconds=20))
for i in range(%(once)d):
    Schedule.objects.create(name=f"cluster bench: once {i}", func=FUNC, args=repr(f"once-{i}"),
                            intended_date_kwarg="due", schedule_type=Schedule.ONCE, repeats=1,
                            next_run=now + datetime.timedelta(seconds=15 + 10 * i))
for i in range(%(tasks)d):
    async_task(FUNC, f"task-{i}", group="cluster bench")
"""

SCHEDULES_SCRIPT = """
import json, os
from django_q.models import Schedule
rows = Schedule.objects.filter(func="bench.cluster_tasks.record_run")
json.dump([{"args": s.args, "next_run": s.next_run.isoformat(), "repeats": s.repeats, "type": s.schedule_type}
           for s in rows], open(os.environ["CLUSTER_SCHEDULES"], "w"))
"""


# --- nginx -------------------------------------------------------------------------------------------------------

def nginx_config(prefix, port, upstreams, upstream_idle=UPSTREAM_IDLE):
    """nginx.conf balancing ``upstreams`` (host:port) on 127.0.0.1:``port``; pid, logs and temp files under
    ``prefix``. A request that fails to connect, times out or gets a 502/503 from one node is sent to the other
    (a POST only when it never reached the first: nginx does not resend a non-idempotent request)."""
    servers = "\n".join(f"        server {upstream} max_fails=1 fail_timeout=5s;" for upstream in upstreams)
    temp = "\n".join(f"    {kind}_temp_path {prefix}/tmp/{kind};" for kind in
                     ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    return f"""# generated by bench/cluster.py
worker_processes 1;
pid {prefix}/nginx.pid;
error_log {prefix}/logs/error.log warn;
worker_rlimit_nofile 8192;
events {{ worker_connections 4096; }}
http {{
    log_format cluster '{ACCESS_FORMAT}';
    access_log {prefix}/logs/access.log cluster;
{temp}
    keepalive_timeout 65s;
    keepalive_requests 10000;
    upstream portal {{
{servers}
        keepalive 64;
        keepalive_timeout {upstream_idle}s;
    }}
    server {{
        listen 127.0.0.1:{port};
        client_max_body_size 25m;
        location / {{
            proxy_pass http://portal;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_next_upstream error timeout http_502 http_503;
            proxy_next_upstream_tries 2;
            proxy_connect_timeout 2s;
            proxy_read_timeout 60s;
        }}
    }}
}}
"""


def access_log(path):
    """[(time, status, method, [upstreams tried], request seconds)] of nginx's access log (ACCESS_FORMAT)."""
    rows = []
    for line in Path(path).read_text().splitlines():
        parts = line.split(" ")
        stamp, status, method, rest = parts[0], parts[1], parts[2], parts[3:]
        # $upstream_addr lists every node tried: "127.0.0.1:8001, 127.0.0.1:8002 …"
        upstreams = [part.rstrip(",") for part in rest[:-1] if re.match(r"[\d.]+:\d+,?$|-$", part)]
        rows.append((float(stamp), int(status), method, upstreams, float(rest[-1])))
    return rows


# --- HTTP, as a browser would (cookies by hand: production cookies are Secure, this is plain HTTP) --------------

class Browser:
    def __init__(self, port, cookies=None):
        self.port, self.cookies = port, dict(cookies or {})

    def request(self, method, path, fields=None, headers=None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        headers = {"User-Agent": "portal-cluster-bench", **(headers or {})}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        body = None
        if fields is not None:
            body = urlencode(fields, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        text = response.read().decode("utf-8", "replace")
        for header in response.msg.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                if morsel.value and morsel["max-age"] != "0":
                    self.cookies[name] = morsel.value
                else:
                    self.cookies.pop(name, None)
        connection.close()
        return response.status, response, text

    def get(self, path, **kwargs):
        return self.request("GET", path, **kwargs)

    def post(self, path, fields, **kwargs):
        fields = {"csrfmiddlewaretoken": self.cookies.get("csrftoken", ""), **fields}
        return self.request("POST", path, fields=fields, **kwargs)


class FormFields(HTMLParser):
    """The fields a browser would submit from the form with id ``form_id`` (or the first form): inputs,
    checked boxes, selected options, textareas."""

    def __init__(self, form_id=None):
        super().__init__()
        self.form_id, self.inside, self.fields = form_id, False, []
        self._select = self._textarea = None
        self._options = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (self.form_id is None or attrs.get("id") == self.form_id):
            self.inside = True
        if not self.inside or "disabled" in attrs:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in ("submit", "button", "file", "image", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.fields.append([name, attrs.get("value", "on" if kind == "checkbox" else "")])
        elif tag == "select" and name:
            self._select, self._options = [name, None], []
        elif tag == "option" and self._select:
            self._options.append(attrs.get("value", ""))
            if "selected" in attrs:
                self._select[1] = attrs.get("value", "")
        elif tag == "textarea" and name:
            self._textarea = [name, ""]

    def handle_data(self, data):
        if self._textarea:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form" and self.inside:
            self.inside = False
        elif tag == "select" and self._select:
            value = self._select[1] if self._select[1] is not None else (self._options or [""])[0]
            self.fields.append([self._select[0], value])
            self._select = None
        elif tag == "textarea" and self._textarea:
            self.fields.append(self._textarea)
            self._textarea = None


def form_fields(html, form_id=None):
    parser = FormFields(form_id)
    parser.feed(html)
    return dict(parser.fields)


def captcha_answer(hashkey):
    """What the captcha image shows (django-simple-captcha keeps it in the shared database)."""
    import psycopg

    with psycopg.connect(f"{PG}/{DATABASE}", connect_timeout=5) as connection:
        row = connection.execute("SELECT response FROM captcha_captchastore WHERE hashkey = %s",
                                 (hashkey,)).fetchone()
    return row[0] if row else ""


def sign_in(browser, login_path, username, password):
    """The login form as a person fills it in, the captcha read from the database. True when signed in."""
    status, _, html = browser.get(login_path)
    fields = form_fields(html)
    status, response, _ = browser.post(login_path, {
        "username": username, "password": password, "captcha_0": fields.get("captcha_0", ""),
        "captcha_1": captcha_answer(fields.get("captcha_0", "")), "next": fields.get("next", ""),
    })
    return status == 302 and "sessionid" in browser.cookies


# --- processes -----------------------------------------------------------------------------------------------------

class Processes:
    """Every process the benchmark starts, each in its own process group so that stopping takes its children."""

    def __init__(self):
        self.running = {}

    def start(self, name, command, env, log):
        with open(log, "ab") as handle:  # the child keeps its own copy of the descriptor
            self.running[name] = subprocess.Popen(command, cwd=ROOT, env=env, stdout=handle,
                                                  stderr=subprocess.STDOUT, start_new_session=True)
        return self.running[name]

    def kill(self, name):
        """SIGKILL to the whole group: a gunicorn master and its workers at once (workers of a killed master
        would otherwise go on serving from the socket they inherited)."""
        process = self.running.pop(name)
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()

    def stop_all(self):
        """SIGTERM to each leader (gunicorn, qcluster and nginx stop their own children in order: a qcluster whose
        children all got the signal at once may hang), then SIGKILL to whatever is left of each group."""
        for caught in (signal.SIGINT, signal.SIGTERM):  # a second Ctrl-C must not cut the stopping short
            signal.signal(caught, signal.SIG_IGN)
        for process in self.running.values():
            with suppress(ProcessLookupError):
                process.terminate()
        deadline = time.monotonic() + 30
        for process in self.running.values():
            with suppress(subprocess.TimeoutExpired):
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            with suppress(ProcessLookupError):  # what is left of the group (a worker that ignored SIGTERM)
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        self.running.clear()


@contextmanager
def bench_lock():
    """Hold BENCH_LOCK (when set) while measuring: several benchmarks on one machine measure one at a time."""
    if not LOCK:
        yield
        return
    with open(LOCK, "a") as handle:
        print(f"   waiting for {LOCK} …", flush=True)
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


# --- the proofs ----------------------------------------------------------------------------------------------------

class Results:
    def __init__(self):
        self.failed = []

    def line(self, name, passed, counts):
        print(f"{'PASS' if passed else 'FAIL'}  {name}: {counts}", flush=True)
        if not passed:
            self.failed.append(name)


def page_title(html):
    match = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S)
    return re.sub(r"<[^>]+>", "", match.group(1)).strip() if match else ""


def publish(browser, page_id, title):
    """Publish ``title`` through Wagtail's edit form, as the editor's browser would post it."""
    path = f"/admin/pages/{page_id}/edit/"
    status, _, html = browser.get(path)
    if status != 200:
        return f"edit form answered {status}"
    fields = form_fields(html, "page-edit-form")
    fields["title"] = title
    fields.setdefault("body-count", "0")  # the bench page has no body; a browser's script would send this
    fields["action-publish"] = "action-publish"
    status, response, html = browser.post(path, fields)
    if status != 302:
        errors = re.findall(r'class="[^"]*error-message[^"]*"[^>]*>\s*(?:<[^>]+>\s*)*([^<]+)', html)
        return f"publish answered {status}: {errors[:3]}"
    return ""


def prove_publish_and_search(nodes, page, results):
    """Proofs 1 and 3: rounds of publish-on-one-node, then what each node serves."""
    admins = {}
    for name, port in nodes.items():
        admins[name] = Browser(port)
        if not sign_in(admins[name], "/admin/login/", ADMIN, PASSWORD):
            results.line("publish", False, f"the administrator could not sign in on node {name}")
            return
    seen = dict.fromkeys(nodes, 0)
    cached = dict.fromkeys(nodes, 0)
    search_seen, problems = 0, []
    for round_ in range(PUBLISH_ROUNDS):
        publisher = list(nodes)[round_ % len(nodes)]
        token = f"cluster{uuid.uuid4().hex[:8]}"
        title = f"集群压测新闻 {token}"
        for name, port in nodes.items():  # both nodes have the page cached (the second GET is a hit)
            for _ in range(2):
                status, response, _ = Browser(port).get(page["url"])
            cached[name] += response.getheader("X-Page-Cache") == "hit"
        # a search past the page cache (a session cookie keeps a request out of it): node B caches no result
        searcher = list(nodes)[-1 - round_ % len(nodes)]
        search = Browser(nodes[searcher], {"sessionid": "cluster-bench-no-session"})
        _, _, before = search.get("/search/?q=" + quote(token))
        error = publish(admins[publisher], page["id"], title)
        if error:
            problems.append(error)
            continue
        for name, port in nodes.items():
            status, response, html = Browser(port).get(page["url"])
            if status == 200 and title in page_title(html) and response.getheader("X-Page-Cache") == "miss":
                seen[name] += 1
        _, _, after = search.get("/search/?q=" + quote(token))
        search_seen += (page["url"] not in before) and (page["url"] in after)
    counts = ", ".join(f"node {name}: cached before {cached[name]}/{PUBLISH_ROUNDS}, purge seen "
                       f"{seen[name]}/{PUBLISH_ROUNDS}" for name in nodes)
    results.line("publish purges both nodes' page cache", not problems and all(
        seen[name] == cached[name] == PUBLISH_ROUNDS for name in nodes),
        f"{PUBLISH_ROUNDS} publishes (alternately on each node); {counts}{'; ' + problems[0] if problems else ''}")
    results.line("search version shared", search_seen == PUBLISH_ROUNDS,
                 f"{search_seen}/{PUBLISH_ROUNDS} searches on the other node found the new title right after the "
                 f"publish (its own cached empty result ignored)")


def prove_sessions(nodes, username, results):
    """Proof 2: sign in on A, signed in on B; sign out on B, signed out on A."""
    (a, port_a), (b, port_b) = nodes.items()
    member = Browser(port_a)
    signed_in = sign_in(member, "/accounts/login/", username, PASSWORD)
    on_b = Browser(port_b, member.cookies)
    status_b, _, _ = on_b.get("/member/")
    known_on_b = signed_in and status_b == 200
    on_b.post("/accounts/logout/", {})
    status_a, _, _ = Browser(port_a, {**member.cookies}).get("/member/")
    out_on_a = status_a == 302
    results.line("sessions shared", known_on_b and out_on_a,
                 f"signed in on {a}: {signed_in}; member centre on {b} with that cookie: {status_b}; signed out "
                 f"on {b}, member centre on {a}: {status_a} (302: to the login page)")


def prove_jobs(env, runs_path, results):
    """Proof 4: every due time of the minute schedule, every one-off schedule and every queued task ran once."""
    from cluster_tasks import read_runs, tally

    schedules_file = STATE / "schedules.json"
    deadline = time.monotonic() + 90
    while True:
        manage(env | {"CLUSTER_SCHEDULES": str(schedules_file)}, "shell", "-c", SCHEDULES_SCRIPT)
        schedules = json.loads(schedules_file.read_text())
        runs = read_runs(runs_path)
        per_node, per_job = tally(runs)
        minute = next(s for s in schedules if s["args"] == "'minute'")
        minutes_due = {label_due[1] for label_due in per_job if label_due[0] == "minute"}
        first = min((datetime.fromisoformat(due) for due in minutes_due), default=None)
        expected_minutes = (round((datetime.fromisoformat(minute["next_run"]) - first).total_seconds() / 60)
                            if first else 0)
        once_done = [s for s in schedules if s["type"] == "O" and s["repeats"] == 0]
        once_runs = sum(1 for label, _ in per_job if label.startswith("once-"))
        task_runs = sum(1 for label, _ in per_job if label.startswith("task-"))
        complete = (len(minutes_due) == expected_minutes and once_runs == len(once_done) == ONE_OFF_SCHEDULES
                    and task_runs == TASKS)
        if complete or time.monotonic() > deadline:
            break
        time.sleep(5)
    twice = {job: count for job, count in per_job.items() if count > 1}
    nodes = ", ".join(f"node {node}: {count}" for node, count in sorted(per_node.items()))
    results.line("django-q2 runs each job once", complete and not twice and len(per_node) == 2 and expected_minutes,
                 f"every-minute schedule {len(minutes_due)} due times run / {expected_minutes} due, one-off "
                 f"schedules {once_runs} run / {len(once_done)} due of {ONE_OFF_SCHEDULES}, queued tasks "
                 f"{task_runs}/{TASKS}; run twice: {len(twice)}; runs per node: {nodes}")


def locust(processes, port, fixture, label, kill=None):
    """locust headless through nginx; ``kill`` (seconds, callback) is called that far into the run."""
    with tempfile.TemporaryDirectory() as tmp:
        prefix, log = Path(tmp) / "cluster", Path(tmp) / "locust.log"
        command = [sys.executable, "-m", "locust", "-f", str(ROOT / "bench" / "locustfile.py"), "--headless",
                   "-u", str(USERS), "-r", str(SPAWN_RATE), "-t", f"{SECONDS}s", "--host", f"http://127.0.0.1:{port}",
                   "--csv", str(prefix), "--only-summary", "--loglevel", "WARNING", "--stop-timeout", "10"]
        print(f"== locust ({label}): {USERS} users for {SECONDS} s through nginx; load average before "
              f"{load_average()} ==", flush=True)
        started = time.time()
        process = processes.start("locust", command, {**os.environ, "LOAD_FIXTURE": str(fixture)}, log)
        killed_at = None
        if kill:
            time.sleep(max(0, kill[0] - (time.time() - started)))
            killed_at = time.time()
            kill[1]()
        process.wait(timeout=SECONDS + 180)
        processes.running.pop("locust")
        print(f"   load average after: {load_average()}", flush=True)
        output = log.read_text(errors="replace")
        rows = list(csv.DictReader(Path(f"{prefix}_stats.csv").read_text().splitlines()))
        failures = list(csv.DictReader(Path(f"{prefix}_failures.csv").read_text().splitlines()))
    if process.returncode not in (0, 1):
        print(output[-3000:])
    for line in output.splitlines():  # locust says when its own process was short of CPU
        if "CPU usage" in line:
            print(f"   locust: {line.strip()[:200]}")
    total = next(row for row in rows if row["Name"] == "Aggregated")
    return started, killed_at, total, failures


def figures(total):
    return (f"requests {total['Request Count']}, failures {total['Failure Count']}, p50 {total['50%']} ms, "
            f"p95 {total['95%']} ms, p99 {total['99%']} ms, {float(total['Requests/s']):.1f} req/s")


def by_node(rows, nodes):
    """Requests per node that answered them (the last upstream nginx tried); retried: those that needed two."""
    names = {f"127.0.0.1:{port}": name for name, port in nodes.items()}
    counts = dict.fromkeys(nodes, 0)
    retried = errors = 0
    for _, status, _, upstreams, _ in rows:
        if upstreams and upstreams[-1] in names:
            counts[names[upstreams[-1]]] += 1
        retried += len(upstreams) > 1
        errors += status >= 500
    return counts, retried, errors


# --- setting up ----------------------------------------------------------------------------------------------------

def manage(env, *args, **kwargs):
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, **kwargs)


def load_average():
    return " / ".join(f"{value:.2f}" for value in os.getloadavg())


def environment(redis_url):
    return {
        **os.environ, "DJANGO_SETTINGS_MODULE": "site_portal.settings.production",
        "DATABASE_URL": f"{PG}/{DATABASE}", "SECRET_KEY": "cluster-bench-not-secret-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1,localhost", "SECURE_SSL_REDIRECT": "0", "TRUSTED_PROXIES": "127.0.0.1",
        "MEDIA_ROOT": str(STATE / "media"), "SERVE_MEDIA": "1", "REDIS_URL": redis_url,
    }


def empty_redis_database():
    """The benchmark's own Redis database starts empty: no page-cache version, queue or stats of a past run."""
    import redis

    redis.Redis.from_url(f"{REDIS}/{REDIS_DB}").flushdb()


def prepare(env, fixture, page_file):
    import load

    if os.environ.get("CLUSTER_REUSE") == "1" and fixture.exists() and page_file.exists():
        print(f"== reusing {DATABASE} as an earlier run prepared it ==", flush=True)
        return
    started = time.perf_counter()
    print(f"== preparing {DATABASE} (migrate, seed_demo, bench accounts and page) ==", flush=True)
    load.ensure_database(DATABASE, PG)
    for command in (["migrate", "--noinput", "-v0"], ["seed_demo", "--quiet-logins"],
                    ["collectstatic", "--noinput", "-v0"]):
        manage(env, *command)
    manage(env | {"LOAD_FIXTURE": str(fixture)}, "shell", "-c", load.FIXTURE_SCRIPT % {"n": load.ENTERPRISES})
    manage(env | {"CLUSTER_PAGE": str(page_file)}, "shell", "-c", BENCH_PAGE_SCRIPT % {"password": PASSWORD})
    print(f"   ready in {time.perf_counter() - started:.0f} s", flush=True)


def main():
    import load

    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # stopped from outside: still stop everything
    subprocess.run(["sh", str(ROOT / "scripts" / "ensure-nginx.sh")], check=True)
    STATE.mkdir(parents=True, exist_ok=True)
    for folder in ("logs", "tmp"):
        (STATE / folder).mkdir(exist_ok=True)
    env = environment(f"{REDIS}/{REDIS_DB}")
    fixture, page_file, runs = STATE / "fixture.json", STATE / "page.json", STATE / "runs.tsv"
    prepare(env, fixture, page_file)
    page = json.loads(page_file.read_text())
    empty_redis_database()
    runs.unlink(missing_ok=True)
    (STATE / "logs" / "access.log").unlink(missing_ok=True)

    processes, results = Processes(), Results()
    nodes = {"A": load.free_port(), "B": load.free_port()}
    try:
        for name, port in nodes.items():
            node_env = env | {"PORTAL_BENCH_NODE": name, "PORTAL_BENCH_RUNS": str(runs)}
            processes.start(f"gunicorn {name}", [
                sys.executable, "-m", "gunicorn", "site_portal.wsgi:application", "-b", f"127.0.0.1:{port}",
                "-w", str(WORKERS), "-k", "gthread", "--threads", str(THREADS), "--log-level", "warning",
                "--timeout", "120", "--backlog", "2048", "--keep-alive", str(KEEP_ALIVE),
                "--max-requests", "5000", "--max-requests-jitter", "500",
            ], node_env, STATE / "logs" / f"node-{name}.log")
            processes.start(f"qcluster {name}", [sys.executable, "manage.py", "qcluster"], node_env,
                            STATE / "logs" / f"qcluster-{name}.log")
        nginx_port = load.free_port()
        config = STATE / "nginx.conf"
        config.write_text(nginx_config(STATE, nginx_port, [f"127.0.0.1:{port}" for port in nodes.values()]))
        processes.start("nginx", ["/usr/sbin/nginx", "-p", str(STATE), "-c", str(config), "-e",
                                  str(STATE / "logs" / "error.log"), "-g", "daemon off;"], env,
                        STATE / "logs" / "nginx.out")
        for port in (*nodes.values(), nginx_port):
            load.wait_until_up(port)
        print(f"== two nodes up: A 127.0.0.1:{nodes['A']}, B 127.0.0.1:{nodes['B']} ({WORKERS} workers × "
              f"{THREADS} threads each, qcluster each), nginx 127.0.0.1:{nginx_port}, PostgreSQL {DATABASE}, "
              f"Redis db {REDIS_DB}; {os.cpu_count()} cores ==", flush=True)
        manage(env, "shell", "-c", JOBS_SCRIPT % {"once": ONE_OFF_SCHEDULES, "tasks": TASKS})

        prove_publish_and_search(nodes, page, results)
        prove_sessions(nodes, page["member"], results)

        with bench_lock():
            print(f"   warm-up through nginx: {load.warm_up(nginx_port, fixture)} public URLs", flush=True)
            started, _, total, failures = locust(processes, nginx_port, fixture, "both nodes")
        served, _, _ = by_node([row for row in access_log(STATE / "logs" / "access.log") if row[0] >= started], nodes)
        results.line(f"locust {USERS} users {SECONDS} s through nginx", total["Failure Count"] == "0"
                     and int(total["Request Count"]) > 0,
                     f"{figures(total)}; nginx passed {served['A']} to A, {served['B']} to B")
        for failure in failures[:5]:
            print(f"      failure: {failure['Method']} {failure['Name']}: {failure['Error'][:150]} "
                  f"× {failure['Occurrences']}")

        with bench_lock():
            started, killed_at, total, failures = locust(
                processes, nginx_port, fixture, f"node B killed {KILL_AFTER} s in",
                kill=(KILL_AFTER, lambda: processes.kill("gunicorn B")))
        log = [row for row in access_log(STATE / "logs" / "access.log") if row[0] >= started]
        before, _, _ = by_node([row for row in log if row[0] < killed_at], nodes)
        after, retried, errors_after = by_node([row for row in log if row[0] >= killed_at], nodes)
        results.line("node B killed mid-run", after["B"] <= 3 * WORKERS * THREADS and after["A"] > 0
                     and int(total["Failure Count"]) <= WORKERS * THREADS,
                     f"{figures(total)}; before the kill A {before['A']} / B {before['B']}; after it A {after['A']}"
                     f" / B {after['B']} (finishing in flight), {retried} sent on to A by nginx, "
                     f"{errors_after} answered 5xx")
        for failure in failures[:5]:
            print(f"      failure: {failure['Method']} {failure['Name']}: {failure['Error'][:150]} "
                  f"× {failure['Occurrences']}")
        prove_jobs(env, runs, results)
    finally:
        processes.stop_all()
    print(f"load average at the end: {load_average()}")
    if results.failed:
        print(f"FAILED: {', '.join(results.failed)}")
        sys.exit(1)
    print("all proofs passed")


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        print("\ninterrupted: everything the benchmark started has been stopped")
        sys.exit(130)
