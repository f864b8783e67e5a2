"""The test cast: the people most tests need, built once here and shared through the ``cast`` fixture
(tests/conftest.py); the ``people`` (consultations) and ``market`` (finance_market) fixtures are thin wrappers.

Two banks with a staff user each, two certified enterprises, a platform level-1 and level-2 admin, a supervisor
(人民银行 monitoring), and a department (金融办) with an author and a reviewer; built with the same helpers
seed_demo uses, and no pages (a wrapper adds the pages its tests need).
"""

from types import SimpleNamespace

from django.contrib.auth.models import Group

from core.channels import grant_admin_access
from members import roles
from members.models import AccountCategory
from tests.factories.members import DepartmentFactory, EnterpriseFactory, InstitutionFactory, InstitutionStaffFactory
from tests.factories.users import PASSWORD, UserFactory


def build_cast():
    """The cast as a namespace; each name below is an attribute."""
    groups = roles.ensure_platform_groups()  # after migrations: level-1 gets every app's permissions too
    c = SimpleNamespace(password=PASSWORD, groups=groups)
    # banks: the institutions and one staff account each
    c.bank_a = InstitutionFactory(name="甲银行")
    c.bank_b = InstitutionFactory(name="乙银行")
    c.bank_a_user = InstitutionStaffFactory(username="bank_a_staff", institution=c.bank_a)
    c.bank_b_user = InstitutionStaffFactory(username="bank_b_staff", institution=c.bank_b)
    # enterprises: enterprise_a/_b are the Enterprise rows, ent_a/_b their accounts
    c.enterprise_a = EnterpriseFactory(name="甲企业", certified=True)
    c.enterprise_b = EnterpriseFactory(name="乙企业", certified=True)
    c.ent_a, c.ent_b = c.enterprise_a.account, c.enterprise_b.account
    # the platform and the supervisor
    c.level1 = UserFactory(username="level1", category=AccountCategory.PLATFORM, groups=[groups[roles.LEVEL1]])
    c.level2 = UserFactory(username="level2", category=AccountCategory.PLATFORM, groups=[groups[roles.LEVEL2]])
    c.supervisor = UserFactory(username="supervisor", category=AccountCategory.DEPARTMENT,
                               groups=[Group.objects.get(name=roles.SUPERVISORS)])
    # a department with its author and reviewer groups (back-office access, no channel pages)
    c.department = DepartmentFactory(name="金融办")
    c.department.authors = Group.objects.create(name="金融办·编辑")
    c.department.reviewers = Group.objects.create(name="金融办·审核")
    c.department.save()
    grant_admin_access(c.department.authors)
    grant_admin_access(c.department.reviewers)
    c.dept_author = UserFactory(username="finance_office", category=AccountCategory.DEPARTMENT,
                                groups=[c.department.authors])
    c.dept_reviewer = UserFactory(username="finance_reviewer", category=AccountCategory.DEPARTMENT,
                                  groups=[c.department.reviewers])
    return c
