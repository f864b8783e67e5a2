"""The home page (首页) and its landing blocks (F-HOME)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page

from consultations.queries import latest_requests
from core.fragments import cached
from core.pages import SeoMixin
from finance_market.queries import newest_products, pinned_products
from home.blocks import QuickLinkBlock, ServiceCardBlock
from policies.queries import latest_news, latest_notices, latest_policies

VIDEO_TYPES = {"mp4": "video/mp4", "webm": "video/webm"}  # what every browser here plays without a plug-in


class HomePage(SeoMixin, Page):
    welcome = models.CharField(_("欢迎语"), max_length=120, blank=True,
                               default="政府搭台 · 市场运作 · 银企双赢")
    service_cards = StreamField([("card", ServiceCardBlock())], verbose_name=_("服务入口"), blank=True)
    quick_links = StreamField([("link", QuickLinkBlock())], verbose_name=_("快捷链接"), blank=True)
    # F-HOME-7's promotional video, self-hosted as a Wagtail document: outside players are blocked by the CSP
    # (media-src 'self') and unreachable from government networks.
    promo_video_title = models.CharField(_("视频标题"), max_length=60, blank=True)
    promo_video = models.ForeignKey(
        "wagtaildocs.Document", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("视频文件"), help_text=_("MP4（H.264）或 WebM 文件，放在公开的文档集中。"))
    promo_video_poster = models.ForeignKey(
        "site_portal.PortalImage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("封面图片"), help_text=_("播放前显示，建议 16:9。"))
    promo_video_captions = models.ForeignKey(
        "wagtaildocs.Document", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("字幕文件"), help_text=_("WebVTT（.vtt）格式的中文字幕，供听障用户使用。"))

    max_count = 1
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "policies.NewsIndexPage", "policies.PolicyIndexPage", "policies.CaseIndexPage",
        "policies.StandardPage", "finance_market.BankIndexPage",
        "enterprise_list.ProjectIndexPage", "enterprise_list.EnterpriseListIndexPage",
    ]

    content_panels = Page.content_panels + [
        FieldPanel("welcome"),
        InlinePanel("banners", label=_("轮播图"), max_num=6),
        FieldPanel("service_cards"),
        FieldPanel("quick_links"),
        MultiFieldPanel([
            FieldPanel("promo_video_title"), FieldPanel("promo_video"),
            FieldPanel("promo_video_poster"), FieldPanel("promo_video_captions"),
        ], heading=_("宣传视频")),
    ]

    class Meta:
        verbose_name = _("首页")

    def clean(self):
        super().clean()
        errors = {}
        if self.promo_video_id:
            if not _document_is(self.promo_video, VIDEO_TYPES):
                errors["promo_video"] = _("宣传视频必须是 MP4 或 WebM 格式的视频文件。")
            elif not _publicly_served(self.promo_video):
                errors["promo_video"] = _("该视频在不公开的文档集中，访客无法播放，请换一个公开的文件。")
            if not self.promo_video_title.strip():
                errors["promo_video_title"] = _("请填写视频标题（它也是播放器的名称，供读屏软件朗读）。")
        if self.promo_video_captions_id:
            if not _document_is(self.promo_video_captions, {"vtt"}):
                errors["promo_video_captions"] = _("字幕必须是 WebVTT（.vtt）格式的文件。")
            elif not _publicly_served(self.promo_video_captions):
                errors["promo_video_captions"] = _("该字幕在不公开的文档集中，访客无法读取，请换一个公开的文件。")
        if errors:
            raise ValidationError(errors)

    def promo(self):
        """What the 宣传视频 section shows, or None: no video, or a file anonymous visitors could not fetch
        (its collection was made private after publishing), so the section is left out rather than broken."""
        from core.uploads import extension_of  # imports Wagtail's forms: not at model loading

        video = self.promo_video
        if video is None or extension_of(video.filename) not in VIDEO_TYPES or not _publicly_served(video):
            return None
        captions = self.promo_video_captions
        if captions is not None and not _publicly_served(captions):
            captions = None
        return {
            "title": self.promo_video_title, "video": video, "type": VIDEO_TYPES[extension_of(video.filename)],
            "poster": self.promo_video_poster, "captions": captions,
        }

    def get_context(self, request, *args, **kwargs):
        from reports.overview import home_counters

        context = super().get_context(request, *args, **kwargs)
        lists = self.content_lists()
        context.update(
            counters=home_counters(),  # F-HOME-7: one cache read
            promo=self.promo(),
            requests=latest_requests(5),
            activity=latest_activity(lists["news"], lists["policies"], lists["newest_products"]),
            **lists,
        )
        return context

    def content_lists(self):
        """The banners and the newest policies, news, notices and products: pages and images only, so they are
        kept until content changes (core/fragments.py), 7 queries and their model building saved per view."""
        return cached(f"home-lists:{self.pk}", lambda: {
            "banners": list(self.banners.select_related("image", "link_page")),
            "policies": list(latest_policies(3)),
            "news": list(latest_news(6)),
            "notices": list(latest_notices(6)),
            "products": pinned_products(3),
            "newest_products": newest_products(3),
        })


def latest_activity(news, policies, products, limit=6):
    """最新动态 (the ticker under the banner): news, policies and new products together, newest first."""
    entries = [(_("新闻"), item, item.date) for item in news]
    entries += [(_("政策"), item, item.date) for item in policies]
    entries += [(_("新产品"), item, timezone.localdate(item.first_published_at))
                for item in products]
    entries.sort(key=lambda entry: (entry[2], entry[1].pk), reverse=True)
    return [{"kind": kind, "page": page, "date": date} for kind, page, date in entries[:limit]]


def _document_is(document, extensions):
    """The document's name has one of ``extensions`` and its first bytes agree (upload hygiene again: files
    stored before the signature check, or by other routes, are not trusted on their name alone)."""
    from core.uploads import content_matches, extension_of  # imports Wagtail's forms: not at model loading

    extension = extension_of(document.filename)
    if extension not in extensions:
        return False
    try:
        with document.file.open("rb") as stored:
            return content_matches(stored, extension)
    except (OSError, ValueError):  # missing from storage
        return False


def _publicly_served(document):
    """Wagtail's /documents/ view serves this file to anonymous visitors (no view restriction on its collection)."""
    return not document.collection.get_view_restrictions().exists()


class HomeBanner(Orderable):
    page = ParentalKey(HomePage, on_delete=models.CASCADE, related_name="banners")
    image = models.ForeignKey("site_portal.PortalImage", on_delete=models.CASCADE, related_name="+",
                              verbose_name=_("图片"))
    title = models.CharField(_("标题"), max_length=60)
    caption = models.CharField(_("说明"), max_length=120, blank=True)
    link_page = models.ForeignKey("wagtailcore.Page", null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+", verbose_name=_("链接页面"))
    link_url = models.CharField(_("链接地址"), max_length=300, blank=True)

    panels = [
        FieldPanel("image"), FieldPanel("title"), FieldPanel("caption"),
        MultiFieldPanel([FieldPanel("link_page"), FieldPanel("link_url")], heading=_("链接")),
    ]

    @property
    def href(self):
        if self.link_page_id:
            return self.link_page.url
        return self.link_url
