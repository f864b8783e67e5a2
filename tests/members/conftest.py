"""A small world for the permission tests: two of everything, built from the same helpers seed_demo uses."""

from types import SimpleNamespace

import pytest
from django.contrib.auth.models import Group

from members import roles
from members.models import AccountCategory
from tests.factories import NewsIndexPageFactory, NewsPageFactory, PolicyPageFactory
from tests.factories.members import (
    DepartmentFactory,
    EnterpriseFactory,
    InstitutionFactory,
    InstitutionStaffFactory,
    MessageFactory,
)
from tests.factories.users import UserFactory
from tests.worlds import provide, register


@pytest.fixture
def platform_groups(request, db):
    return provide(request, "platform_groups", roles.ensure_platform_groups)


@pytest.fixture
def world(request, home, news_index, policy_index, platform_groups):
    """Restored from the copy built once per test process when the test asks for it (tests/worlds.py)."""
    return provide(request, "world", lambda: build_world(home, news_index, policy_index, platform_groups))


def build_world(home, news_index, policy_index, platform_groups):
    w = SimpleNamespace()
    w.enterprise_a = EnterpriseFactory(name="甲企业")
    w.enterprise_b = EnterpriseFactory(name="乙企业")
    w.ent_a, w.ent_b = w.enterprise_a.account, w.enterprise_b.account
    w.bank_a = InstitutionFactory(name="甲银行")
    w.bank_b = InstitutionFactory(name="乙银行")
    w.bank_a_user = InstitutionStaffFactory(username="bank_a_staff", institution=w.bank_a)
    w.bank_b_user = InstitutionStaffFactory(username="bank_b_staff", institution=w.bank_b)

    w.channel_a = NewsIndexPageFactory(parent=news_index, title="人民银行动态", slug="pbc")
    w.channel_b = NewsIndexPageFactory(parent=news_index, title="发改委动态", slug="ndrc")
    w.article_a = NewsPageFactory(parent=w.channel_a, title="人民银行新闻")
    w.article_b = NewsPageFactory(parent=w.channel_b, title="发改委新闻")
    w.policy = PolicyPageFactory(parent=policy_index, title="一项政策")
    w.dept_a = DepartmentFactory(name="人民银行")
    w.dept_b = DepartmentFactory(name="发改委")
    roles.setup_department(w.dept_a, [w.channel_a])
    roles.setup_department(w.dept_b, [w.channel_b])
    w.dept_a_user = UserFactory(username="pbc_editor", category=AccountCategory.DEPARTMENT, groups=[w.dept_a.authors])
    w.dept_b_user = UserFactory(username="ndrc_editor", category=AccountCategory.DEPARTMENT, groups=[w.dept_b.authors])

    w.level1 = UserFactory(username="level1", category=AccountCategory.PLATFORM, groups=[platform_groups[roles.LEVEL1]])
    w.level2 = UserFactory(username="level2", category=AccountCategory.PLATFORM)
    roles.assign_level2_channel(w.level2, news_index)
    w.supervisor = UserFactory(username="supervisor", category=AccountCategory.DEPARTMENT,
                               groups=[Group.objects.get(name=roles.SUPERVISORS)])
    w.message_a = MessageFactory(recipient=w.ent_a, title="给甲的消息")
    w.news_index, w.policy_index = news_index, policy_index
    return w


register(platform_groups, ("platform_groups",), lambda built: roles.ensure_platform_groups())
register(platform_groups, ("home", "news_index", "policy_index", "platform_groups"),
         lambda built: roles.ensure_platform_groups())
register(world, ("home", "news_index", "policy_index", "platform_groups", "world"),
         lambda built: build_world(built["home"], built["news_index"], built["policy_index"], built["platform_groups"]))
