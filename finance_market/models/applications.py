"""Cart, applications, attachments, feedback notices, urges and ratings.

Statuses change only through finance_market.lifecycle (the portal's lifecycle engine, which keeps the
history in core's LifecycleEvent: ``application.events``).
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.money import yuan_to_wan
from core.private_files import private_path
from finance_market.choices import (
    DECIDED_STATUSES,
    OPEN_STATUSES,
    ApplicationSource,
    ApplicationStatus,
    GuaranteeMethod,
    RaterSide,
    RepaymentMethod,
)


class CartItem(models.Model):
    """购物车: one row per (enterprise, product); the constraint makes a second add impossible."""

    enterprise = models.ForeignKey("members.Enterprise", on_delete=models.CASCADE, related_name="cart_items")
    product = models.ForeignKey("finance_market.LoanProductPage", on_delete=models.CASCADE, related_name="+")
    added_at = models.DateTimeField(_("加入时间"), auto_now_add=True)

    class Meta:
        ordering = ["added_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["enterprise", "product"], name="unique_cart_item")]
        verbose_name = _("购物车项目")

    def __str__(self):
        return f"{self.enterprise} · {self.product_id}"


class RefusalReason(models.Model):
    """The managed list of refusal reasons (F-LOAN-7), counted in statistics."""

    name = models.CharField(_("拒绝原因"), max_length=60, unique=True)
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("拒绝原因")
        verbose_name_plural = _("拒绝原因")

    def __str__(self):
        return self.name


# the statuses in which the bank's decision clock runs (not while it waits for the enterprise's material)
DECIDING_STATUSES = (ApplicationStatus.ACCEPTED, ApplicationStatus.RESUBMITTED)


class ApplicationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """What ``user`` may read: platform admins and 人民银行 supervisors all; institution staff their
        institution's; an enterprise its own; anyone else nothing."""
        from finance_market.permissions import can_read_all

        if not user.is_authenticated:
            return self.none()
        if can_read_all(user):
            return self
        institution = getattr(user, "institution", None)
        if institution is not None:
            return self.filter(institution=institution)
        enterprise = getattr(user, "enterprise", None) if getattr(user, "is_enterprise", False) else None
        if enterprise is not None:
            return self.filter(enterprise=enterprise)
        return self.none()

    def open(self):
        return self.filter(status__in=OPEN_STATUSES)

    def with_deadline(self):
        """Each row's current deadline as ``deadline``: 受理期限 while submitted, 审批期限 while the bank decides,
        none otherwise (the clock stops while the enterprise supplies material), for sorting and filtering."""
        return self.annotate(deadline=models.Case(
            models.When(status=ApplicationStatus.SUBMITTED, then=models.F("accept_due")),
            models.When(status__in=DECIDING_STATUSES, then=models.F("decide_due")),
            default=None, output_field=models.DateField()))

    def overdue(self, today=None):
        """Past their current deadline now, whether or not the hourly job has flagged them yet."""
        today = today or timezone.localdate()
        return self.filter(models.Q(status=ApplicationStatus.SUBMITTED, accept_due__lt=today)
                           | models.Q(status__in=DECIDING_STATUSES, decide_due__lt=today))


class LoanApplication(models.Model):
    reference = models.CharField(_("申请编号"), max_length=20, unique=True, editable=False)
    enterprise = models.ForeignKey("members.Enterprise", verbose_name=_("申请企业"), on_delete=models.PROTECT,
                                   related_name="loan_applications")
    institution = models.ForeignKey("members.FinancialInstitution", verbose_name=_("金融机构"),
                                    on_delete=models.PROTECT, related_name="loan_applications")
    product = models.ForeignKey("finance_market.LoanProductPage", verbose_name=_("贷款产品"), null=True,
                                blank=True, on_delete=models.SET_NULL, related_name="applications")
    product_title = models.CharField(_("产品名称"), max_length=255, blank=True)
    need = models.ForeignKey("finance_market.FinancingNeed", verbose_name=_("融资需求"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="applications")
    amount = models.DecimalField(_("申请金额（元）"), max_digits=14, decimal_places=2)
    term_months = models.PositiveSmallIntegerField(_("期限（月）"))
    purpose = models.TextField(_("资金用途"))
    repayment_method = models.CharField(_("还款方式"), max_length=20, choices=RepaymentMethod.choices, blank=True)
    guarantee_offered = models.CharField(_("可提供的担保"), max_length=200, blank=True)
    contact_person = models.CharField(_("联系人"), max_length=40)
    contact_phone = models.CharField(_("联系电话"), max_length=20)
    extra_data = models.JSONField(_("附加信息"), default=dict, blank=True,
                                  help_text=_("产品申请表附加字段：{字段名称: 填写内容}"))
    source = models.CharField(_("申请来源"), max_length=10, choices=ApplicationSource.choices,
                              default=ApplicationSource.PC)
    is_first_loan = models.BooleanField(_("首贷"), default=True, help_text=_("未勾选表示续贷"))
    checkout_token = models.UUIDField(_("提交令牌"), null=True, blank=True, editable=False)

    status = models.CharField(_("状态"), max_length=20, choices=ApplicationStatus.choices,
                              default=ApplicationStatus.SUBMITTED, db_index=True)
    submitted_at = models.DateTimeField(_("提交时间"), default=timezone.now, db_index=True)
    accepted_at = models.DateTimeField(_("受理时间"), null=True, blank=True)
    decided_at = models.DateTimeField(_("决定时间"), null=True, blank=True)
    accept_due = models.DateField(_("受理期限"), null=True, blank=True)
    decide_due = models.DateField(_("审批期限"), null=True, blank=True)
    accept_overdue_at = models.DateTimeField(_("受理逾期时间"), null=True, blank=True)
    decide_overdue_at = models.DateTimeField(_("审批逾期时间"), null=True, blank=True)
    credit_amount = models.DecimalField(_("授信额度（元）"), max_digits=14, decimal_places=2, null=True, blank=True)
    refusal_reason = models.ForeignKey(RefusalReason, verbose_name=_("拒绝原因"), null=True, blank=True,
                                       on_delete=models.PROTECT, related_name="applications")
    decision_note = models.TextField(_("处理意见"), blank=True)
    # after 已签约 (finance_market.lifecycle: disburse, settle, not_disburse)
    disbursed_amount = models.DecimalField(_("已放款金额（元）"), max_digits=14, decimal_places=2, default=0,
                                           help_text=_("各笔放款之和"))
    settled_on = models.DateField(_("结清日期"), null=True, blank=True)
    not_disbursed_reason = models.ForeignKey("finance_market.NonDisbursementReason", verbose_name=_("未放款原因"),
                                             null=True, blank=True, on_delete=models.PROTECT,
                                             related_name="applications")
    # F-LOAN-13: the bank's own check (本行核查) from its credit enquiry and anti-fraud systems, entered on the
    # application page (lifecycle.record_credit_check, audited); no scoring engine here. Never shown to the
    # enterprise.
    credit_status = models.CharField(_("信用状况"), max_length=60, blank=True)
    anti_fraud_score = models.PositiveSmallIntegerField(_("反欺诈评分"), null=True, blank=True,
                                                        validators=[MaxValueValidator(100)])
    credit_checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("核查人"), null=True,
                                          blank=True, on_delete=models.SET_NULL, related_name="+")
    credit_checked_at = models.DateTimeField(_("核查时间"), null=True, blank=True)
    # the status history, oldest first (deleted with the application)
    events = GenericRelation("site_portal.LifecycleEvent")

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "checkout_token", "product"],
                                    name="unique_application_per_checkout"),
        ]
        indexes = [
            # statistics (reports.reports): a period's applications are read from this index
            # alone on PostgreSQL (index-only scan) instead of one heap page per application
            models.Index(fields=["submitted_at"], name="loanapp_report_cover",
                         include=["id", "enterprise", "institution", "product", "status", "amount",
                                  "credit_amount", "refusal_reason"]),
            # 10,000 applications (issue 23): the enterprise's member centre counts its applications by status and
            # lists the deadlines the bank must meet; its list and the bank's list in the admin show the newest
            # first, the bank's also filtered by status
            models.Index(fields=["enterprise", "status", "accept_due"], name="loanapp_ent_accept_due"),
            models.Index(fields=["enterprise", "status", "decide_due"], name="loanapp_ent_decide_due"),
            models.Index(fields=["enterprise", "submitted_at"], name="loanapp_ent_newest"),
            models.Index(fields=["institution", "submitted_at"], name="loanapp_bank_newest"),
            models.Index(fields=["institution", "status", "submitted_at"], name="loanapp_bank_status_newest"),
        ]
        verbose_name = _("贷款申请")
        verbose_name_plural = _("贷款申请")

    def __str__(self):
        return f"{self.reference} {self.product_title}"

    @property
    def amount_wan(self):
        return yuan_to_wan(self.amount)

    @property
    def credit_amount_wan(self):
        return yuan_to_wan(self.credit_amount)

    @property
    def disbursed_amount_wan(self):
        return yuan_to_wan(self.disbursed_amount)

    @property
    def undisbursed_amount(self):
        """What is left of the credit granted to pay out (0 without a credit amount)."""
        return max((self.credit_amount or 0) - self.disbursed_amount, 0)

    @property
    def is_open(self):
        return self.status in OPEN_STATUSES

    @property
    def is_decided(self):
        return self.status in DECIDED_STATUSES

    @property
    def guarantee_labels(self):
        """可提供的担保方式 as people read them (stored as the comma-joined GuaranteeMethod values)."""
        labels = dict(GuaranteeMethod.choices)
        return [str(labels.get(value, value)) for value in self.guarantee_offered.split(",") if value]

    @property
    def current_due(self):
        """The deadline running now (see ApplicationQuerySet.with_deadline), or None."""
        if self.status == ApplicationStatus.SUBMITTED:
            return self.accept_due
        if self.status in DECIDING_STATUSES:
            return self.decide_due
        return None

    @property
    def is_overdue(self):
        """Read from the deadline itself, so an item is overdue the day after it, before the hourly job
        (finance_market.tasks, which sends the reminders and sets ``…_overdue_at``) has run."""
        return self.is_overdue_on(timezone.localdate())

    def is_overdue_on(self, day):
        due = self.current_due
        return due is not None and due < day

    def get_member_url(self):
        from django.urls import reverse

        return reverse("market_member:application", args=[self.reference])

    def get_admin_url(self):
        from django.urls import reverse

        return reverse("market_admin:application", args=[self.pk])


def material_path(instance, filename):
    """Application materials live in the private store (core.private_files), never in Wagtail's 文档 library."""
    return private_path("application_materials", filename)


# files a browser may show in a tab (查看); anything else is only downloaded
VIEWABLE_EXTENSIONS = {"pdf", "jpg", "jpeg", "png"}


class ApplicationAttachment(models.Model):
    """A material uploaded with an application. Its file is in the private store and is served only by
    finance_market.views.member.attachment to those who may read the application, each access logged
    (MaterialAccess); nobody edits or deletes it in the admin."""

    application = models.ForeignKey(LoanApplication, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("文件"), upload_to=material_path, max_length=255)
    filename = models.CharField(_("文件名"), max_length=255)
    size = models.PositiveBigIntegerField(_("大小（字节）"), default=0)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("申请材料")
        verbose_name_plural = _("申请材料")

    def __str__(self):
        return self.filename

    @property
    def viewable(self):
        return self.filename.rsplit(".", 1)[-1].lower() in VIEWABLE_EXTENSIONS


class MaterialAccess(models.Model):
    """Who viewed or downloaded an application material, and when (shown on the application's admin page)."""

    class Kind(models.TextChoices):
        VIEW = "view", _("查看")
        DOWNLOAD = "download", _("下载")

    attachment = models.ForeignKey(ApplicationAttachment, verbose_name=_("申请材料"), on_delete=models.CASCADE,
                                   related_name="accesses")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("访问人"), null=True,
                             on_delete=models.SET_NULL, related_name="+")
    kind = models.CharField(_("方式"), max_length=10, choices=Kind.choices)
    accessed_at = models.DateTimeField(_("访问时间"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-accessed_at", "-pk"]
        verbose_name = _("申请材料访问记录")
        verbose_name_plural = _("申请材料访问记录")

    def __str__(self):
        return f"{self.attachment_id} {self.get_kind_display()} {self.accessed_at:%Y-%m-%d %H:%M}"


def unreported_past_due(prefix="", today=None):
    """The one rule for a 反馈通知书 逾期未报送 now: not reported, and its due date has passed. ``prefix`` reads it
    through a relation (``"loan_applications__feedback_notice__"``); FeedbackNotice.is_overdue is the same rule
    on one notice."""
    return Q(**{f"{prefix}reported_at__isnull": True, f"{prefix}due_date__lt": today or timezone.localdate()})


class FeedbackNoticeQuerySet(models.QuerySet):
    def overdue(self, today=None):
        return self.filter(unreported_past_due(today=today))


class FeedbackNotice(models.Model):
    """反馈通知书 (F-LOAN-8/9): generated at the decision, reported to 人民银行 within N working days."""

    application = models.OneToOneField(LoanApplication, verbose_name=_("贷款申请"), on_delete=models.CASCADE,
                                       related_name="feedback_notice")
    result = models.CharField(_("结果"), max_length=20, choices=ApplicationStatus.choices)
    content = models.TextField(_("通知书内容"))
    generated_at = models.DateTimeField(_("生成时间"), default=timezone.now)
    due_date = models.DateField(_("报送期限"))
    reported_at = models.DateTimeField(_("报送时间"), null=True, blank=True)
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("报送人"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    overdue_at = models.DateTimeField(_("逾期标记时间"), null=True, blank=True)
    signed_at = models.DateTimeField(_("签收时间"), null=True, blank=True,
                                     help_text=_("人民银行收到报送后签收"))
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("签收人"), null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="+")

    objects = FeedbackNoticeQuerySet.as_manager()

    class Meta:
        ordering = ["-generated_at", "-pk"]
        verbose_name = _("反馈通知书")
        verbose_name_plural = _("反馈通知书")

    def __str__(self):
        return _("反馈通知书 %s") % self.application.reference

    @property
    def is_overdue(self):
        """unreported_past_due() on this notice."""
        return self.reported_at is None and self.due_date < timezone.localdate()


class Urge(models.Model):
    """催办 (F-LOAN-10): who urged which application, when, with what note."""

    application = models.ForeignKey(LoanApplication, on_delete=models.CASCADE, related_name="urges")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("催办人"), null=True, on_delete=models.SET_NULL,
                           related_name="+")
    note = models.TextField(_("催办说明"))
    created_at = models.DateTimeField(_("催办时间"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("催办记录")
        verbose_name_plural = _("催办记录")

    def __str__(self):
        return f"{self.application_id} {self.created_at:%Y-%m-%d}"


class Rating(models.Model):
    """A 1–5 rating after closing, one per side (F-LOAN-12)."""

    application = models.ForeignKey(LoanApplication, on_delete=models.CASCADE, related_name="ratings")
    side = models.CharField(_("评价方向"), max_length=20, choices=RaterSide.choices)
    score = models.PositiveSmallIntegerField(_("评分"), validators=[MinValueValidator(1), MaxValueValidator(5)])
    comment = models.TextField(_("评价内容"), blank=True, max_length=500)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("评价时间"), auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        constraints = [models.UniqueConstraint(fields=["application", "side"], name="one_rating_per_side"),
                       models.CheckConstraint(condition=models.Q(score__gte=1, score__lte=5), name="rating_1_to_5")]
        verbose_name = _("评价")
        verbose_name_plural = _("评价")

    def __str__(self):
        return f"{self.get_side_display()} {self.score}"
