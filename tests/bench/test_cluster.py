"""The two-node benchmark's parts that need no server (bench/cluster.py runs the rest: make bench-cluster)."""

import subprocess
from pathlib import Path

import pytest

from bench import cluster, cluster_tasks


def test_nginx_balances_both_nodes_and_sends_failed_requests_to_the_other(tmp_path):
    config = cluster.nginx_config(tmp_path, 8089, ["127.0.0.1:8001", "127.0.0.1:8002"])

    assert "server 127.0.0.1:8001 " in config and "server 127.0.0.1:8002 " in config
    assert "proxy_next_upstream error timeout http_502 http_503;" in config
    assert "listen 127.0.0.1:8089;" in config
    # keep-alive to the nodes, given up before gunicorn gives up its side (bench/cluster.py KEEP_ALIVE)
    assert "keepalive 64;" in config and 'proxy_set_header Connection "";' in config
    assert f"keepalive_timeout {cluster.UPSTREAM_IDLE}s;" in config and cluster.UPSTREAM_IDLE < cluster.KEEP_ALIVE
    # everything nginx writes stays under the benchmark's folder
    assert f"pid {tmp_path}/nginx.pid;" in config and f"access_log {tmp_path}/logs/access.log" in config


@pytest.mark.skipif(not Path("/usr/sbin/nginx").exists(), reason="nginx not installed (make bench-cluster installs it)")
def test_nginx_accepts_the_generated_config(tmp_path):
    for folder in ("logs", "tmp"):
        (tmp_path / folder).mkdir()
    (tmp_path / "nginx.conf").write_text(cluster.nginx_config(tmp_path, 8089, ["127.0.0.1:8001", "127.0.0.1:8002"]))

    result = subprocess.run(["/usr/sbin/nginx", "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf"),
                             "-e", str(tmp_path / "logs" / "error.log")], capture_output=True, text=True)

    assert result.returncode == 0, result.stderr


def test_the_access_log_tells_which_node_answered_and_which_requests_were_retried(tmp_path):
    log = tmp_path / "access.log"
    log.write_text(
        "1700000000.100 200 GET 127.0.0.1:8001 200 0.003\n"
        "1700000000.200 200 GET 127.0.0.1:8002 200 0.010\n"
        "1700000001.300 200 GET 127.0.0.1:8002, 127.0.0.1:8001 502, 200 0.020\n"
        "1700000001.400 502 POST 127.0.0.1:8002 502 0.001\n"
    )

    rows = cluster.access_log(log)
    served, retried, errors = cluster.by_node(rows, {"A": 8001, "B": 8002})

    assert served == {"A": 2, "B": 2}
    assert retried == 1 and errors == 1
    assert rows[2][3] == ["127.0.0.1:8002", "127.0.0.1:8001"]


def test_the_edit_form_is_read_as_a_browser_would_submit_it():
    html = """<form id="other"><input name="q" value="x"></form>
    <form id="page-edit-form" method="post">
      <input type="hidden" name="csrfmiddlewaretoken" value="t">
      <input name="title" value="旧标题"><input type="checkbox" name="is_pinned">
      <input type="checkbox" name="show" checked><select name="category"><option value="work">工作</option>
      <option value="notice" selected>通知</option></select><select name="empty"><option value="1">一</option></select>
      <textarea name="summary">摘要 &amp; 说明</textarea><input type="submit" name="action-publish" value="发布">
    </form>"""

    assert cluster.form_fields(html, "page-edit-form") == {
        "csrfmiddlewaretoken": "t", "title": "旧标题", "show": "on", "category": "notice", "empty": "1",
        "summary": "摘要 & 说明",
    }


def test_each_run_of_the_bench_job_is_recorded_once_with_its_node(tmp_path, monkeypatch):
    runs = tmp_path / "runs.tsv"
    monkeypatch.setenv("PORTAL_BENCH_RUNS", str(runs))
    monkeypatch.setenv("PORTAL_BENCH_NODE", "A")
    cluster_tasks.record_run("minute", due="2026-12-06T17:00:00+00:00")
    cluster_tasks.record_run("task-1")
    monkeypatch.setenv("PORTAL_BENCH_NODE", "B")
    cluster_tasks.record_run("task-1")

    per_node, per_job = cluster_tasks.tally(cluster_tasks.read_runs(runs))

    assert per_node == {"A": 2, "B": 1}
    assert per_job[("minute", "2026-12-06T17:00:00+00:00")] == 1
    assert per_job[("task-1", "")] == 2  # the same job run on both nodes shows as run twice
    assert cluster_tasks.read_runs(tmp_path / "none.tsv") == []
