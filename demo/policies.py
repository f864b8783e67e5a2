"""Demo channels and content for news, policies, cases and static pages (used by seed_demo)."""

import datetime
import random

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from wagtail.models import Page
from wagtail.search import index
from wagtail.search.backends import get_search_backends

from demo.images import demo_image
from policies.models import (
    CaseIndexPage,
    CasePage,
    DisclosureCataloguePage,
    NewsCategory,
    NewsIndexPage,
    NewsPage,
    PolicyIndexPage,
    PolicyLevel,
    PolicyPage,
    PolicyType,
    StandardPage,
)

DEPARTMENTS = [
    # (department, short code, news sub-channel, policy sub-channel)
    ("人民银行", "pbc", "人民银行动态", "人民银行政策"),
    ("发改委", "ndrc", "发改委动态", "发改委政策"),
    ("经信委", "miit", "经信委动态", "经信委政策"),
    ("金融办", "fin", "金融办动态", "金融办政策"),
]

NEWS = [
    ("关于开展2026年小微企业金融服务宣传月活动的通知", NewsCategory.NOTICE, "人民银行动态"),
    ("融资服务门户平台使用培训会顺利召开", NewsCategory.WORK, "金融办动态"),
    ("市发改委召开重点项目银企对接会，现场签约金额超12亿元", NewsCategory.ACTIVITY, "发改委动态"),
    ("人民银行市分行推动普惠小微贷款增量扩面", NewsCategory.WORK, "人民银行动态"),
    ("工商银行推出“科创快贷”支持科技型中小企业", NewsCategory.BANK, None),
    ("经信委发布2026年度专精特新中小企业培育名单", NewsCategory.NOTICE, "经信委动态"),
    ("农村商业银行开展“金融服务进园区”活动", NewsCategory.BANK, None),
    ("关于征集2026年第二批重点支持企业融资需求的通知", NewsCategory.NOTICE, "经信委动态"),
    ("全市中小企业贷款余额同比增长11.3%", NewsCategory.INDUSTRY, "人民银行动态"),
    ("金融办组织开展地方金融组织风险排查", NewsCategory.WORK, "金融办动态"),
    ("首贷服务中心累计帮助326家企业获得首笔贷款", NewsCategory.WORK, "人民银行动态"),
    ("建设银行“善新贷”助力外贸企业稳订单", NewsCategory.BANK, None),
]

POLICIES = [
    (
        "关于进一步加强小微企业金融服务的指导意见",
        "银发〔2026〕18号",
        "中国人民银行",
        PolicyLevel.NATIONAL,
        PolicyType.FINANCE,
        ["小微企业", "普惠金融"],
        "人民银行政策",
    ),
    (
        "中小企业贷款担保风险补偿资金管理办法",
        "财金〔2026〕7号",
        "市财政局",
        PolicyLevel.MUNICIPAL,
        PolicyType.SUBSIDY,
        ["担保", "风险补偿"],
        "金融办政策",
    ),
    (
        "关于支持科技型中小企业知识产权质押融资的若干措施",
        "发改财金〔2026〕45号",
        "市发展和改革委员会",
        PolicyLevel.MUNICIPAL,
        PolicyType.INNOVATION,
        ["科技", "知识产权质押"],
        "发改委政策",
    ),
    (
        "小型微利企业所得税优惠政策执行口径",
        "财税〔2026〕12号",
        "国家税务总局",
        PolicyLevel.NATIONAL,
        PolicyType.TAX,
        ["税收优惠", "小微企业"],
        None,
    ),
    (
        "专精特新中小企业培育资金申报指南",
        "经信中小〔2026〕9号",
        "市经济和信息化委员会",
        PolicyLevel.MUNICIPAL,
        PolicyType.INDUSTRY,
        ["专精特新", "资金补助"],
        "经信委政策",
    ),
    (
        "关于做好首贷续贷中心建设工作的通知",
        "银办发〔2026〕33号",
        "中国人民银行",
        PolicyLevel.NATIONAL,
        PolicyType.FINANCE,
        ["首贷", "续贷"],
        "人民银行政策",
    ),
    (
        "省级制造业中小企业技术改造贴息办法",
        "皖经信〔2026〕21号",
        "省经济和信息化厅",
        PolicyLevel.PROVINCIAL,
        PolicyType.SUBSIDY,
        ["技术改造", "贴息"],
        "经信委政策",
    ),
    (
        "区县级创业担保贷款实施细则",
        "区人社〔2026〕5号",
        "区人力资源和社会保障局",
        PolicyLevel.COUNTY,
        PolicyType.FINANCE,
        ["创业担保贷款"],
        None,
    ),
    (
        "关于促进供应链金融规范发展的实施意见",
        "金办〔2026〕14号",
        "市地方金融监督管理局",
        PolicyLevel.MUNICIPAL,
        PolicyType.FINANCE,
        ["供应链金融", "应收账款"],
        "金融办政策",
    ),
    (
        "高新技术企业研发费用加计扣除政策解读",
        "税总〔2026〕30号",
        "国家税务总局",
        PolicyLevel.NATIONAL,
        PolicyType.TAX,
        ["研发费用", "科技"],
        None,
    ),
]

CASES = [
    ("某精密机械公司凭订单获得信用贷款500万元", "工商银行", 500),
    ("农业合作社通过“乡村振兴贷”解决春耕资金", "农村商业银行", 120),
    ("科技企业以专利质押获得首笔贷款", "建设银行", 300),
    ("外贸企业借助政府性融资担保降低融资成本", "市融资担保公司", 800),
]

STATIC_PAGES = [
    (
        "平台介绍",
        "platform",
        "融资服务门户由人民银行市分行牵头，会同发改委、经信委、金融办共同建设，按照“政府搭台、市场运作、银企双赢”的原则，为中小企业提供融资对接服务。",
    ),
    ("核心产业扶持", "core-industries", "介绍本市重点产业链及对应的金融支持政策、专项资金和服务机构。"),
    ("金融行业协会", "association", "金融行业协会简介、会员单位和行业自律公约。"),
    ("使用指南", "guide", "企业注册、认证、匹配贷款产品、提交申请和跟踪进度的操作说明。"),
    ("宣传教育培训", "training", "金融知识普及、政策宣讲和银企对接培训活动的安排与资料。"),
    ("投诉信访及意见建议", "complaints-guide", "投诉、信访和意见建议的受理范围、流程和时限。"),
]


def _paragraphs(*texts):
    return [("paragraph", f"<p>{text}</p>") for text in texts]


def _child(parent, model, slug, **fields):
    """Return the live child with ``slug``, creating and publishing it if missing (idempotent)."""
    existing = parent.get_children().filter(slug=slug).first()
    if existing:
        return existing.specific
    page = model(slug=slug, **fields)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def seed_channels(home):
    """The top-level channels and each department's sub-channels; returns {department: [pages]}."""
    news = _child(home, NewsIndexPage, "news", title="新闻动态", show_in_menus=True)
    policies = _child(home, PolicyIndexPage, "policies", title="政策法规", show_in_menus=True)
    _child(home, CaseIndexPage, "cases", title="融资案例", show_in_menus=True)
    department_pages = {}
    for department, code, news_title, policy_title in DEPARTMENTS:
        department_pages[department] = [
            _child(news, NewsIndexPage, f"{code}-news", title=news_title),
            _child(policies, PolicyIndexPage, f"{code}-policies", title=policy_title),
        ]
    for title, slug, summary in STATIC_PAGES:
        _child(
            home,
            StandardPage,
            slug,
            title=title,
            summary=summary,
            show_in_menus=slug == "platform",
            body=_paragraphs(summary),
        )
    return department_pages


def seed_content(home, collection=None):
    news_index = home.get_children().get(slug="news").specific
    policy_index = home.get_children().get(slug="policies").specific
    case_index = home.get_children().get(slug="cases").specific
    sub = {p.title: p for p in Page.objects.descendant_of(home).type(NewsIndexPage, PolicyIndexPage)}
    heavy = demo_image(
        "园区全景（高清大图）", "工业园区全景航拍，厂房整齐排列", collection, size=(2400, 1300), seed=7,
        colours=((31, 78, 121), (200, 145, 46))
    )
    covers = [
        demo_image(f"新闻配图{i}", alt, collection, size=(800, 500), seed=i, colours=colours)
        for i, (alt, colours) in enumerate(
            [
                ("银企对接会现场，企业代表与银行客户经理交流", ((166, 27, 27), (200, 145, 46))),
                ("培训会场，工作人员讲解平台操作", ((31, 78, 121), (245, 246, 247))),
                ("企业车间生产线", ((200, 145, 46), (31, 78, 121))),
            ],
            start=1,
        )
    ]
    # dated up to yesterday, whenever the demo is built: a notice dated in the future reads as an error
    today = timezone.localdate() - datetime.timedelta(days=1)
    for n, (title, category, channel) in enumerate(NEWS):
        parent = sub.get(channel, news_index) if channel else news_index
        _child(
            parent,
            NewsPage,
            f"news-{n + 1}",
            title=title,
            category=category,
            date=today - datetime.timedelta(days=n * 3),
            is_pinned=n == 0,
            source=channel or "会员银行",
            summary=f"{title}。本文介绍相关工作的背景、主要内容和下一步安排。",
            cover_image=covers[n % len(covers)] if n % 2 == 0 else None,
            body=_paragraphs(
                f"{title}。",
                "为深入贯彻落实金融支持实体经济的决策部署，进一步缓解中小企业融资难、融资贵问题，"
                "各相关部门和金融机构密切配合，取得积极成效。",
            )
            + ([("image", {"image": heavy, "alt_text": "", "caption": "点击图片查看大图"})] if n == 1 else [])
            + (
                [
                    (
                        "gallery",
                        {"layout": "row", "images": [{"image": c, "alt_text": "", "caption": ""} for c in covers]},
                    )
                ]
                if n == 2
                else []
            ),
        )
    for n, (title, number, authority, level, ptype, tags, channel) in enumerate(POLICIES):
        parent = sub.get(channel, policy_index) if channel else policy_index
        page = _child(
            parent,
            PolicyPage,
            f"policy-{n + 1}",
            title=title,
            document_number=number,
            issuing_authority=authority,
            level=level,
            policy_type=ptype,
            date=today - datetime.timedelta(days=n * 11),
            issue_date=today - datetime.timedelta(days=n * 11 + 5),
            effective_date=today - datetime.timedelta(days=n * 11 - 30),
            is_pinned=n == 2,
            source=authority,
            summary=f"{authority}印发《{title}》，对相关工作作出部署。",
            apply_url="https://zwfw.example.gov.cn/apply" if n % 3 == 0 else "",
            body=_paragraphs(
                f"各有关单位：现将《{title}》印发给你们，请认真贯彻执行。", "一、总体要求。二、主要措施。三、保障措施。"
            ),
            interpretation=_paragraphs(f"《{title}》的出台背景、主要内容和适用对象解读。"),
        )
        if not page.tags.exists():
            page.tags.add(*tags)
            page.save_revision().publish()
    for n, (title, institution, amount) in enumerate(CASES):
        _child(
            case_index,
            CasePage,
            f"case-{n + 1}",
            title=title,
            institution_name=institution,
            loan_amount_wan=amount,
            date=today - datetime.timedelta(days=n * 20),
            summary=f"{institution}为企业提供{amount}万元融资支持。",
            body=_paragraphs(f"{title}。"),
        )


BULK_BATCH = 1000


def seed_bulk(news_index, policy_index, scale):
    """Many plain pages for benchmarks: ``scale`` × 1,000 policies and news, idempotent.

    Fast path (no revisions, no per-page signals): each batch of 1,000 pages is written with a few
    multi-row INSERTs, its tree paths computed here, and indexed for search in bulk, in one transaction.
    """
    target = scale * 1000
    existing = Page.objects.filter(slug__startswith="bulk-").count()
    for first in range(existing, target, BULK_BATCH):
        with transaction.atomic():
            pages = [bulk_page(n, news_index, policy_index) for n in range(first, min(first + BULK_BATCH, target))]
            for parent in (news_index, policy_index):
                children = [page for page, page_parent in pages if page_parent is parent]
                if children:
                    _insert_children(Page.objects.get(pk=parent.pk), children)


BULK_SUBJECTS = [
    "小微企业", "科技创新", "绿色金融", "乡村振兴", "外贸", "制造业", "供应链", "普惠金融", "首贷", "民营经济",
    "专精特新", "个体工商户", "农业产业化", "文化旅游", "跨境电商", "新能源汽车", "生物医药", "数字经济",
    "物流仓储", "高新技术企业", "创业担保", "养老服务", "住房租赁", "知识产权", "现代服务业", "集成电路",
    "新型储能", "预制菜", "粮食收储", "技术改造",
]
BULK_KINDS = [
    "贷款贴息", "风险补偿", "融资担保", "信用贷款", "税收优惠", "专项资金", "应收账款融资", "中长期贷款",
    "续贷服务", "保险补贴", "股权投资", "债券融资", "银企对接", "信用评价", "降费让利", "奖补资金",
]
BULK_FORMS = ["的实施办法", "的通知", "工作方案", "的若干措施", "实施细则", "的指导意见", "管理办法", "工作动态"]
BULK_PLACES = ["", "", "", "市", "高新区", "经开区", "东城区", "西城区", "南湖县", "北山县"]
BULK_SENTENCES = [
    "为支持{s}发展，落实{k}政策，现就有关事项通知如下。",
    "各金融机构要加大对{s}的支持力度，{k}申请材料应于每季度末前报送。",
    "{k}资金由市财政统筹安排，实行专款专用。",
    "符合条件的{s}主体可通过融资服务门户在线提交申请。",
    "对上一年度表现突出的单位给予通报表扬。",
    "会议要求，进一步优化营商环境，降低企业综合融资成本。",
    "有关部门将定期开展督导检查，确保政策落到实处。",
    "本办法自印发之日起施行，有效期三年。",
    "银行业机构要建立尽职免责机制，提高{s}不良容忍度。",
    "{p}将{k}纳入年度考核，按季度通报进展。",
    "申报单位应当如实填报，弄虚作假的取消资格。",
    "活动期间共发放宣传资料两千余份，现场解答企业咨询百余次。",
    "鼓励担保机构为{s}提供增信服务，担保费率不高于百分之一。",
    "贷款期限原则上不超过三年，利率参照贷款市场报价利率执行。",
    "对首次获得银行贷款的企业，按实际发生额给予一定比例奖励。",
    "各区县应于本月底前完成名单推荐工作。",
    "联系人及电话详见附件。",
    "下一步，将继续深化银企合作，扩大信贷投放覆盖面。",
]


def bulk_values(n):
    """The fields of bulk page ``n`` (deterministic): (model, Page fields, the model's own fields, body sentences).
    Titles and bodies are drawn from word pools, so a one-word query matches a realistic few per cent of the corpus
    and the broadest ones (贷款, 企业) a third or more. Shared by :func:`bulk_page` and demo.search_corpus."""
    rng = random.Random(n)
    subject, kind = rng.choice(BULK_SUBJECTS), rng.choice(BULK_KINDS)
    place = rng.choice(BULK_PLACES)
    title = f"{place}关于{subject}{kind}{rng.choice(BULK_FORMS)}（第{n + 1}号）"
    sentences = [t.format(s=subject, k=kind, p=place or "市") for t in rng.sample(BULK_SENTENCES, rng.randint(2, 5))]
    page = {"title": title, "draft_title": title, "slug": f"bulk-{n + 1}", "live": True}
    fields = {
        "date": datetime.date(2020, 1, 1) + datetime.timedelta(days=n % 2500),
        "summary": f"{place}{subject}{kind}相关内容摘要。",
    }
    if n % 2 == 0:
        fields.update(
            issuing_authority=["中国人民银行", "市发展和改革委员会", "市财政局"][n % 3],
            document_number=f"示例〔{2020 + n % 7}〕{n + 1}号",
            level=list(PolicyLevel.values)[n % 4],
            policy_type=list(PolicyType.values)[n % 5],
        )
        return PolicyPage, page, fields, sentences
    return NewsPage, page, {**fields, "category": NewsCategory.values[n % 5]}, sentences


def bulk_body_html(sentences):
    return "".join(f"<p>{sentence}</p>" for sentence in sentences)


def bulk_page(n, news_index, policy_index):
    """Bulk page ``n`` (:func:`bulk_values`), unsaved, with the index it goes under."""
    model, page, fields, sentences = bulk_values(n)
    obj = model(**page, **fields, body=[("paragraph", bulk_body_html(sentences))])
    return obj, policy_index if model is PolicyPage else news_index


def _insert_children(parent, children):
    """Append ``children`` (unsaved specific pages of one model) under ``parent`` and index them."""
    model = type(children[0])
    last = parent.get_last_child()
    step = Page._str2int(last.path[-Page.steplen :]) if last else 0
    now = timezone.now()
    content_type = ContentType.objects.get_for_model(model)
    for offset, page in enumerate(children, start=1):
        page.path = Page._get_path(parent.path, parent.depth + 1, step + offset)
        page.depth = parent.depth + 1
        page.url_path = f"{parent.url_path}{page.slug}/"
        page.locale_id = parent.locale_id
        page.content_type = content_type
        page.first_published_at = page.last_published_at = now
    base_fields = [f for f in Page._meta.concrete_fields if not f.primary_key]
    rows = Page.objects.bulk_create([Page(**{f.attname: getattr(p, f.attname) for f in base_fields}) for p in children])
    for page, row in zip(children, rows, strict=True):
        page.pk = page.page_ptr_id = row.pk
    child_fields = model._meta.local_concrete_fields
    for start in range(0, len(children), 200):
        model._base_manager._insert(children[start : start + 200], fields=child_fields)
    Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + len(children))
    indexed = model.get_indexed_objects().filter(pk__in=[p.pk for p in children])
    for field in model.get_search_fields():
        if isinstance(field, index.RelatedFields):
            indexed = field.select_on_queryset(indexed)
    objects = list(indexed)
    for backend in get_search_backends():
        backend.add_bulk(model, objects)


DISCLOSURE_GUIDE = (
    "为便于公民、法人和其他组织获取政府信息，根据《中华人民共和国政府信息公开条例》，编制本指南。",
    "一、主动公开：本平台主动公开金融支持政策、工作动态、通知公告等信息，公开形式包括门户网站、政务新媒体和办事窗口。"
    "信息形成或变更之日起20个工作日内予以公开。",
    "二、依申请公开：申请人可通过在线咨询、信函或当面提交政府信息公开申请，写明申请人姓名或名称、联系方式、"
    "所需信息的名称或文号等。能够当场答复的当场答复；不能当场答复的，自收到申请之日起20个工作日内答复。",
    "三、受理机构：中国人民银行市分行办公室，联系电话见页脚“联系我们”。",
    "四、监督方式：申请人认为本机关在政府信息公开工作中侵犯其合法权益的，可以向上一级主管部门投诉、举报，"
    "也可以依法申请行政复议或者提起行政诉讼。",
)

ANNUAL_REPORT = (
    "本报告根据《中华人民共和国政府信息公开条例》要求编制，所列数据统计期限自2025年1月1日至2025年12月31日。",
    "一、总体情况：全年通过融资服务门户主动公开政策文件46件、工作动态218条，发布融资案例32个；"
    "政务新媒体发布信息365条。",
    "二、主动公开政府信息情况：规章和规范性文件制发数量12件，现行有效54件。",
    "三、收到和处理政府信息公开申请情况：全年收到申请9件，均已按期答复，其中予以公开7件、部分公开1件、"
    "信息不存在1件。",
    "四、政府信息公开行政复议、行政诉讼情况：无。",
    "五、存在的主要问题及改进情况：部分栏目更新频率有待提高，下一步将完善栏目更新提醒机制。",
)


def seed_disclosure(home):
    """政府信息公开 (issue 19): the section with its 指南, 目录 and 年报, linked from the footer, and the
    政务新媒体 accounts of the site settings (an admin's own values are kept)."""
    from wagtail.models import Site

    from core.models import PortalSettings

    section = _child(home, StandardPage, "disclosure", title="政府信息公开",
                     summary="政府信息公开指南、政府信息公开目录和政府信息公开工作年度报告。",
                     body=_paragraphs("本栏目依据《中华人民共和国政府信息公开条例》设立，"
                                      "公开本平台主办单位的政府信息公开指南、目录和年度报告。"))
    _child(section, StandardPage, "guide", title="政府信息公开指南",
           summary="主动公开和依申请公开的范围、方式、时限和受理机构。", body=_paragraphs(*DISCLOSURE_GUIDE))
    _child(section, DisclosureCataloguePage, "catalogue", title="政府信息公开目录",
           intro="按索引号列出本平台主动公开的政策文件，可按年份和分类筛选。")
    reports = _child(section, StandardPage, "annual-reports", title="政府信息公开工作年度报告",
                     summary="历年政府信息公开工作年度报告。",
                     body=_paragraphs("每年1月31日前发布上一年度的政府信息公开工作年度报告。"))
    _child(reports, StandardPage, "2025", title="2025年政府信息公开工作年度报告",
           summary="2025年度政府信息公开工作情况。", body=_paragraphs(*ANNUAL_REPORT))
    settings = PortalSettings.for_site(Site.objects.get(is_default_site=True))
    if settings.disclosure_page_id is None:
        settings.disclosure_page = section
    if not settings.new_media:
        settings.new_media = [
            ("account", {"platform": "wechat", "name": "融资服务门户", "url": "", "qr_code": None}),
            ("account", {"platform": "weibo", "name": "人民银行市分行", "url": "https://weibo.com/", "qr_code": None}),
        ]
    settings.save()
    return section


IN_REVIEW_TITLE = "人民银行召开小微企业金融服务推进会"


def seed_page_in_review():
    """A 人民银行 news item its editor has written and submitted for review, not yet published: it waits in
    人民银行's 本部门待审核的页面 and its reviewer's queue (issue 18). Once (by title)."""
    from django.contrib.auth import get_user_model

    editor = get_user_model().objects.filter(username="pbc_editor").first()
    channel = NewsIndexPage.objects.filter(slug="pbc-news").first()
    if editor is None or channel is None or NewsPage.objects.filter(title=IN_REVIEW_TITLE).exists():
        return
    page = NewsPage(title=IN_REVIEW_TITLE, draft_title=IN_REVIEW_TITLE, slug="pbc-review-demo",
                    date=timezone.localdate(), category=NewsCategory.values[0], live=False,
                    summary="推进会部署了提高小微企业首贷率、续贷率的具体措施。",
                    body=_paragraphs("推进会部署了提高小微企业首贷率、续贷率的具体措施，要求各金融机构按时报送反馈通知书。"),
                    owner=editor)
    channel.add_child(instance=page)
    page.save_revision(user=editor)
    workflow = page.get_workflow()
    if workflow is not None:
        workflow.start(page, editor)
