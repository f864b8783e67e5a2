"""Demo home page, channels' rights and accounts (used by seed_demo)."""

from django.contrib.auth import get_user_model
from wagtail.models import Page, Site

from core.channels import collection_named, setup_department_channel
from demo.images import demo_image
from home.models import HomeBanner, HomePage
from members.models import AccountCategory

DEMO_PASSWORD = "Portal#2026"

SERVICE_CARDS = [
    ("loan", "我要贷款", "按企业情况智能匹配贷款产品", "/market/match/"),
    ("bank", "金融超市", "各银行贷款产品一站浏览", "/market/"),
    ("policy", "惠企政策", "国家、省、市各级扶持政策", "/policies/"),
    ("register", "企业注册", "统一社会信用代码注册", "/accounts/register/"),
    ("consult", "在线咨询", "向金融机构和平台提问", "/consult/"),
    ("data", "数据概览", "平台对接成效实时统计", "/data/"),
]

QUICK_LINKS = [
    ("市人民政府", "https://www.example.gov.cn/"),
    ("政务服务网", "https://zwfw.example.gov.cn/"),
    ("信用中国", "https://www.creditchina.gov.cn/"),
    ("中国人民银行", "http://www.pbc.gov.cn/"),
]


def ensure_home_page():
    """Put a HomePage at the root of the default site, replacing Wagtail's welcome page."""
    home = HomePage.objects.first()
    if home:
        return home
    root = Page.get_first_root_node()
    home = HomePage(
        title="首页",
        slug="portal-home",
        seo_title="融资服务门户",
        search_description="中小企业融资服务门户：贷款产品、惠企政策、银企对接。",
    )
    root.add_child(instance=home)
    home.save_revision().publish()
    site = Site.objects.filter(is_default_site=True).first()
    if site:
        old_root = site.root_page
        site.root_page = home
        site.site_name = "融资服务门户"
        site.save()
        if old_root.specific_class is Page and old_root.depth == 2:
            old_root.delete()  # Wagtail's "Welcome to your new Wagtail site!" page
    else:
        Site.objects.create(
            hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="融资服务门户"
        )
    return home


def seed_home(home, collection):
    if not home.banners.exists():
        banners = [
            ("银企对接 助力发展", "线上申请，银行限时受理", ((166, 27, 27), (31, 78, 121))),
            ("惠企政策一站通", "政策、解读、申报入口集中发布", ((31, 78, 121), (200, 145, 46))),
        ]
        for n, (title, caption, colours) in enumerate(banners):
            image = demo_image(
                f"首页轮播{n + 1}", f"轮播图：{title}", collection, size=(1200, 360), colours=colours, seed=n + 20
            )
            HomeBanner.objects.create(
                page=home, sort_order=n, image=image, title=title, caption=caption, link_url=SERVICE_CARDS[n][3]
            )
    if not home.service_cards:
        home.service_cards = [
            ("card", {"icon": icon, "title": title, "intro": intro, "link": {"page": None, "url": url}})
            for icon, title, intro, url in SERVICE_CARDS
        ]
        home.quick_links = [("link", {"title": title, "url": url}) for title, url in QUICK_LINKS]
        home.save_revision().publish()
    elif not any(block.value["link"]["url"] == "/data/" for block in home.service_cards):
        # sites seeded before /data/ existed had 融资需求 in its place
        icon, title, intro, url = SERVICE_CARDS[-1]
        cards = [("card", block.value) for block in home.service_cards
                 if block.value["link"]["url"] != "/market/needs/"]
        home.service_cards = cards[:5] + [("card", {"icon": icon, "title": title, "intro": intro,
                                                    "link": {"page": None, "url": url}})]
        home.save_revision().publish()


def seed_accounts(channels):
    """One superuser and, per department, an author and a reviewer. Returns [(role, username)]."""
    User = get_user_model()
    accounts = []
    admin = User.objects.filter(username="admin").first()
    if admin is None:
        User.objects.create_superuser(
            "admin",
            "admin@portal.example.cn",
            DEMO_PASSWORD,
            first_name="平台管理员",
            category=AccountCategory.PLATFORM,
        )
    accounts.append(("平台一级管理员", "admin"))
    for department, (code, channel) in channels.items():
        for role, group in (("editor", channel.authors), ("reviewer", channel.reviewers)):
            username = f"{code}_{role}"
            user = User.objects.filter(username=username).first()
            if user is None:
                user = User.objects.create_user(
                    username,
                    f"{username}@portal.example.cn",
                    DEMO_PASSWORD,
                    first_name=f"{department}{'编辑' if role == 'editor' else '审核员'}",
                    category=AccountCategory.DEPARTMENT,
                )
            user.groups.add(group)
            accounts.append((f"{department}{'编辑' if role == 'editor' else '审核员'}", username))
    return accounts


def seed_site_rights(department_pages, departments):
    """Each department's groups, collection and workflow on its sub-channels; returns {dept: (code, Channel)}."""
    channels = {}
    for department, code, *_ in departments:
        pages = department_pages[department]
        channel = None
        for page in pages:
            channel = setup_department_channel(department, page)
        channels[department] = (code, channel)
    return channels


def public_collection():
    return collection_named("门户公共")
