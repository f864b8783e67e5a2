"""Copies of the test database's rows, kept inside the test database itself and put back with plain SQL.

The demo site (seed_demo) takes seconds to build; tests/conftest.py's `demo_site` builds it once per test process
(per xdist worker), keeps a copy of every table, and hands each test that wants the demo its own restored copy:

- SQLite: the copies live in one in-memory database ATTACHed to the test connection (attached once, outside any
  transaction; the live server's thread shares that connection);
- PostgreSQL: the copy lives in a schema of the test database.

`restore()` empties every table and refills it from the copy in one transaction — the test's own transaction
for an ordinary test (so its rollback brings back what was there before), a committed one for a transactional
(live server) test, whose flush empties the tables afterwards as for any other transactional test. Foreign keys
are deferred on both databases (Django creates them DEFERRABLE INITIALLY DEFERRED), so the order of the tables
does not matter; the full-text index's triggers (SQLite FTS5) refill it as the index rows come back.
"""

import sqlite3

from django.apps import apps
from django.core.management.color import no_style
from django.db import connection, transaction


def _tables():
    """Every model table (the migrations' bookkeeping and FTS shadow tables stay as they are). SQLite's virtual
    (FTS5) tables are left out too: the index entries' triggers empty and refill them, and copying their rows as
    well would add each row a second time under a new rowid (which a later index entry's trigger collides with)."""
    existing = set(connection.introspection.table_names(include_views=False))
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%'")
            existing -= {name for (name,) in cursor.fetchall()}
    models = [m for m in apps.get_models(include_auto_created=True)
              if m._meta.managed and not m._meta.proxy and m._meta.db_table in existing]
    return sorted({m._meta.db_table for m in models}), models


# SQLite: every copy lives in this one in-memory database (SQLite attaches at most 10 databases to a connection,
# and the demo and the worlds of tests/worlds.py take a dozen copies), its tables named "<copy>__<table>"
SQLITE_COPIES = "table_snapshots"
_keep_alive = []


class TableSnapshot:
    def __init__(self, name):
        self.name = name
        self.tables, self.models = _tables()
        self.vendor = connection.vendor
        qn = connection.ops.quote_name
        if self.vendor == "sqlite" and not _keep_alive:
            # an in-memory database of its own, private to this process (xdist workers are processes), kept alive
            # by a connection of ours whatever becomes of Django's
            _keep_alive.append(sqlite3.connect(self._uri(), uri=True, check_same_thread=False))
        with connection.cursor() as cursor:
            if self.vendor == "sqlite":
                self._attach(cursor)
                for table in self.tables:
                    cursor.execute(f"DROP TABLE IF EXISTS {self._copy(table)}")
            else:
                cursor.execute(f"DROP SCHEMA IF EXISTS {qn(name)} CASCADE")
                cursor.execute(f"CREATE SCHEMA {qn(name)}")
            for table in self.tables:
                cursor.execute(f"CREATE TABLE {self._copy(table)} AS SELECT * FROM {qn(table)}")

    def _copy(self, table):
        """The copy of ``table``, qualified."""
        qn = connection.ops.quote_name
        if self.vendor == "sqlite":
            return f"{qn(SQLITE_COPIES)}.{qn(f'{self.name}__{table}')}"
        return f"{qn(self.name)}.{qn(table)}"

    def _uri(self):
        return f"file:{SQLITE_COPIES}?mode=memory&cache=shared"

    def _attach(self, cursor):
        """ATTACH the copies to this connection (once per connection: a test that runs an event loop, as
        Playwright does, may get a connection of its own)."""
        cursor.execute("PRAGMA database_list")
        if not any(row[1] == SQLITE_COPIES for row in cursor.fetchall()):
            cursor.execute(f"ATTACH DATABASE '{self._uri()}' AS {connection.ops.quote_name(SQLITE_COPIES)}")

    def restore(self):
        """Put every table's rows back as they were when the copy was taken (inside the caller's transaction,
        if there is one)."""
        qn = connection.ops.quote_name
        if self.vendor == "sqlite":
            with connection.cursor() as cursor:
                self._attach(cursor)
        with transaction.atomic(), connection.cursor() as cursor:
            for table in self.tables:
                cursor.execute(f"DELETE FROM {qn(table)}")
            for table in self.tables:
                cursor.execute(f"INSERT INTO {qn(table)} SELECT * FROM {self._copy(table)}")
            if self.vendor == "postgresql":
                for sql in connection.ops.sequence_reset_sql(no_style(), self.models):
                    cursor.execute(sql)
        from django.contrib.contenttypes.models import ContentType

        ContentType.objects.clear_cache()
