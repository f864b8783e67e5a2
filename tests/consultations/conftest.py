"""Two banks with a staff member each, two enterprises, a department, a platform admin and a level-2 admin."""

from types import SimpleNamespace

import pytest
from django.contrib.auth.models import Group

from core.channels import grant_admin_access
from members import roles
from members.models import AccountCategory
from tests.factories.members import DepartmentFactory, EnterpriseFactory, InstitutionFactory, InstitutionStaffFactory
from tests.factories.users import PASSWORD, UserFactory


@pytest.fixture
def people(db):
    groups = roles.ensure_platform_groups()  # after migrations: level-1 gets this app's permissions too
    w = SimpleNamespace(password=PASSWORD)
    w.enterprise_a = EnterpriseFactory(name="甲企业", certified=True)
    w.enterprise_b = EnterpriseFactory(name="乙企业", certified=True)
    w.ent_a, w.ent_b = w.enterprise_a.account, w.enterprise_b.account
    w.bank_a = InstitutionFactory(name="甲银行")
    w.bank_b = InstitutionFactory(name="乙银行")
    w.bank_a_user = InstitutionStaffFactory(username="bank_a_staff", institution=w.bank_a)
    w.bank_b_user = InstitutionStaffFactory(username="bank_b_staff", institution=w.bank_b)
    w.department = DepartmentFactory(name="金融办")
    w.department.authors = Group.objects.create(name="金融办·编辑")
    w.department.save()
    grant_admin_access(w.department.authors)
    w.dept_user = UserFactory(username="finance_office", category=AccountCategory.DEPARTMENT,
                              groups=[w.department.authors])
    w.level1 = UserFactory(username="level1", category=AccountCategory.PLATFORM, groups=[groups[roles.LEVEL1]])
    w.level2 = UserFactory(username="level2", category=AccountCategory.PLATFORM, groups=[groups[roles.LEVEL2]])
    return w


@pytest.fixture
def login(client):
    def as_user(user):
        client.force_login(user)
        return client

    return as_user
