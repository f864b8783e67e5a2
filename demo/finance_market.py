"""Demo marketplace for seed_demo: 金融机构 channel, a BankPage per institution, ~10 products, a few
applications in different states, financing needs. Idempotent: existing pages and records are kept."""

from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from core.money import WAN
from demo.images import demo_image
from finance_market import lifecycle
from finance_market import needs as needs_service
from finance_market.choices import RepaymentMethod
from finance_market.models import BankIndexPage, FinancingNeed, LoanApplication, LoanProductPage, RefusalReason
from finance_market.setup import setup_bank
from members.models import CertificationStatus, Enterprise, FinancialInstitution, Industry, Region

W = WAN
PROCESS = "<ol><li>在线提交申请</li><li>银行受理并尽职调查</li><li>审批签约</li><li>放款</li></ol>"
MATERIALS = "<ul><li>营业执照</li><li>法定代表人身份证</li><li>近两年财务报表</li></ul>"
# (institution, slug, title, type, 适用对象, 万元 min/max, months min/max, rate min/max, guarantees, repayment,
#  sizes, industry codes, region names, pinned, sort order, extra fields)
PRODUCTS = [
    ("中国工商银行市分行", "jingying-kuaidai", "经营快贷", "credit", "纳税信用良好的小微企业", 10, 200, 1, 12,
     "3.45", "4.35", ["credit"], ["interest_first", "revolving"], ["micro", "small"], [], [], True, 1,
     [("近一年纳税总额（万元）", "number", True)]),
    ("中国工商银行市分行", "chanfang-diya", "厂房抵押贷", "mortgage", "拥有自有厂房或商铺的企业", 100, 3000, 12, 60,
     "3.80", "4.90", ["mortgage"], ["equal_instalment", "equal_principal"], [], ["C"], [], False, 5,
     [("抵押物地址", "text", True), ("抵押物面积（平方米）", "number", False)]),
    ("中国建设银行市分行", "kedai", "科技成长贷", "innovative", "高新技术企业、专精特新企业", 50, 1000, 6, 36,
     "3.50", "4.50", ["credit", "pledge"], ["interest_first"], ["small", "medium"], ["C", "I", "M"], [], True, 2,
     [("知识产权数量", "number", False)]),
    ("中国建设银行市分行", "shandai", "善担贷", "guarantee", "有政府性融资担保公司担保的小微企业", 10, 1000, 6, 36,
     "3.90", "4.80", ["guarantee"], ["equal_instalment"], ["micro", "small"], [], [], False, 10, []),
    ("市农村商业银行", "xiangcun-zhenxing", "乡村振兴贷", "credit", "涉农企业、农民专业合作社", 5, 300, 3, 36,
     "4.20", "5.80", ["credit", "guarantee"], ["equal_instalment", "interest_first"], [], ["A"],
     ["东湖镇", "西山镇", "北岸镇"], True, 3, [("种植/养殖规模", "text", True)]),
    ("市农村商业银行", "shangquan-dai", "商圈贷", "credit", "城区个体工商户和小微商户", 1, 50, 1, 12,
     "4.80", "6.50", ["credit"], ["revolving"], ["micro"], ["F", "H"], ["城关街道", "高新区街道"], False, 20, []),
    ("市农村商业银行", "cundan-zhiya", "存单质押贷", "pledge", "持有本行存单的企业", 10, 2000, 1, 24,
     "3.20", "3.80", ["pledge"], ["interest_first"], [], [], [], False, 30, []),
    ("市汇通小额贷款有限公司", "jiji-dai", "应急周转贷", "credit", "短期资金周转困难的小微企业", 5, 100, 1, 6,
     "8.00", "12.00", ["credit", "guarantee"], ["interest_first"], ["micro", "small"], [], [], False, 40, []),
    ("中国建设银行市分行", "gongyinglian", "供应链e贷", "supply_chain", "核心企业的上游供应商", 20, 800, 1, 12,
     "3.60", "4.20", ["pledge"], ["interest_first"], [], ["C", "F"], [], False, 15,
     [("核心企业名称", "text", True), ("应收账款金额（万元）", "number", True)]),
    ("中国工商银行市分行", "xin-ci-dai", "首贷通", "credit", "从未在银行取得贷款的小微企业", 10, 100, 6, 12,
     "3.30", "3.95", ["credit"], ["equal_instalment", "interest_first"], ["micro", "small"], [], [], False, 8,
     [("是否首次贷款", "choice", True)]),
]


def _child(parent, model, slug, **fields):
    existing = parent.get_children().filter(slug=slug).first()
    if existing:
        return existing.specific
    page = model(slug=slug, **fields)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def seed_banks(home):
    index = _child(home, BankIndexPage, "banks", title="金融机构", show_in_menus=True,
                   intro="<p>在本平台注册的银行及非银行金融机构。</p>")
    banks = {}
    for n, institution in enumerate(FinancialInstitution.objects.filter(is_active=True).order_by("pk")):
        bank = banks[institution.name] = setup_bank(
            institution, index, intro=f"<p>{institution.name}立足本地，服务中小微企业融资需求。</p>",
            address="市城关街道人民路88号")
        if bank.logo_id is None:  # product cards show the bank's logo
            bank.logo = demo_image(f"{institution.name}标志", f"{institution.name}标志", logo=True, seed=n)
            bank.save_revision().publish()
    return index, banks


def seed_products(banks):
    sections = {i.code: i for i in Industry.objects.filter(section__isnull=True)}
    regions = {r.name: r for r in Region.objects.all()}
    for (bank, slug, title, kind, target, amin, amax, tmin, tmax, rmin, rmax, guarantees, repayment, sizes,
         industries, region_names, pinned, order, fields) in PRODUCTS:
        parent = banks.get(bank)
        if parent is None or parent.get_children().filter(slug=slug).exists():
            continue
        product = LoanProductPage(
            slug=slug, title=title, product_type=kind, target_customers=target, amount_min=amin * W,
            amount_max=amax * W, term_min=tmin, term_max=tmax, rate_min=Decimal(rmin), rate_max=Decimal(rmax),
            guarantee_methods=guarantees, repayment_methods=repayment, eligible_sizes=sizes, is_pinned=pinned,
            sort_order=order, features=f"<p>{target}可申请，额度高、放款快、手续简便。</p>", process=PROCESS,
            materials=MATERIALS,
        )
        product.eligible_industries = [sections[c] for c in industries if c in sections]
        product.eligible_regions = [regions[n] for n in region_names if n in regions]
        for n, (label, field_type, required) in enumerate(fields):
            product.form_fields.add(product.form_fields.model(
                label=label, field_type=field_type, required=required, sort_order=n,
                choices="是,否" if field_type == "choice" else ""))
        parent.add_child(instance=product)
        product.save_revision().publish()


def seed_applications():
    """A few applications in different states, once (skipped when any exists)."""
    if LoanApplication.objects.exists():
        return
    enterprises = list(Enterprise.objects.filter(status=CertificationStatus.CERTIFIED).order_by("pk")[:2])
    products = list(LoanProductPage.objects.live().order_by("sort_order")[:5])
    if not enterprises or len(products) < 5:
        return
    User = get_user_model()
    reason = RefusalReason.objects.first()
    plan = [(0, products[0], []), (0, products[1], ["accept"]), (1, products[2], ["accept", "request_info"]),
            (1, products[3], ["accept", "sign"]), (0, products[4], ["accept", "refuse"])]
    for n, (e, product, steps) in enumerate(plan):
        enterprise = enterprises[e % len(enterprises)]
        application = lifecycle.submit(
            enterprise=enterprise, institution=product.institution, product=product, by=enterprise.account,
            amount=(product.amount_min + product.amount_max) / 2, term_months=product.term_min,
            purpose="购买原材料、补充流动资金", contact_person=enterprise.contact_person,
            contact_phone=enterprise.contact_phone, repayment_method=RepaymentMethod.INTEREST_FIRST,
            now=timezone.now() - timezone.timedelta(days=10 - n))
        staff = User.objects.filter(groups=product.institution.group).first()
        if steps == ["accept"]:  # the bank has run its own check (本行核查) on the one it is working on
            lifecycle.record_credit_check(application, staff, credit_status="无不良记录", anti_fraud_score=86)
        for step in steps:
            note = "请补充近三月银行流水" if step == "request_info" else ""
            lifecycle.apply_transition(application, step, staff, note=note,
                                       credit_amount=product.amount_min if step == "sign" else None,
                                       reason=reason if step == "refuse" else None)


LOAN_DEMO = "演示：签约后放款"  # the purpose that marks the applications seed_loans made


def _signed(enterprise, product, staff, days_ago, amount_wan, credit_wan, term):
    """An application submitted ``days_ago`` days ago, accepted and signed through the lifecycle within days."""
    start = timezone.now() - timezone.timedelta(days=days_ago)
    application = lifecycle.submit(
        enterprise=enterprise, institution=product.institution, product=product, by=enterprise.account,
        amount=amount_wan * W, term_months=term, purpose=LOAN_DEMO, contact_person=enterprise.contact_person,
        contact_phone=enterprise.contact_phone, repayment_method=RepaymentMethod.EQUAL_INSTALMENT, now=start)
    lifecycle.apply_transition(application, "accept", staff, now=start + timezone.timedelta(days=1))
    return lifecycle.apply_transition(application, "sign", staff, credit_amount=credit_wan * W,
                                      now=start + timezone.timedelta(days=4))


def _disburse(application, staff, days_ago, amount_wan, rate="4.35", term=12, method="equal_instalment"):
    when = timezone.now() - timezone.timedelta(days=days_ago)
    return lifecycle.apply_transition(application, "disburse", staff, now=when, disbursement={
        "amount": amount_wan * W, "disbursed_on": timezone.localdate(when), "annual_rate": Decimal(rate),
        "term_months": term, "repayment_method": method})


def seed_loans():
    """Loans after 已签约 (once; skipped when seed_loans ran before): one paid out in two parts with its
    repayment plan (the next instalment due within days, so the reminder job has something to send), one paid
    out in full, one paid out and settled, one 未放款 with a reason; all through finance_market.lifecycle."""
    from finance_market.models import NonDisbursementReason

    if LoanApplication.objects.filter(purpose=LOAN_DEMO).exists():
        return
    enterprises = list(Enterprise.objects.filter(status=CertificationStatus.CERTIFIED).order_by("pk")[:2])
    products = list(LoanProductPage.objects.live().order_by("sort_order")[:4])
    if not enterprises or len(products) < 4:
        return
    User = get_user_model()

    def staff_of(product):
        return User.objects.filter(groups=product.institution.group).first()

    first = enterprises[0]
    # 部分放款: 60万 then 30万 of a 100万 credit; the first payment 26 days ago, so an instalment is due soon
    partial = _signed(first, products[0], staff_of(products[0]), 40, 120, 100, 12)
    _disburse(partial, staff_of(products[0]), 26, 60)
    _disburse(partial, staff_of(products[0]), 10, 30, rate="4.35", term=12)
    second = enterprises[-1]
    full = _signed(second, products[1], staff_of(products[1]), 120, 300, 300, 24)
    _disburse(full, staff_of(products[1]), 110, 300, rate="3.85", term=24, method="equal_principal")
    settled = _signed(second, products[2], staff_of(products[2]), 400, 50, 50, 6)
    settled = _disburse(settled, staff_of(products[2]), 390, 50, rate="4.80", term=6, method="interest_first")
    lifecycle.apply_transition(settled, "settle", staff_of(products[2]),
                               settled_on=timezone.localdate() - timezone.timedelta(days=200),
                               now=timezone.now() - timezone.timedelta(days=200))
    dropped = _signed(first, products[3], staff_of(products[3]), 60, 80, 60, 12)
    lifecycle.apply_transition(dropped, "not_disburse", staff_of(products[3]),
                               reason=NonDisbursementReason.objects.order_by("sort_order").first(),
                               note="企业已通过其他渠道解决资金需求")


def seed_needs():
    if FinancingNeed.objects.exists():
        return
    enterprise = Enterprise.objects.filter(status=CertificationStatus.CERTIFIED).order_by("pk").first()
    reviewer = get_user_model().objects.filter(is_superuser=True).first()
    if enterprise is None or reviewer is None:
        return
    need = needs_service.publish(enterprise, enterprise.account, amount=Decimal("3000000"), term_months=24,
                                 purpose="新建生产线设备采购", repayment_method=RepaymentMethod.EQUAL_INSTALMENT)
    needs_service.review(need, reviewer, approve=True, note="信息完整")
    FinancingNeed.objects.filter(pk=need.pk).update(credit_status="良好", anti_fraud_score=88)
    needs_service.enter_on_behalf(enterprise, reviewer, amount=Decimal("1000000"), term_months=36,
                                  purpose="中小企业辅导中心收集：智能化改造",
                                  repayment_method=RepaymentMethod.EQUAL_PRINCIPAL,
                                  credit_status="良好", anti_fraud_score=92)
    needs_service.publish(enterprise, enterprise.account, amount=Decimal("500000"), term_months=12,
                          purpose="季节性原料收购", repayment_method=RepaymentMethod.INTEREST_FIRST)


def seed_market(home):
    _index, banks = seed_banks(home)
    seed_products(banks)
    seed_applications()
    seed_loans()
    seed_needs()
    return [("金融机构员工（各机构，见上）", "icbc_staff / ccb_staff / rcb_staff / microloan_staff")]
