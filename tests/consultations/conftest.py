"""The consultations tests use the shared cast (tests/factories/cast.py) as ``people``."""

import pytest


@pytest.fixture
def people(cast):
    """The cast; ``dept_user`` is the department's author."""
    cast.dept_user = cast.dept_author
    return cast


@pytest.fixture
def login(client):
    def as_user(user):
        client.force_login(user)
        return client

    return as_user
