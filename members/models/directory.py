"""Dictionaries (industry, 镇街) and the organisations that are not enterprises: institutions, departments,
and the blacklist consulted at certification."""

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.uscc import normalise, validate_fi_code, validate_uscc


class Industry(models.Model):
    """GB/T 4754-2017: a section (门类, code A–T, no parent) or a division (大类, code 01–97)."""

    code = models.CharField(_("代码"), max_length=4, unique=True)
    name = models.CharField(_("名称"), max_length=60)
    section = models.ForeignKey("self", verbose_name=_("门类"), null=True, blank=True, on_delete=models.CASCADE,
                                related_name="divisions")

    class Meta:
        ordering = ["code"]
        verbose_name = _("行业")
        verbose_name_plural = _("行业（GB/T 4754）")

    def __str__(self):
        return f"{self.code} {self.name}"


class Region(models.Model):
    """镇街: editable data, not hard-coded choices."""

    name = models.CharField(_("镇街名称"), max_length=40, unique=True)
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("镇街")
        verbose_name_plural = _("镇街")

    def __str__(self):
        return self.name


class Park(models.Model):
    """园区: like 镇街, an editable dictionary for matching and statistics."""

    name = models.CharField(_("园区名称"), max_length=60, unique=True)
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("园区")
        verbose_name_plural = _("园区")

    def __str__(self):
        return self.name


class InstitutionType(models.TextChoices):
    BANK = "bank", _("银行")
    MICROLOAN = "microloan", _("小额贷款公司")
    PAWNSHOP = "pawnshop", _("典当行")
    GUARANTEE = "guarantee", _("融资担保")
    LEASING = "leasing", _("融资租赁")
    INSURANCE = "insurance", _("保险")
    SECURITIES = "securities", _("证券")
    OTHER = "other", _("其他")


class FinancialInstitution(models.Model):
    """A bank (identified by its 14-character 金融机构编码) or a non-bank (identified by its USCC)."""

    name = models.CharField(_("机构名称"), max_length=100, unique=True)
    institution_type = models.CharField(_("机构类型"), max_length=20, choices=InstitutionType.choices,
                                        default=InstitutionType.BANK)
    fi_code = models.CharField(_("金融机构编码"), max_length=14, unique=True, null=True, blank=True,
                               validators=[validate_fi_code], help_text=_("银行必填，14位"))
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, unique=True, null=True, blank=True,
                                   validators=[validate_uscc], help_text=_("非银行机构必填，18位"))
    principal = models.CharField(_("负责人"), max_length=40, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    loan_contact_name = models.CharField(_("贷款对接联系人"), max_length=40, blank=True)
    loan_contact_phone = models.CharField(_("贷款对接电话"), max_length=20, blank=True)
    intro = models.TextField(_("机构简介"), blank=True)
    is_active = models.BooleanField(_("启用"), default=True)
    group = models.OneToOneField(Group, verbose_name=_("机构用户组"), null=True, blank=True, editable=False,
                                 on_delete=models.SET_NULL, related_name="institution")
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("金融机构")
        verbose_name_plural = _("金融机构")

    def __str__(self):
        return self.name

    @transaction.atomic
    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        if self.group_id is None:
            from members.roles import setup_institution_group

            self.group = setup_institution_group(self)
            super().save(update_fields=["group"])

    def clean(self):
        self.fi_code = normalise(self.fi_code) or None
        self.credit_code = normalise(self.credit_code) or None
        if self.institution_type == InstitutionType.BANK and not self.fi_code:
            raise ValidationError({"fi_code": _("银行须填写14位金融机构编码。")})
        if self.institution_type != InstitutionType.BANK and not self.credit_code:
            raise ValidationError({"credit_code": _("非银行机构须填写统一社会信用代码。")})

    def _identity_code(self):
        return self.fi_code if self.institution_type == InstitutionType.BANK else self.credit_code

    _identity_code.short_description = _("机构识别码")  # the admin list's column heading
    identity_code = property(_identity_code)


class DepartmentType(models.TextChoices):
    PBOC = "pboc", _("人民银行")
    REGULATOR = "regulator", _("金融监管部门")
    NDRC = "ndrc", _("发改委")
    MIIT = "miit", _("经信委")
    FINANCE_OFFICE = "finance_office", _("金融办")
    BIG_DATA = "big_data", _("大数据局")
    OTHER = "other", _("其他部门")


class GovernmentDepartment(models.Model):
    """A department publishing into its own channels: its author and reviewer groups come from
    core.channels.setup_department_channel (see roles.setup_department)."""

    name = models.CharField(_("部门名称"), max_length=60, unique=True)
    dept_type = models.CharField(_("部门类型"), max_length=20, choices=DepartmentType.choices,
                                 default=DepartmentType.OTHER)
    can_self_publish = models.BooleanField(_("可自行发布企业/项目信息"), default=True)
    channel_pages = models.ManyToManyField("wagtailcore.Page", verbose_name=_("负责栏目"), blank=True,
                                           related_name="+")
    authors = models.ForeignKey(Group, verbose_name=_("编辑组"), null=True, blank=True, editable=False,
                                on_delete=models.SET_NULL, related_name="authoring_departments")
    reviewers = models.ForeignKey(Group, verbose_name=_("审核组"), null=True, blank=True, editable=False,
                                  on_delete=models.SET_NULL, related_name="reviewing_departments")
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("政府部门")
        verbose_name_plural = _("政府部门")
        permissions = [("supervise_applications", _("查看全部贷款申请与反馈（人民银行监管）"))]

    def __str__(self):
        return self.name


class BlacklistQuerySet(models.QuerySet):
    def in_force(self, on=None):
        on = on or timezone.localdate()
        return self.filter(models.Q(valid_from__isnull=True) | models.Q(valid_from__lte=on)).filter(
            models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=on)
        )


class Blacklist(models.Model):
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, db_index=True, validators=[validate_uscc])
    name = models.CharField(_("企业名称"), max_length=255, blank=True)
    reason = models.CharField(_("列入原因"), max_length=255)
    source = models.CharField(_("来源"), max_length=100, blank=True, help_text=_("如：信用中国失信被执行人名单"))
    valid_from = models.DateField(_("生效日期"), null=True, blank=True)
    valid_to = models.DateField(_("失效日期"), null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    objects = BlacklistQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("黑名单")
        verbose_name_plural = _("黑名单")

    def __str__(self):
        return f"{self.name or self.credit_code}（{self.reason}）"

    def clean(self):
        self.credit_code = normalise(self.credit_code)

    @classmethod
    def entry_for(cls, credit_code):
        return cls.objects.in_force().filter(credit_code=normalise(credit_code)).first()
