import pytest

from core.channels import setup_department_channel
from tests.factories import NewsIndexPageFactory, UserFactory

VALID_ID = "11010519491231002X"  # check digit X is right (ISO 7064 MOD 11-2)
INVALID_ID = "110105194912310021"  # same number, wrong check digit: a serial number, not an ID


@pytest.fixture
def pbc(news_index):
    page = NewsIndexPageFactory(parent=news_index, slug="pbc", title="人民银行动态")
    return setup_department_channel("人民银行", page)


@pytest.fixture
def author(pbc):
    return UserFactory(username="pbc_author", groups=[pbc.authors])


@pytest.fixture
def reviewer(pbc):
    return UserFactory(username="pbc_reviewer", groups=[pbc.reviewers])
