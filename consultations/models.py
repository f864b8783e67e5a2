"""Consultations (在线咨询), the message board (留言板), complaints and suggestions (投诉建议) and the FAQ.

Statuses change only through consultations.lifecycle and the portal's lifecycle engine, which writes a
history row (core's LifecycleEvent, ``obj.history``) for each step.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey, GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.search import index

from consultations.outreach_models import Audience, NotificationStatus, OpsNotification  # noqa: F401

EXPERTS_GROUP = "专家"


class Expert(models.Model):
    """An invited expert (专家咨询, F-CONS-7): a public profile on an existing staff account.

    Saving keeps the account's membership of the 「专家」 group (with admin access, for the expert's queue)
    in step with ``is_active``: invite by adding a profile, withdraw by unticking 在聘.
    """

    user = models.OneToOneField(settings.AUTH_USER_MODEL, verbose_name=_("账号"), on_delete=models.CASCADE,
                                related_name="expert_profile")
    name = models.CharField(_("姓名"), max_length=40)
    title = models.CharField(_("职称/职务"), max_length=60)
    expertise = models.CharField(_("擅长领域"), max_length=120)
    is_active = models.BooleanField(_("在聘"), default=True, db_index=True)
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)
    created_at = models.DateTimeField(_("邀请时间"), auto_now_add=True)

    class Meta:
        ordering = ["sort_order", "pk"]
        verbose_name = _("专家")
        verbose_name_plural = _("专家")

    def __str__(self):
        return f"{self.name}（{self.title}）"

    def save(self, *args, **kwargs):
        from django.contrib.auth.models import Group

        from core.channels import grant_admin_access

        with transaction.atomic():
            super().save(*args, **kwargs)
            group, _created = Group.objects.get_or_create(name=EXPERTS_GROUP)
            grant_admin_access(group)
            if self.is_active:
                self.user.groups.add(group)
            else:
                self.user.groups.remove(group)

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.user_id and self.user.is_enterprise:
            raise ValidationError({"user": _("企业账号不能被邀请为专家，请选择个人或平台账号。")})


class ConsultationStatus(models.TextChoices):
    SUBMITTED = "submitted", _("待受理")
    ACCEPTED = "accepted", _("处理中")
    ANSWERED = "answered", _("已答复")
    CLOSED = "closed", _("已关闭")


class Consultation(models.Model):
    """An enterprise's question to one institution, or to the platform when ``institution`` is empty."""

    asker = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("咨询人"), on_delete=models.CASCADE,
                              related_name="consultations")
    enterprise = models.ForeignKey("members.Enterprise", verbose_name=_("企业"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="consultations")
    institution = models.ForeignKey("members.FinancialInstitution", verbose_name=_("咨询对象"), null=True,
                                    blank=True, on_delete=models.PROTECT, related_name="consultations",
                                    help_text=_("留空表示咨询平台"))
    to_experts = models.BooleanField(_("专家咨询"), default=False, db_index=True,
                                     help_text=_("由专家答复；未指定专家时任一在聘专家均可受理"))
    expert = models.ForeignKey(Expert, verbose_name=_("指定专家"), null=True, blank=True, on_delete=models.PROTECT,
                               related_name="consultations")
    department = models.ForeignKey("members.GovernmentDepartment", verbose_name=_("转办部门"), null=True,
                                   blank=True, on_delete=models.PROTECT, related_name="consultations",
                                   help_text=_("转办到政府部门后由该部门答复"))
    title = models.CharField(_("咨询主题"), max_length=120)
    question = models.TextField(_("咨询内容"), max_length=2000)
    status = models.CharField(_("状态"), max_length=20, choices=ConsultationStatus.choices,
                              default=ConsultationStatus.SUBMITTED, db_index=True)
    handler = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("受理人"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="+")
    waiting_since = models.DateTimeField(_("等待答复起始时间"), null=True, blank=True, db_index=True,
                                         help_text=_("提交或追问时开始计时，答复后清空"))
    is_overdue = models.BooleanField(_("超时未答复"), default=False, db_index=True)
    rating = models.PositiveSmallIntegerField(_("满意度评分"), null=True, blank=True,
                                              validators=[MinValueValidator(1), MaxValueValidator(5)])
    rating_comment = models.CharField(_("评价"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("提交时间"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    # the lifecycle history, oldest first (deleted with the item)
    history = GenericRelation("site_portal.LifecycleEvent")

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("在线咨询")
        verbose_name_plural = _("在线咨询")
        constraints = [
            models.CheckConstraint(condition=Q(expert__isnull=True) | Q(to_experts=True),
                                   name="consultation_expert_means_expert_consultation"),
            models.CheckConstraint(condition=Q(to_experts=False) | Q(institution__isnull=True),
                                   name="consultation_expert_or_institution"),
            models.CheckConstraint(condition=Q(department__isnull=True) | Q(institution__isnull=True,
                                                                            to_experts=False),
                                   name="consultation_department_is_the_only_addressee"),
        ]

    def __str__(self):
        return self.title

    @property
    def addressee_name(self):
        if self.expert_id:
            return _("专家 %s") % self.expert.name
        if self.to_experts:
            return _("专家咨询")
        if self.department_id:
            return self.department.name
        return self.institution.name if self.institution_id else _("平台")


class ConsultationReply(models.Model):
    """One message in a consultation's thread: the handler's answer or the enterprise's follow-up."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="replies")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("回复人"), null=True,
                               on_delete=models.SET_NULL, related_name="+")
    from_handler = models.BooleanField(_("机构/平台答复"), default=False)
    body = models.TextField(_("内容"), max_length=4000)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("咨询回复")
        verbose_name_plural = _("咨询回复")

    def __str__(self):
        return self.body[:30]


class BoardStatus(models.TextChoices):
    PENDING = "pending", _("待审核")
    APPROVED = "approved", _("已公开")
    REJECTED = "rejected", _("不予公开")


class BoardPostQuerySet(models.QuerySet):
    def public(self):
        return self.filter(status=BoardStatus.APPROVED)


class BoardPost(models.Model):
    """A public message-board post: shown only once a platform admin has approved it."""

    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("登录用户"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+")
    name = models.CharField(_("称呼"), max_length=40)
    contact = models.CharField(_("联系电话"), max_length=20, blank=True)
    title = models.CharField(_("留言标题"), max_length=120)
    body = models.TextField(_("留言内容"), max_length=2000)
    ip_address = models.GenericIPAddressField(_("IP地址"), null=True, blank=True)
    status = models.CharField(_("状态"), max_length=20, choices=BoardStatus.choices, default=BoardStatus.PENDING,
                              db_index=True)
    reply = models.TextField(_("官方回复"), blank=True)
    replied_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("回复人"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    replied_at = models.DateTimeField(_("回复时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("留言时间"), auto_now_add=True, db_index=True)

    # the lifecycle history, oldest first (deleted with the item)
    history = GenericRelation("site_portal.LifecycleEvent")

    objects = BoardPostQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("留言")
        verbose_name_plural = _("留言板")

    def __str__(self):
        return self.title


class ComplaintKind(models.TextChoices):
    COMPLAINT = "complaint", _("投诉")
    SUGGESTION = "suggestion", _("意见建议")
    PETITION = "petition", _("信访")
    APPEAL = "appeal", _("诉求直达")


class DemandType(models.TextChoices):
    """需求类型 of a direct appeal (诉求直达, F-CONS-8)."""

    FINANCING = "financing", _("融资需求")
    POLICY = "policy", _("政策咨询")
    OPERATING = "operating", _("经营困难")
    RIGHTS = "rights", _("权益保护")
    OTHER = "other", _("其他")


class ComplaintStatus(models.TextChoices):
    SUBMITTED = "submitted", _("已提交")
    ACCEPTED = "accepted", _("已受理")
    PROCESSING = "processing", _("处理中")
    RESOLVED = "resolved", _("已办结")
    CLOSED = "closed", _("已关闭")


# what the enterprise sees of an appeal's status: the three stages of 诉求直达 on the complaint lifecycle
APPEAL_STAGES = {
    ComplaintStatus.SUBMITTED: _("待受理"),
    ComplaintStatus.ACCEPTED: _("处理中"),
    ComplaintStatus.PROCESSING: _("处理中"),
    ComplaintStatus.RESOLVED: _("已解决"),
    ComplaintStatus.CLOSED: _("已关闭"),
}


class Complaint(models.Model):
    """A complaint, suggestion or petition: seen only by its author and its handlers.

    ``institution`` is what it is about (that institution's staff handle it, with the platform);
    ``department`` is the department it is addressed to; ``expert`` the expert it was transferred to (转办), who
    then handles it alone. ``related_object`` is a loose reference to
    anything else (a loan application, later) without a hard dependency on that app.
    """

    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("提交人"), on_delete=models.CASCADE,
                               related_name="complaints")
    kind = models.CharField(_("类别"), max_length=20, choices=ComplaintKind.choices, default=ComplaintKind.COMPLAINT)
    title = models.CharField(_("标题"), max_length=120)
    body = models.TextField(_("内容"), max_length=4000)
    institution = models.ForeignKey("members.FinancialInstitution", verbose_name=_("涉及机构"), null=True,
                                    blank=True, on_delete=models.PROTECT, related_name="complaints")
    department = models.ForeignKey("members.GovernmentDepartment", verbose_name=_("受理部门"), null=True,
                                   blank=True, on_delete=models.PROTECT, related_name="complaints")
    expert = models.ForeignKey(Expert, verbose_name=_("转办专家"), null=True, blank=True, on_delete=models.PROTECT,
                               related_name="complaints", help_text=_("转给专家后由该专家办理"))
    related_content_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.SET_NULL,
                                             related_name="+")
    related_object_id = models.CharField(max_length=64, blank=True)
    related_object = GenericForeignKey("related_content_type", "related_object_id")
    demand_type = models.CharField(_("需求类型"), max_length=20, choices=DemandType.choices, blank=True,
                                   help_text=_("诉求直达时必填"))
    status = models.CharField(_("状态"), max_length=20, choices=ComplaintStatus.choices,
                              default=ComplaintStatus.SUBMITTED, db_index=True)
    handler = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("经办人"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="+")
    resolution = models.TextField(_("处理结果"), blank=True)
    created_at = models.DateTimeField(_("提交时间"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    # the lifecycle history, oldest first (deleted with the item)
    history = GenericRelation("site_portal.LifecycleEvent")

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("投诉建议")
        verbose_name_plural = _("投诉建议")

    def __str__(self):
        return self.title

    @property
    def is_appeal(self):
        return self.kind == ComplaintKind.APPEAL

    @property
    def status_label(self):
        """The status as its author reads it: 待受理 / 处理中 / 已解决 for an appeal."""
        return APPEAL_STAGES[self.status] if self.is_appeal else self.get_status_display()


class StepAction(models.TextChoices):
    SUBMIT = "submit", _("提交")
    ACCEPT = "accept", _("受理")
    REPLY = "reply", _("答复")
    FOLLOW_UP = "follow_up", _("追问")
    RATE = "rate", _("评价")
    APPROVE = "approve", _("审核通过")
    REJECT = "reject", _("不予公开")
    PROCESS = "process", _("开始处理")
    RESOLVE = "resolve", _("办结")
    CLOSE = "close", _("关闭")
    OVERDUE = "overdue", _("超时提醒")
    ASSIGN = "assign", _("指派")
    TRANSFER = "transfer", _("转办")


class FAQCategory(models.Model):
    name = models.CharField(_("分类名称"), max_length=40, unique=True)
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("常见问题分类")
        verbose_name_plural = _("常见问题分类")

    def __str__(self):
        return self.name


class FAQ(index.Indexed, models.Model):
    category = models.ForeignKey(FAQCategory, verbose_name=_("分类"), on_delete=models.PROTECT,
                                 related_name="entries")
    question = models.CharField(_("问题"), max_length=200)
    answer = models.TextField(_("解答"))
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)
    is_published = models.BooleanField(_("公开"), default=True, db_index=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    search_fields = [
        index.SearchField("question", boost=2),
        index.SearchField("answer"),
        index.AutocompleteField("question"),
        index.FilterField("is_published"),
        index.FilterField("category_id"),
    ]

    class Meta:
        ordering = ["category__sort_order", "sort_order", "pk"]
        verbose_name = _("常见问题")
        verbose_name_plural = _("常见问题")

    def __str__(self):
        return self.question
