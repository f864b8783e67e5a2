import pytest

from tests.search.corpus import build_corpus


@pytest.fixture
def corpus(home, news_index, policy_index):
    return build_corpus(home, news_index, policy_index)
