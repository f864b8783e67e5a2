# 融资服务门户 — two commands for a newcomer: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8000
PG_URL ?= postgresql://postgres@127.0.0.1:5432
export PYTHONDONTWRITEBYTECODE := 1

REQ_STAMP := $(VENV)/.req-$(shell cat requirements.txt | cksum | cut -d' ' -f1)
DEV_STAMP := $(VENV)/.dev-$(shell cat requirements.txt requirements-dev.txt | cksum | cut -d' ' -f1)

.PHONY: backup restore bench-load bench-cluster run test test-sqlite test-postgres e2e lint bench install install-dev browser vnu html-check clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(REQ_STAMP): $(BIN)/python requirements.txt
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(DEV_STAMP): $(REQ_STAMP) requirements-dev.txt
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

install: $(REQ_STAMP)
install-dev: $(DEV_STAMP)

## run: set up everything and serve the demo site on 127.0.0.1:$(PORT)
run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo
	@echo "门户首页: http://127.0.0.1:$(PORT)/    后台: http://127.0.0.1:$(PORT)/admin/"
	@# the django-q2 worker (deadlines, reminders) runs beside the web server and stops with it
	trap 'kill 0' EXIT INT TERM; \
	$(BIN)/python manage.py qcluster > qcluster.log 2>&1 & \
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

## browser: Debian's chromium for the browser tests (installed when missing)
browser:
	@sh scripts/ensure-chromium.sh

## vnu: the Nu HTML Checker (npm's vnu-jar into .cache/vnu, run with Java), installed when missing
vnu:
	@sh scripts/ensure-vnu.sh

## html-check: the demo's pages (tests/site_pages.py) through the Nu HTML Checker, 0 errors (also part of the suite)
html-check: install-dev vnu
	$(BIN)/python -m pytest -p no:xdist -q tests/home/test_html_valid.py

## lint: ruff, and import-linter's layer contract (pyproject.toml [tool.importlinter], docs/architecture.md)
lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/lint-imports

## test: lint, the suite on SQLite (browser journeys, coverage gate), then on PostgreSQL when one answers
test: install-dev browser vnu lint test-sqlite test-postgres

# the whole suite on both cores (pytest-xdist): first everything but the browser journeys, measuring the
# portal's line coverage (pytest-cov; what is measured and the gate, fail_under, are in pyproject.toml
# [tool.coverage.*]), then the browser journeys without it: with coverage tracing them too, the SQLite pass
# took 10-12 min on two cores, which pushed make test past its 15 minutes
test-sqlite: install-dev
	$(BIN)/python -m pytest -n 2 -m "not e2e" --cov --cov-report=term:skip-covered
	$(BIN)/python -m pytest -n 2 -m e2e

test-postgres: install-dev
	@if $(BIN)/python scripts/pg_available.py "$(PG_URL)/postgres"; then \
		echo "== PostgreSQL answers at $(PG_URL): running the suite on it =="; \
		DATABASE_URL="$(PG_URL)/portal_ci_$$$$" $(BIN)/python -m pytest -n 2 -m "not e2e and not dbless" --create-db || exit 1; \
	else \
		echo "== no PostgreSQL at $(PG_URL): PostgreSQL pass not run =="; \
	fi

e2e: install-dev browser
	$(BIN)/python -m pytest -m e2e

## bench: benchmarks under bench/, each prints its figures
bench: install-dev
	$(BIN)/python bench/pages.py
	$(BIN)/python bench/search.py
	@# reports over 1,000,000 applications on PostgreSQL (needs one answering at $(PG_URL))
	@if $(BIN)/python scripts/pg_available.py "$(PG_URL)/postgres"; then \
		BENCH_STATS_URL="$(PG_URL)/portal_stats_bench" $(BIN)/python bench/stats.py; \
	else echo "== no PostgreSQL at $(PG_URL): statistics benchmark not run =="; fi

## bench-load: 200 users browsing, searching and applying for 60 s against gunicorn + PostgreSQL (locust)
bench-load: install-dev
	$(BIN)/python bench/load.py

## bench-cluster: two gunicorn nodes behind nginx sharing PostgreSQL and Redis: publish, sessions, search, jobs, 300 users, a node killed
bench-cluster: install-dev
	$(BIN)/python bench/cluster.py

## backup: database + media into backups/portal-<time>.tar.gz (BACKUP_PASSPHRASE_ENV=VAR encrypts with $$VAR)
backup: install
	$(BIN)/python manage.py backup --output backups $(if $(BACKUP_PASSPHRASE_ENV),--passphrase-env $(BACKUP_PASSPHRASE_ENV))

## restore: make restore ARCHIVE=backups/portal-....tar.gz[.enc] (replaces the database and media)
restore: install
	@test -n "$(ARCHIVE)" || { echo "usage: make restore ARCHIVE=backups/portal-....tar.gz"; exit 2; }
	$(BIN)/python manage.py restore "$(ARCHIVE)" $(if $(BACKUP_PASSPHRASE_ENV),--passphrase-env $(BACKUP_PASSPHRASE_ENV))

clean:
	rm -rf $(VENV) .cache/vnu .cache/test-db db.sqlite3* media test-media staticfiles .pytest_cache .ruff_cache .import_linter_cache .coverage .coverage.*
