"""A fixed corpus of news, policies, cases and static pages for the search tests."""

import datetime

from policies.models import NewsCategory, PolicyType
from tests.factories import (
    CaseIndexPageFactory,
    CasePageFactory,
    NewsPageFactory,
    PolicyPageFactory,
    StandardPageFactory,
)

# slug: (title, summary, body, extra fields)
NEWS = {
    "n1": ("关于开展2026年小微企业金融服务宣传月活动的通知", "宣传月期间各银行走进园区。",
           "各金融机构要围绕小微企业融资需求开展宣传。", {"category": NewsCategory.NOTICE, "source": "人民银行"}),
    "n2": ("人民银行市分行推动普惠小微贷款增量扩面", "普惠小微贷款余额持续增长。",
           "引导金融机构加大对小微企业的信贷投放。", {"category": NewsCategory.WORK, "source": "人民银行"}),
    "n3": ("工商银行推出“科创快贷”支持科技型中小企业", "线上申请，最快当天放款。",
           "科创快贷面向高新技术企业和专精特新企业。", {"category": NewsCategory.BANK, "source": "工商银行"}),
    "n4": ("全市中小微企业贷款余额同比增长11.3%", "信贷结构持续优化。",
           "制造业中长期贷款增速较快。", {"category": NewsCategory.INDUSTRY, "source": "人民银行"}),
    "n5": ("首贷服务中心累计帮助326家企业获得首笔贷款", "首贷中心设在政务服务大厅。",
           "首贷户主要是成立不满三年的企业。", {"category": NewsCategory.WORK, "source": "金融办"}),
    "n6": ("建设银行“善新贷”助力外贸企业稳订单", "外贸企业可凭出口订单申请融资。",
           "善新贷额度最高一千万元。", {"category": NewsCategory.BANK, "source": "建设银行"}),
    "n7": ("市发改委召开重点项目银企对接会", "现场签约金额超12亿元。",
           "三十家银行与一百余家企业参加对接。", {"category": NewsCategory.ACTIVITY, "source": "发改委"}),
    "n8": ("金融办组织开展地方金融组织风险排查", "排查小额贷款公司和融资担保公司。",
           "重点检查违规经营和风险隐患。", {"category": NewsCategory.WORK, "source": "金融办"}),
    "n9": ("绿色金融支持新能源汽车产业链发展", "绿色信贷余额突破百亿元。",
           "银行为动力电池企业提供中长期资金。", {"category": NewsCategory.INDUSTRY, "source": "金融办"}),
    "n10": ("农村商业银行开展“金融服务进园区”活动", "送政策、送产品、送服务。",
            "活动覆盖全市十二个工业园区。", {"category": NewsCategory.BANK, "source": "农村商业银行"}),
    "n11": ("市政府召开常务会议研究部署近期重点工作", "会议听取了有关情况汇报。",
            "会议强调要抓好安全生产和民生保障。", {"category": NewsCategory.WORK, "source": "市政府"}),
    "n12": ("第十届文化旅游节开幕", "游客可凭门票参加各项活动。",
            "旅游节持续一个月。", {"category": NewsCategory.ACTIVITY, "source": "文旅局"}),
}

POLICIES = {
    "p1": ("关于进一步加强小微企业金融服务的指导意见", "中国人民银行", PolicyType.FINANCE,
           "提高普惠金融服务覆盖面，降低小微企业综合融资成本。"),
    "p2": ("中小企业贷款担保风险补偿资金管理办法", "市财政局", PolicyType.SUBSIDY,
           "对合作担保机构发生的代偿损失给予风险补偿。"),
    "p3": ("关于支持科技型中小企业知识产权质押融资的若干措施", "市发展和改革委员会", PolicyType.INNOVATION,
           "鼓励银行开展专利权、商标权质押贷款。"),
    "p4": ("小型微利企业所得税优惠政策执行口径", "国家税务总局", PolicyType.TAX,
           "符合条件的小型微利企业减按百分之二十五计入应纳税所得额，享受税收优惠。"),
    "p5": ("专精特新中小企业培育资金申报指南", "市经济和信息化委员会", PolicyType.INDUSTRY,
           "对认定的专精特新企业给予一次性奖励。"),
    "p6": ("关于做好首贷续贷中心建设工作的通知", "中国人民银行", PolicyType.FINANCE,
           "推广无还本续贷，提高首贷获得率。"),
    "p7": ("制造业中小企业技术改造贴息办法", "省经济和信息化厅", PolicyType.SUBSIDY,
           "对技术改造项目贷款给予贴息支持。"),
    "p8": ("创业担保贷款实施细则", "区人力资源和社会保障局", PolicyType.FINANCE,
           "个人创业担保贷款最高三十万元，财政给予贴息。"),
    "p9": ("关于促进供应链金融规范发展的实施意见", "市地方金融监督管理局", PolicyType.FINANCE,
           "支持核心企业确认应收账款，帮助上下游企业融资。"),
    "p10": ("高新技术企业研发费用加计扣除政策解读", "国家税务总局", PolicyType.TAX,
            "研发费用按实际发生额的百分之百在税前加计扣除。"),
    "p11": ("乡村振兴金融服务专项行动方案", "中国人民银行", PolicyType.FINANCE,
            "加大对新型农业经营主体的信贷支持。"),
    "p12": ("城市更新项目管理暂行办法", "市住房和城乡建设局", PolicyType.INDUSTRY,
            "规范城市更新项目的申报和实施。"),
}

CASES = {
    "c1": ("某精密机械公司凭订单获得信用贷款500万元", "工商银行", "企业无抵押物，凭订单和纳税记录获得授信。"),
    "c2": ("农业合作社通过“乡村振兴贷”解决春耕资金", "农村商业银行", "合作社用土地经营权抵押融资。"),
    "c3": ("科技企业以专利质押获得首笔贷款", "建设银行", "三项发明专利评估后获得三百万元授信。"),
    "c4": ("外贸企业借助政府性融资担保降低融资成本", "市融资担保公司", "担保费率降至百分之一。"),
    "c5": ("应收账款质押帮助供应商盘活资金", "工商银行", "供应商以对核心企业的应收账款出质。"),
}

PAGES = {
    "s1": ("平台介绍", "融资服务门户为中小企业提供融资对接服务。"),
    "s2": ("使用指南", "企业注册、认证、匹配金融产品、提交申请和跟踪进度的操作说明。"),
}


def paragraphs(*texts):
    return [("paragraph", f"<p>{text}</p>") for text in texts]


def build_corpus(home, news_index, policy_index):
    """Create the corpus under the given channels; returns {slug: page}."""
    pages = {}
    start = datetime.date(2026, 11, 20)
    for n, (slug, (title, summary, body, extra)) in enumerate(NEWS.items()):
        pages[slug] = NewsPageFactory(parent=news_index, slug=slug, title=title, summary=summary,
                                      body=paragraphs(body), date=start - datetime.timedelta(days=40 * n), **extra)
    for n, (slug, (title, authority, ptype, body)) in enumerate(POLICIES.items()):
        pages[slug] = PolicyPageFactory(parent=policy_index, slug=slug, title=title, issuing_authority=authority,
                                        policy_type=ptype, summary=f"{authority}印发《{title}》。",
                                        body=paragraphs(body), date=start - datetime.timedelta(days=50 * n))
    case_index = CaseIndexPageFactory(parent=home, slug="cases")
    for n, (slug, (title, institution, body)) in enumerate(CASES.items()):
        pages[slug] = CasePageFactory(
            parent=case_index, slug=slug, title=title, institution_name=institution, summary=body,
            body=paragraphs(body), date=start - datetime.timedelta(days=200 * n),
        )
    for slug, (title, body) in PAGES.items():
        pages[slug] = StandardPageFactory(parent=home, slug=slug, title=title, summary=body, body=paragraphs(body))
    return pages
