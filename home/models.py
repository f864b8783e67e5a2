"""The home page (首页) and its landing blocks (F-HOME)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page

from finance_market.queries import pinned_products
from home.blocks import QuickLinkBlock, ServiceCardBlock
from policies.queries import latest_news, latest_notices, latest_policies
from site_portal.pages import SeoMixin


class HomePage(SeoMixin, Page):
    welcome = models.CharField(_("欢迎语"), max_length=120, blank=True,
                               default="政府搭台 · 市场运作 · 银企双赢")
    service_cards = StreamField([("card", ServiceCardBlock())], verbose_name=_("服务入口"), blank=True)
    quick_links = StreamField([("link", QuickLinkBlock())], verbose_name=_("快捷链接"), blank=True)

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
    ]

    class Meta:
        verbose_name = _("首页")

    def get_context(self, request, *args, **kwargs):
        from site_portal.statistics.overview import home_counters

        context = super().get_context(request, *args, **kwargs)
        context.update(
            counters=home_counters(),  # F-HOME-7: one cache read
            banners=self.banners.select_related("image", "link_page"),
            policies=latest_policies(3),
            products=pinned_products(3),
            news=latest_news(6),
            notices=latest_notices(6),
        )
        return context


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
