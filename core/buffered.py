"""An in-process counter written to the database in batches, so a hot path counts without a write.

Counts are added under a lock; when PORTAL_<NAME>_FLUSH_HITS have gathered or the oldest is
PORTAL_<NAME>_FLUSH_SECONDS old, the batch is handed to ``write`` (in a background thread unless
PORTAL_<NAME>_FLUSH_IN_THREAD is false, as in tests) and, at process exit, whatever is left. A batch
whose write fails is put back for the next attempt rather than lost.
"""

import atexit
import contextlib
import threading
import time
from collections import Counter

from django.conf import settings
from django.db import connection


class BufferedCounter:
    def __init__(self, name, write):
        self.name = name
        self.write = write
        self._lock = threading.Lock()
        self._writing = threading.Lock()
        self._counts = Counter()
        self._last_flush = time.monotonic()
        atexit.register(self._flush_at_exit)

    def _setting(self, suffix):
        return getattr(settings, f"PORTAL_{self.name}_FLUSH_{suffix}")

    def add(self, key, count=1):
        with self._lock:
            self._counts[key] += count
            due = (sum(self._counts.values()) >= self._setting("HITS")
                   or time.monotonic() - self._last_flush >= self._setting("SECONDS"))
        if due:
            if self._setting("IN_THREAD"):
                threading.Thread(target=self._flush_in_thread, daemon=True).start()
            else:
                self.flush()

    def pending(self):
        with self._lock:
            return sum(self._counts.values())

    def flush(self):
        """Write what has gathered; returns how many counts were written."""
        if not self._writing.acquire(blocking=False):
            return 0  # another thread is writing: these counts wait for the next flush
        try:
            with self._lock:
                batch, self._counts = self._counts, Counter()
                self._last_flush = time.monotonic()
            if not batch:
                return 0
            try:
                self.write(batch)
            except Exception:
                with self._lock:
                    self._counts.update(batch)
                raise
            return sum(batch.values())
        finally:
            self._writing.release()

    def reset(self):
        """Drop what has gathered without writing it (tests)."""
        with self._lock:
            self._counts = Counter()

    def _flush_in_thread(self):
        try:
            self.flush()
        finally:
            connection.close()

    def _flush_at_exit(self):
        if self._counts:
            with contextlib.suppress(Exception):  # the database may be gone at shutdown
                self.flush()
