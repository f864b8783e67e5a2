"""SQLite test databases copied from one migrated database instead of each being migrated again.

Running the ~330 migrations takes ~25 s of CPU, and every test process needs them: each xdist worker of each pass
of `make test`, and every targeted `pytest tests/...` run. The first process to migrate (for a given set of
migrations and installed packages) saves the in-memory database into .cache/test-db/; later ones copy that file
into their own in-memory database with SQLite's backup API, which is what `migrate` would have built: the schema,
the data migrations' reference rows and what post_migrate adds (content types, permissions). The file's name is
a hash of every migration file of every installed app, so a new or changed migration (or a package upgrade that
brings one) migrates afresh. Only the test databases' creation uses it (tests/conftest.py's django_db_setup); a
test that calls `migrate` itself still runs the migrations. PostgreSQL test databases are migrated as before.
"""

import contextlib
import fcntl
import hashlib
import os
import sqlite3
from pathlib import Path
from unittest import mock

import django
from django.apps import apps
from django.core.management.commands import migrate

CACHE = Path(__file__).resolve().parents[1] / ".cache" / "test-db"


def _key():
    digest = hashlib.sha256(django.get_version().encode())
    for config in sorted(apps.get_app_configs(), key=lambda c: c.label):
        folder = Path(config.path) / "migrations"
        digest.update(config.label.encode())
        for file in sorted(folder.glob("*.py")) if folder.is_dir() else ():
            digest.update(file.name.encode())
            digest.update(file.read_bytes())
    return digest.hexdigest()[:16]


def migrate_patch():
    """A patch (start()/stop()): while started, `migrate` on an in-memory SQLite database restores the saved
    migrated database (or migrates and saves it, under a lock so that concurrent workers migrate once)."""
    original = migrate.Command.handle

    def handle(self, *args, **options):
        from django.db import connections

        connection = connections[options.get("database") or "default"]
        if connection.vendor != "sqlite" or not connection.is_in_memory_db() or options.get("app_label"):
            return original(self, *args, **options)
        CACHE.mkdir(parents=True, exist_ok=True)
        template = CACHE / f"sqlite-{_key()}.sqlite3"
        connection.ensure_connection()
        with open(CACHE / "lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            if not template.exists():
                result = original(self, *args, **options)
                partial = template.with_suffix(f".{os.getpid()}.tmp")
                with contextlib.closing(sqlite3.connect(partial)) as target:
                    connection.connection.backup(target)
                os.replace(partial, template)
                return result
        with contextlib.closing(sqlite3.connect(f"file:{template}?mode=ro", uri=True)) as source:
            source.backup(connection.connection)
        return None

    return mock.patch.object(migrate.Command, "handle", handle)
