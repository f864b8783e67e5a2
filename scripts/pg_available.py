"""Exit 0 when a PostgreSQL server answers at the URL given, 1 otherwise (used by `make test`)."""

import sys

try:
    import psycopg

    psycopg.connect(sys.argv[1], connect_timeout=3).close()
except Exception:  # any failure means "not available"; make test then runs SQLite only
    sys.exit(1)
