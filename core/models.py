"""Site-wide models: the portal's image model, its settings and the one lifecycle history table."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField
from wagtail.images.blocks import ImageChooserBlock
from wagtail.images.models import AbstractImage, AbstractRendition, Image


class PortalImage(AbstractImage):
    """Wagtail image whose description (alt text) is required (000 §3.5: every image explains itself)."""

    description = models.CharField(
        max_length=255,
        verbose_name=_("替代文字"),
        help_text=_("图片无法显示时展示的说明文字，也供读屏软件朗读；必填。"),
    )
    admin_form_fields = Image.admin_form_fields

    @property
    def is_large(self):
        """True when the original file is too heavy to send inline (clicked to enlarge instead)."""
        from django.conf import settings
        from wagtail.images.models import SourceImageIOError

        try:
            size = self.get_file_size()
        except SourceImageIOError:  # the original is lost: nothing to enlarge
            return False
        return (size or 0) > settings.PORTAL_INLINE_IMAGE_MAX_BYTES

    @property
    def alt(self):
        return self.description or self.title

    class Meta(AbstractImage.Meta):
        verbose_name = _("图片")
        verbose_name_plural = _("图片")


class PortalRendition(AbstractRendition):
    image = models.ForeignKey(PortalImage, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)


hex_colour = RegexValidator(r"^#[0-9a-fA-F]{6}$", _("请填写 #RRGGBB 形式的颜色值，例如 #B71C1C。"))


class NewMediaValue(blocks.StructValue):
    def platform_label(self):
        return dict(self.block.child_blocks["platform"].field.choices).get(self.get("platform"), "")

    def qr_alt(self):
        return _("%(platform)s“%(name)s”二维码") % {"platform": self.platform_label(), "name": self.get("name")}


class NewMediaBlock(blocks.StructBlock):
    """One 政务新媒体 account (微信公众号, 微博 …) shown in the footer: a link and/or a QR code."""

    platform = blocks.ChoiceBlock(label=_("平台"), choices=[
        ("wechat", _("微信公众号")), ("weibo", _("微博")), ("douyin", _("抖音")), ("channels", _("视频号")),
        ("app", _("移动客户端")), ("other", _("其他")),
    ])
    name = blocks.CharBlock(label=_("账号名称"), max_length=60)
    url = blocks.URLBlock(label=_("链接"), required=False, help_text=_("账号主页地址；微信公众号可只上传二维码。"))
    qr_code = ImageChooserBlock(label=_("二维码"), required=False)

    class Meta:
        icon = "link"
        label = _("政务新媒体账号")
        value_class = NewMediaValue


@register_setting(icon="cog")
class PortalSettings(BaseSiteSetting):
    """Editable site-wide settings: brand colours (at most three, 000 §3.5) and contact block."""

    select_related = ["disclosure_page"]  # every footer links it

    @classmethod
    def for_request(cls, request):
        """The site's settings for rendering a page (every header and footer reads them): kept until content
        changes, as the navigation is (core/fragments.py). The settings form reads the row itself (for_site)."""
        from wagtail.models import Site

        from core.fragments import cached

        attr_name = cls.get_cache_attr_name()
        if not hasattr(request, attr_name):
            site = Site.find_for_request(request)
            if site is None:
                return super().for_request(request)
            found = cached(f"portal-settings:{site.pk}", lambda: cls.for_site(site))
            found._request = request
            setattr(request, attr_name, found)
        return getattr(request, attr_name)

    brand_primary = models.CharField(
        _("主色"), max_length=7, default="#A61B1B", validators=[hex_colour],
        help_text=_("用于标志、标题和主导航。"),
    )
    brand_secondary = models.CharField(
        _("辅助色"), max_length=7, default="#1F4E79", validators=[hex_colour],
        help_text=_("用于链接和次要色块。"),
    )
    brand_accent = models.CharField(
        _("强调色"), max_length=7, default="#C8912E", validators=[hex_colour],
        help_text=_("用于按钮和提示。"),
    )
    hotline = models.CharField(_("服务热线"), max_length=40, blank=True, default="0558-12345")
    contact_email = models.EmailField(_("联系邮箱"), blank=True, default="service@portal.example.cn")
    contact_qq = models.CharField(_("QQ"), max_length=20, blank=True)
    address = models.CharField(_("联系地址"), max_length=200, blank=True)
    sponsor = models.CharField(_("主办单位"), max_length=100, blank=True, default="中国人民银行市分行")
    organizer = models.CharField(_("承办单位"), max_length=100, blank=True)
    icp_number = models.CharField(_("ICP备案号"), max_length=60, blank=True, help_text=_("例如：皖ICP备12345678号"))
    police_number = models.CharField(_("公安备案号"), max_length=60, blank=True,
                                     help_text=_("例如：皖公网安备 34110202000123号"))
    police_record_code = models.CharField(_("公安备案编码"), max_length=20, blank=True,
                                          help_text=_("备案号中的数字，用于链接到全国互联网安全管理服务平台。"))
    site_code = models.CharField(_("网站标识码"), max_length=20, blank=True,
                                 help_text=_("政府网站标识码，10位，例如：3411000001"))
    disclosure_code = models.CharField(_("信息公开机构代码"), max_length=30, blank=True,
                                       help_text=_("政策文件索引号的前缀，一般为发布机构的统一社会信用代码。"))
    contact_phone = models.CharField(_("联系电话"), max_length=40, blank=True,
                                     help_text=_("页脚“联系我们”的电话；服务热线另填。"))
    disclosure_page = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("政府信息公开页面"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", help_text=_("页脚“政府信息公开”链接指向的页面（含指南、目录、年报）。"))
    new_media = StreamField([("account", NewMediaBlock())], verbose_name=_("政务新媒体"), blank=True,
                            help_text=_("微信公众号、微博等账号，显示在页脚。"))
    require_login_for_products = models.BooleanField(
        _("登录后才能浏览贷款产品"), default=False,
        help_text=_("打开后，未登录访客无法查看贷款产品详情。"),
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("brand_primary"), FieldPanel("brand_secondary"), FieldPanel("brand_accent")],
            heading=_("标准色（不超过三种）"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("hotline"), FieldPanel("contact_email"), FieldPanel("contact_qq"),
                FieldPanel("address"), FieldPanel("sponsor"), FieldPanel("organizer"),
                FieldPanel("contact_phone"), FieldPanel("icp_number"), FieldPanel("police_number"),
                FieldPanel("police_record_code"), FieldPanel("site_code"), FieldPanel("disclosure_code"),
            ],
            heading=_("联系方式与页脚"),
        ),
        MultiFieldPanel([FieldPanel("disclosure_page"), FieldPanel("new_media")], heading=_("信息公开与政务新媒体")),
        FieldPanel("require_login_for_products"),
    ]

    class Meta:
        verbose_name = _("门户设置")

    @property
    def brand_colours(self):
        return {"primary": self.brand_primary, "secondary": self.brand_secondary, "accent": self.brand_accent}


class WorkdayOverride(models.Model):
    """One day whose working status differs from what chinese-calendar (or, past its data, Mon–Fri) says:
    a 调休 Saturday (is_workday=True) or a holiday (False). Editors enter next year's 国务院 schedule here."""

    date = models.DateField(_("日期"), unique=True)
    is_workday = models.BooleanField(_("是否工作日"), help_text=_("勾选表示当天上班（调休），不勾选表示放假。"))
    note = models.CharField(_("说明"), max_length=60, blank=True, help_text=_("如：国庆节、春节调休"))

    class Meta:
        ordering = ["date"]
        verbose_name = _("工作日调整")
        verbose_name_plural = _("工作日调整")

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {'上班' if self.is_workday else '放假'}"


class LifecycleEvent(models.Model):
    """One step in the life of an item that has a status (a loan application, a consultation, a board post,
    a complaint): who, when, which action, from → to, note. Written only by ``core.lifecycle``.

    ``submission_key`` comes from the form that asked for the step: a second post of the same form (a double
    click, a reload) finds its key here and changes nothing. ``data`` holds what the step decided besides
    the status (credit amount, refusal reason, rating, extended deadline).
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("content_type", "object_id")
    action = models.CharField(_("操作"), max_length=30)
    from_status = models.CharField(_("原状态"), max_length=20, blank=True)
    to_status = models.CharField(_("新状态"), max_length=20)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("操作人"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")
    note = models.TextField(_("说明"), blank=True)
    data = models.JSONField(_("数据"), default=dict, blank=True)
    submission_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    created_at = models.DateTimeField(_("时间"), default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["content_type", "object_id", "created_at", "id"],
                                name="lifecycle_history_idx")]
        verbose_name = _("状态记录")
        verbose_name_plural = _("状态记录")

    def __str__(self):
        return f"{self.action}: {self.from_status} → {self.to_status}"

    def _status_label(self, value):
        model = ContentType.objects.get_for_id(self.content_type_id).model_class()
        if not value or model is None:
            return value
        return dict(model._meta.get_field("status").flatchoices).get(value, value)

    def get_from_status_display(self):
        return self._status_label(self.from_status)

    def get_to_status_display(self):
        return self._status_label(self.to_status)

    def get_action_display(self):
        from core.lifecycle import action_label

        return action_label(ContentType.objects.get_for_id(self.content_type_id).model_class(), self.action)
