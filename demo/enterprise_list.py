"""Demo enterprise lists and projects for seed_demo (idempotent): channels, department rights, content."""

import datetime
from decimal import Decimal

from core.money import wan_to_yuan
from demo.members import uscc
from enterprise_list.models import (
    EnterpriseListIndexPage,
    EnterpriseListPage,
    EnterpriseListRow,
    ListingBoard,
    ListingPlan,
    ListingStage,
    ListType,
    ProjectIndexPage,
    ProjectPage,
    ProjectType,
)
from members import roles
from members.models import (
    CertificationStatus,
    DepartmentType,
    Enterprise,
    GovernmentDepartment,
    Industry,
    Region,
)

DEPARTMENTS = [("发改委", "ndrc", DepartmentType.NDRC), ("经信委", "miit", DepartmentType.MIIT)]

# name|USCC body (17 chars)|industry division|镇街|need (万元)|project summary|contact|phone
GROWTH_ROWS = [
    "市海峡精密机械有限公司|91350100MA31E8B6|34|高新区街道|500|数控机床生产线技术改造|陈立群|13805910001",
    "市青禾农业科技有限公司|91350100MA2Y4LQ0|01|东湖镇|200|智慧大棚扩建及冷链仓储|林晓梅|13905910002",
    "市云帆软件有限公司|91350100MA33K7W2|65|高新区街道|300|工业互联网平台二期研发|周敏|13712345678",
    "市东湖新材料有限公司|91350100MA34P2R5|29|东湖镇|1200|高性能改性塑料新产线|郑海涛|13605910004",
    "市临港食品有限公司|91350100MA35T8U1|14|临港街道|180|速冻食品车间自动化改造|王丽|13505910005",
    "市北岸纺织有限公司|91350100MA36W4X9|17|北岸镇|88.8|印染废水处理设施升级|吴建国|13405910006",
    "市西山医疗器械有限公司|91350100MA37Y6A3|35|西山镇|650|二类医疗器械注册及量产|刘芳|13305910007",
    "市城关物流有限公司|91350100MA38B1C7|54|城关街道|400|冷链运输车辆购置|张伟|13205910008",
    "市高新光电科技有限公司|91350100MA39D3E2|39|高新区街道|1000|LED芯片封装线扩产|黄志强|13105910009",
    "市临港船舶配件有限公司|91350100MA3AF5G6|37|临港街道|260|船用阀门数控加工中心|林志明|15005910010",
]
KEY_ROWS = [
    "市汇智新能源科技有限公司|91350100MA3BH7J1|38|高新区街道|3000|储能电池模组生产基地|陈晓东|15105910011",
    "市绿源环保科技有限公司|91350100MA3CK9L4|77|西山镇|800|工业固废资源化利用项目|杨帆|15205910012",
    "市鑫达汽车零部件有限公司|91350100MA3DM2N8|36|北岸镇|1500|新能源汽车电机壳体产线|许文|15305910013",
]

PROJECTS = [
    # (code, title, type, amount (万元), summary, date, source, remark, department)
    ("R2140", "中小企业融资担保服务项目", ProjectType.FUND_NEED, "200.0",
     "公司成立以来，一直致力于为中小企业提供融资担保服务。",
     "2026-03-28", "市发改委", "(融资)", "发改委"),
    ("R2141", "生产性融资担保业务扩容", ProjectType.FUND_NEED, "200.0",
     "公司主要从事生产性融资担保业务，秉承“诚信、专业、服务、创新”的经营理念。",
     "2026-03-28", "市发改委", "(融资)", "发改委"),
    ("R2142", "融资担保公司增资扩股", ProjectType.FUND_NEED, "200.0",
     "专门从事融资担保的公司，拥有专业团队，向全市中小企业提供融资担保服务。",
     "2026-04-27", "市发改委", "(融资)", "发改委"),
    ("R2143", "科技成果转化中心建设", ProjectType.FUND_COOPERATION, "1000.0",
     "立足大产业，向科技（节能）型新兴产业方向发展，建设科技成果转化中心。",
     "2026-05-12", "市发改委", "(融资)", "发改委"),
    ("R2144", "智能制造产业园二期", ProjectType.GOVERNMENT, "10000.0",
     "建设标准厂房及配套设施，引进智能制造企业入驻。",
     "2026-06-03", "市发改委", "市重点项目", "发改委"),
    ("R2145", "高新技术企业研发中心", ProjectType.ENTERPRISE, "180.0",
     "市“高新技术企业”在市政府及市科技局扶持下建设研发中心。",
     "2026-02-22", "市经信委", "(融资)", "经信委"),
    ("R2146", "专精特新企业技改项目", ProjectType.ENTERPRISE, "88.8",
     "对现有生产线进行数字化改造，提升产品良率。",
     "2026-07-15", "市经信委", "(融资)", "经信委"),
    ("R2147", "新认定成长型企业信息", ProjectType.NEW_ENTERPRISE, "500.0",
     "2026年新认定成长型企业12家，主要集中在装备制造和新材料领域。",
     "2026-08-20", "市经信委", "", "经信委"),
]


def _child(parent, model, slug, **fields):
    existing = parent.get_children().filter(slug=slug).first()
    if existing:
        return existing.specific
    page = model(slug=slug, **fields)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def _rows(rows):
    industries = {i.code: i for i in Industry.objects.all()}
    regions = {r.name: r for r in Region.objects.all()}
    return [
        EnterpriseListRow(enterprise_name=name, credit_code=uscc(body), industry=industries.get(division),
                          region=regions.get(region), funding_need=wan_to_yuan(Decimal(need)),
                          project_summary=summary, contact_person=contact, contact_phone=phone, sort_order=order)
        for order, (name, body, division, region, need, summary, contact, phone)
        in enumerate(row.split("|") for row in rows)
    ]


def seed_lists(home):
    """Channels 项目信息 and 企业名录 with a sub-channel per department, their rights, and demo content."""
    projects = _child(home, ProjectIndexPage, "projects", title="项目信息", show_in_menus=True,
                      intro="<p>发改委、经信委发布的政府项目、企业项目和融资基金需求。</p>")
    lists = _child(home, EnterpriseListIndexPage, "enterprise-lists", title="企业名录", show_in_menus=True,
                   intro="<p>经信委等部门发布的成长型、重点支持企业名录及项目资金需求。</p>")
    sub_channels = {}
    for name, code, dept_type in DEPARTMENTS:
        department, _ = GovernmentDepartment.objects.get_or_create(name=name, defaults={"dept_type": dept_type})
        pages = [
            _child(projects, ProjectIndexPage, f"{code}-projects", title=f"{name}项目", department=department),
            _child(lists, EnterpriseListIndexPage, f"{code}-lists", title=f"{name}名录", department=department),
        ]
        roles.setup_department(department, pages)
        sub_channels[name] = pages

    miit_lists = sub_channels["经信委"][1]
    _child(miit_lists, EnterpriseListPage, "growth-2026", title="2026年度成长型中小企业名录", list_type=ListType.GROWTH,
           year=2026, date=datetime.date(2026, 3, 15), rows=_rows(GROWTH_ROWS),
           intro="<p>经市经信委审核认定的2026年度成长型中小企业及其项目资金需求。</p>")
    _child(miit_lists, EnterpriseListPage, "key-2026", title="2026年度重点支持企业名录", list_type=ListType.KEY,
           year=2026, date=datetime.date(2026, 5, 8), rows=_rows(KEY_ROWS),
           intro="<p>列入市重点支持的企业，银行可优先对接其融资需求。</p>")
    for code, title, kind, amount, summary, date, source, remark, department in PROJECTS:
        channel = sub_channels[department][0]
        _child(channel, ProjectPage, code.lower(), title=title, code=code, project_type=kind,
               amount=wan_to_yuan(Decimal(amount)), summary=summary, date=datetime.date.fromisoformat(date),
               source=source, remark=remark, body=[("paragraph", f"<p>{summary}</p>")])
    seed_listing_plans()
    seed_selfcheck_link(home)
    return []


# USCC body of a certified demo enterprise -> its pre-IPO record (资本市场培育板)
LISTING_PLANS = {
    "91350100MA31E8B6": {"target_board": ListingBoard.STAR, "stage": ListingStage.TUTORING, "planned_year": 2028,
                         "last_year_revenue": Decimal("32000000"), "last_year_profit": Decimal("2560000"),
                         "intermediaries": "保荐机构：某证券股份有限公司\n会计师事务所：某会计师事务所"},
    "91350100MA2Y4LQ0": {"target_board": ListingBoard.NEEQ, "stage": ListingStage.FILED, "planned_year": 2027,
                         "last_year_revenue": Decimal("28500000"), "last_year_profit": Decimal("-350000"),
                         "intermediaries": "主办券商：某证券股份有限公司"},
}


def seed_listing_plans():
    for body, fields in LISTING_PLANS.items():
        enterprise = Enterprise.objects.filter(credit_code=uscc(body), status=CertificationStatus.CERTIFIED).first()
        if enterprise is not None:
            ListingPlan.objects.get_or_create(enterprise=enterprise, defaults={
                **fields, "contact_person": enterprise.contact_person, "contact_phone": enterprise.contact_phone})


def seed_selfcheck_link(home):
    """A 企业自检 quick link on the home page, added once."""
    from django.urls import reverse

    url = reverse("home:selfcheck")
    if any(block.value["url"] == url for block in home.quick_links):
        return
    home.quick_links.append(("link", {"title": "企业自检", "url": url}))
    home.save_revision().publish()
