"""Factories for members: every code they make passes the real validators (check digits included)."""

import factory

from members.models import (
    AccountCategory,
    Blacklist,
    CertificationStatus,
    Enterprise,
    FinancialInstitution,
    GovernmentDepartment,
    InstitutionType,
    Message,
)
from members.uscc import check_character
from tests.factories.users import PASSWORD, UserFactory  # noqa: F401


def make_uscc(n, prefix="9135010"):
    """A valid USCC numbered ``n``: prefix + zero-padded number + check character."""
    body = f"{prefix}{n:010d}"[:17]
    return body + check_character(body)


class EnterpriseAccountFactory(UserFactory):
    category = AccountCategory.ENTERPRISE


class EnterpriseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enterprise

    credit_code = factory.Sequence(lambda n: make_uscc(n + 1))
    account = factory.SubFactory(EnterpriseAccountFactory, username=factory.SelfAttribute("..credit_code"))
    name = factory.Sequence(lambda n: f"测试企业{n}有限公司")
    contact_person = "李四"
    contact_phone = factory.Sequence(lambda n: f"139{n:08d}")
    email = factory.LazyAttribute(lambda e: f"{e.credit_code.lower()}@example.cn")
    status = CertificationStatus.PENDING

    class Params:
        certified = factory.Trait(status=CertificationStatus.CERTIFIED)


class InstitutionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FinancialInstitution
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"测试银行{n}")
    institution_type = InstitutionType.BANK
    fi_code = factory.Sequence(lambda n: f"C{n:013d}")


class InstitutionStaffFactory(UserFactory):
    category = AccountCategory.INSTITUTION

    @factory.post_generation
    def institution(self, create, institution, **kwargs):
        if institution:
            self.groups.add(institution.group)


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GovernmentDepartment
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"部门{n}")


class BlacklistFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Blacklist

    credit_code = factory.Sequence(lambda n: make_uscc(n + 9000))
    name = "失信企业"
    reason = "失信被执行人"
    source = "信用中国"


class MessageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Message

    recipient = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"通知{n}")
    body = "消息内容"


