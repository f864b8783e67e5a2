"""Factories for consultations. Items are built through the lifecycle (consultations.lifecycle.submit),
so they carry their history row and send the same messages as real submissions."""

import factory

from consultations import lifecycle
from consultations.models import FAQ, BoardPost, Complaint, ComplaintKind, Consultation, FAQCategory
from tests.factories.members import EnterpriseFactory


class _SubmittedFactory(factory.django.DjangoModelFactory):
    class Meta:
        abstract = True

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        submitter = kwargs.pop("submitter", None)
        obj = model_class(*args, **kwargs)
        return lifecycle.submit(obj, submitter if submitter is not None else getattr(obj, "author", None))


class ConsultationFactory(_SubmittedFactory):
    class Meta:
        model = Consultation

    enterprise = factory.SubFactory(EnterpriseFactory)
    asker = factory.SelfAttribute("enterprise.account")
    institution = None
    title = factory.Sequence(lambda n: f"关于贷款额度的咨询{n}")
    question = "请问小微企业信用贷款最高额度是多少？"
    submitter = factory.SelfAttribute("asker")


class BoardPostFactory(_SubmittedFactory):
    class Meta:
        model = BoardPost

    name = "王先生"
    contact = "13812345678"
    title = factory.Sequence(lambda n: f"留言{n}")
    body = "建议增加更多针对科技型企业的贷款产品。"
    ip_address = "10.0.0.1"


class ComplaintFactory(_SubmittedFactory):
    class Meta:
        model = Complaint

    author = factory.LazyFunction(lambda: EnterpriseFactory().account)
    kind = ComplaintKind.COMPLAINT
    title = factory.Sequence(lambda n: f"投诉事项{n}")
    body = "银行受理后长时间未反馈。"


class FAQCategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FAQCategory
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"分类{n}")


class FAQFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FAQ

    category = factory.SubFactory(FAQCategoryFactory)
    question = factory.Sequence(lambda n: f"常见问题{n}？")
    answer = "解答内容。"
