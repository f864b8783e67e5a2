from django.utils.translation import gettext_lazy as _
from wagtail import blocks


class LinkTargetBlock(blocks.StructBlock):
    """A link to a page of the site or to an outside address."""

    page = blocks.PageChooserBlock(required=False, label=_("站内页面"))
    url = blocks.CharBlock(required=False, label=_("链接地址"), help_text=_("不选站内页面时填写"))

    class Meta:
        icon = "link"


class ServiceCardBlock(blocks.StructBlock):
    """图标+标题+介绍 service entry (F-HOME-2)."""

    icon = blocks.ChoiceBlock(
        choices=[
            ("loan", _("贷款")), ("policy", _("政策")), ("bank", _("机构")), ("consult", _("咨询")),
            ("register", _("注册")), ("certify", _("认证")), ("data", _("数据")), ("guide", _("指南")),
        ],
        default="loan", label=_("图标"),
    )
    title = blocks.CharBlock(max_length=20, label=_("标题"))
    intro = blocks.CharBlock(max_length=60, required=False, label=_("介绍"))
    link = LinkTargetBlock(label=_("链接"))

    class Meta:
        icon = "placeholder"
        label = _("服务入口")


class QuickLinkBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=30, label=_("名称"))
    url = blocks.URLBlock(label=_("网址"))

    class Meta:
        icon = "link-external"
        label = _("快捷链接")
