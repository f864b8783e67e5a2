import pytest

from tests.search.corpus import build_corpus
from tests.worlds import provide, register


@pytest.fixture
def corpus(request, home, news_index, policy_index):
    """Restored from the copy built once per test process when the test asks for it (tests/worlds.py)."""
    return provide(request, "corpus", lambda: build_corpus(home, news_index, policy_index))


register(corpus, ("home", "news_index", "policy_index", "corpus"),
         lambda built: build_corpus(built["home"], built["news_index"], built["policy_index"]))
