"""Search backends with Chinese analysis: ``search.backends.database`` and ``search.backends.elasticsearch9``."""
