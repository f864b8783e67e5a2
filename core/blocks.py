"""StreamField blocks shared by every content page."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock


class AccessibleImageBlock(blocks.StructBlock):
    """An image that always has alt text: the image's required description, or a contextual override."""

    image = ImageChooserBlock(label=_("图片"))
    alt_text = blocks.CharBlock(
        required=False, label=_("本处替代文字"),
        help_text=_("留空则使用图片库中填写的替代文字。"),
    )
    caption = blocks.CharBlock(required=False, label=_("图注"))

    class Meta:
        icon = "image"
        label = _("图片")
        template = "site_portal/blocks/image.html"


class GalleryBlock(blocks.StructBlock):
    """Several images in a row (same height) or a column (same width), 000 §3.5."""

    layout = blocks.ChoiceBlock(
        choices=[("row", _("横排（等高）")), ("column", _("竖排（等宽）"))],
        default="row", label=_("排列方式"),
    )
    images = blocks.ListBlock(AccessibleImageBlock(), min_num=2, label=_("图片"))

    class Meta:
        icon = "doc-full-inverse"
        label = _("图片组")
        template = "site_portal/blocks/gallery.html"


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("文件"))
    title = blocks.CharBlock(required=False, label=_("显示名称"))

    class Meta:
        icon = "doc-full"
        label = _("附件")
        template = "site_portal/blocks/document.html"


class BodyBlock(blocks.StreamBlock):
    heading = blocks.CharBlock(form_classname="title", icon="title", label=_("小标题"),
                               template="site_portal/blocks/heading.html")
    paragraph = blocks.RichTextBlock(label=_("正文"), features=[
        "h2", "h3", "h4", "bold", "italic", "ol", "ul", "hr", "link", "document-link", "image", "embed",
        "blockquote", "superscript", "subscript",
    ])
    image = AccessibleImageBlock()
    gallery = GalleryBlock()
    table = TableBlock(label=_("表格"), template="site_portal/blocks/table.html")
    document = DocumentBlock()
    video = EmbedBlock(label=_("视频"), help_text=_("粘贴视频网址"), icon="media")

    class Meta:
        label = _("正文内容")
