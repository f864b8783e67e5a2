"""Choices of the marketplace, Chinese labels through gettext_lazy."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ProductType(models.TextChoices):
    """产品类别 (F-BANK-3)."""

    CREDIT = "credit", _("信用贷款")
    MORTGAGE = "mortgage", _("抵押贷款")
    PLEDGE = "pledge", _("质押贷款")
    GUARANTEE = "guarantee", _("担保贷款")
    SUPPLY_CHAIN = "supply_chain", _("供应链金融")
    INNOVATIVE = "innovative", _("特色/创新产品")


class GuaranteeMethod(models.TextChoices):
    """担保方式: what a product accepts, and what an enterprise can offer."""

    CREDIT = "credit", _("信用（无需担保）")
    MORTGAGE = "mortgage", _("抵押")
    PLEDGE = "pledge", _("质押")
    GUARANTEE = "guarantee", _("保证/担保公司担保")


class RepaymentMethod(models.TextChoices):
    EQUAL_INSTALMENT = "equal_instalment", _("等额本息")
    EQUAL_PRINCIPAL = "equal_principal", _("等额本金")
    INTEREST_FIRST = "interest_first", _("按月付息、到期还本")
    REVOLVING = "revolving", _("随借随还")
    OTHER = "other", _("其他")


class EnterpriseSize(models.TextChoices):
    MICRO = "micro", _("微型企业")
    SMALL = "small", _("小型企业")
    MEDIUM = "medium", _("中型企业")
    LARGE = "large", _("大型企业")


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", _("已提交，待受理")
    ACCEPTED = "accepted", _("银行审批中")
    INFO_REQUESTED = "info_requested", _("待补充材料")
    RESUBMITTED = "resubmitted", _("已补充材料")
    SIGNED = "signed", _("审批通过（已签约）")
    REFUSED = "refused", _("审批不通过")
    WITHDRAWN = "withdrawn", _("已撤回")
    # after 已签约 (the bank records them in its back office): money paid out, repaid, or never paid out
    DISBURSED = "disbursed", _("已放款")
    SETTLED = "settled", _("已结清")
    NOT_DISBURSED = "not_disbursed", _("未放款")


OPEN_STATUSES = (ApplicationStatus.SUBMITTED, ApplicationStatus.ACCEPTED, ApplicationStatus.INFO_REQUESTED,
                 ApplicationStatus.RESUBMITTED)
# a signing stays a signing whatever follows it: 签约 figures count all four
SIGNED_STATUSES = (ApplicationStatus.SIGNED, ApplicationStatus.DISBURSED, ApplicationStatus.SETTLED,
                   ApplicationStatus.NOT_DISBURSED)
DECIDED_STATUSES = (*SIGNED_STATUSES, ApplicationStatus.REFUSED)


class ApplicationSource(models.TextChoices):
    PC = "pc", _("PC端")
    WECHAT = "wechat", _("公众号")
    NEED = "need", _("融资需求抢单")


class FieldType(models.TextChoices):
    TEXT = "text", _("单行文本")
    TEXTAREA = "textarea", _("多行文本")
    NUMBER = "number", _("数字")
    DATE = "date", _("日期")
    CHOICE = "choice", _("单选")


class NeedStatus(models.TextChoices):
    PENDING = "pending", _("待审核")
    PUBLISHED = "published", _("已发布")
    REJECTED = "rejected", _("未通过")
    CLAIMED = "claimed", _("已被抢单")
    WITHDRAWN = "withdrawn", _("已撤回")


class RaterSide(models.TextChoices):
    ENTERPRISE = "enterprise", _("企业评价银行")
    INSTITUTION = "institution", _("银行评价企业")
