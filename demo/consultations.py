"""Demo consultations, board posts, a complaint and FAQ entries for seed_demo (idempotent: each item is
keyed by its title). Runs after the members demo, whose enterprises and institutions it uses."""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from consultations import lifecycle, outreach
from consultations.models import (
    FAQ,
    Audience,
    BoardPost,
    Complaint,
    ComplaintKind,
    Consultation,
    DemandType,
    Expert,
    FAQCategory,
    OpsNotification,
)
from members import notify
from members.models import AccountCategory, CertificationStatus, Enterprise, FinancialInstitution

FAQS = {
    "注册与认证": [
        ("企业如何注册成为平台会员？",
         "点击页面右上角“注册”，填写企业名称、统一社会信用代码、联系人和手机号码，提交后由平台审核认证。"),
        ("认证一般需要多长时间？", "平台在3个工作日内完成认证审核，结果通过站内信通知。"),
    ],
    "贷款申请": [
        ("申请贷款需要准备哪些材料？",
         "一般需要营业执照、近两年财务报表、纳税证明和经营场所证明，具体以产品页面为准。"),
        ("信用贷款的额度一般是多少？",
         "小微企业信用贷款额度一般在10万元至500万元之间，由银行根据企业经营和纳税情况核定。"),
        ("提交申请后多久有结果？", "银行应在3个工作日内受理，10个工作日内给出审批意见。"),
    ],
    "咨询与投诉": [
        ("咨询多久能得到答复？", "金融机构和平台应在3个工作日内答复，超时的咨询会提醒处理人员。"),
        ("投诉信息会公开吗？", "不会。投诉、信访和意见建议只有您本人和处理人员可以查看。"),
    ],
}

CONSULTATIONS = [
    # (title, question, institution index or None for the platform, reply or None)
    ("科技型企业有没有专属贷款产品？", "我公司是高新技术企业，想了解是否有知识产权质押类贷款。", 0,
     "我行有“科创贷”，可接受专利、商标质押，额度最高1000万元，欢迎到网点详谈。"),
    ("续贷是否需要重新提交全部材料？", "去年在贵行办理了流动资金贷款，今年到期想续贷。", 1, None),
    ("如何修改企业联系人？", "原联系人离职，需要更换平台账号的联系人和手机号码。", None,
     "请在会员中心“企业资料”中修改联系人；手机号码变更后需重新验证。"),
]

BOARD_POSTS = [
    ("王先生", "13805910021", "建议增加首贷户专项产品",
     "很多小微企业第一次贷款很难，建议平台联合银行推出首贷专项产品。",
     "感谢您的建议，平台已联合三家合作银行推出“首贷通”产品，请在金融超市查看。"),
    ("李女士", "", "政策解读能否更通俗", "希望政策解读多用案例说明，方便企业理解。",
     "已收到，后续政策解读将增加典型案例。"),
]


def _platform_admin():
    return notify.platform_admins().order_by("pk").first()


def seed_faq():
    for order, (name, entries) in enumerate(FAQS.items()):
        category, _ = FAQCategory.objects.get_or_create(name=name, defaults={"sort_order": order})
        for position, (question, answer) in enumerate(entries):
            FAQ.objects.get_or_create(question=question,
                                      defaults={"category": category, "answer": answer, "sort_order": position})


def seed_consultations(enterprises, institutions, admin):
    for title, question, index, reply in CONSULTATIONS:
        if Consultation.objects.filter(title=title).exists():
            continue
        institution = institutions[index] if index is not None and index < len(institutions) else None
        enterprise = enterprises[0]
        consultation = lifecycle.submit(Consultation(asker=enterprise.account, enterprise=enterprise,
                                                     institution=institution, title=title, question=question),
                                        enterprise.account)
        handler = institution.group.user_set.first() if institution else admin
        if reply and handler:
            lifecycle.apply(consultation, "accept", handler)
            lifecycle.apply(consultation, "reply", handler, text=reply)


def seed_board(admin):
    for name, contact, title, body, reply in BOARD_POSTS:
        if BoardPost.objects.filter(title=title).exists():
            continue
        post = lifecycle.submit(BoardPost(name=name, contact=contact, title=title, body=body), None)
        if admin:
            lifecycle.apply(post, "approve", admin, text=reply)


def seed_complaint(enterprises, institutions, admin):
    title = "贷款审批进度长时间无反馈"
    if Complaint.objects.filter(title=title).exists() or len(enterprises) < 2:
        return
    complaint = lifecycle.submit(Complaint(
        author=enterprises[1].account, kind=ComplaintKind.COMPLAINT, title=title,
        body="提交申请已两周，银行未联系我们，也无法查询进度。", institution=institutions[0] if institutions else None,
    ), enterprises[1].account)
    if admin:
        lifecycle.apply(complaint, "accept", admin)


EXPERTS = [
    # (username, name, title, expertise)
    ("expert_lin", "林志远", "高级经济师", "知识产权质押融资、科技金融"),
    ("expert_chen", "陈雅琴", "注册会计师、税务师", "企业财税规划、财务报表规范"),
]


def seed_experts():
    """Two invited experts (F-CONS-7) with demo accounts, and one expert consultation answered."""
    from demo.home import DEMO_PASSWORD

    User = get_user_model()
    experts = []
    for order, (username, name, title, expertise) in enumerate(EXPERTS):
        user = User.objects.filter(username=username).first() or User.objects.create_user(
            username, f"{username}@portal.example.cn", DEMO_PASSWORD, first_name=name,
            category=AccountCategory.PLATFORM)
        expert, _ = Expert.objects.get_or_create(user=user, defaults={
            "name": name, "title": title, "expertise": expertise, "sort_order": order})
        experts.append(expert)
    return experts


def seed_expert_consultation(enterprise, expert):
    title = "专利质押融资的评估费用由谁承担？"
    if Consultation.objects.filter(title=title).exists():
        return
    consultation = lifecycle.submit(Consultation(
        asker=enterprise.account, enterprise=enterprise, to_experts=True, expert=expert, title=title,
        question="我们准备用两项发明专利做质押贷款，评估费用较高，是否有补贴？"), enterprise.account)
    lifecycle.apply(consultation, "accept", expert.user)
    lifecycle.apply(consultation, "reply", expert.user,
                    text="评估费一般由企业承担，但市里对知识产权质押融资有评估费补贴，可向市场监管局申请。")


def seed_appeal(enterprise, admin):
    """A direct appeal (F-CONS-8) the platform has accepted and is working on: shown as 处理中."""
    title = "流动资金紧张，希望对接低息贷款"
    if Complaint.objects.filter(title=title).exists():
        return
    appeal = lifecycle.submit(Complaint(
        author=enterprise.account, kind=ComplaintKind.APPEAL, demand_type=DemandType.FINANCING, title=title,
        body="订单增加但回款周期长，需要200万元流动资金，希望平台帮助对接银行。"), enterprise.account)
    if admin:
        lifecycle.apply(appeal, "accept", admin, text="已受理，平台将在3个工作日内为您对接合作银行。")
        lifecycle.apply(appeal, "process", admin, text="已推送给两家合作银行，客户经理将电话联系您。")


def seed_transfers(enterprise, institution, admin, expert):
    """转办 (issue 18): a bank hands a policy question to 金融办, the platform hands a fee complaint to an expert;
    both wait in the receiver's to-do panel."""
    from members.models import GovernmentDepartment

    department = GovernmentDepartment.objects.filter(name="金融办").first()
    title = "科技型中小企业贷款贴息在哪里申请？"
    staff = institution.group.user_set.order_by("pk").first() if institution and institution.group else None
    if department is not None and staff is not None and not Consultation.objects.filter(title=title).exists():
        consultation = lifecycle.submit(Consultation(
            asker=enterprise.account, enterprise=enterprise, institution=institution, title=title,
            question="我们是科技型中小企业，听说贷款可以贴息，请问向哪个部门申请、需要什么材料？"), enterprise.account)
        lifecycle.assign(consultation, staff, to_department=department, note="贴息政策由金融办负责，转请答复。")
    title = "担保费收费标准是否合理？"
    if admin is not None and not Complaint.objects.filter(title=title).exists():
        complaint = lifecycle.submit(Complaint(
            author=enterprise.account, kind=ComplaintKind.COMPLAINT, title=title, institution=institution,
            body="办理贷款时被要求支付贷款金额2%的担保费，想了解收费是否合规。"), enterprise.account)
        lifecycle.assign(complaint, admin, to_expert=expert, note="涉及收费标准，请专家评估。")


NOTIFICATIONS = [
    ("关于举办2026年冬季银企融资对接会的通知",
     "对接会定于12月18日在市民服务中心举行，请有融资需求的企业于12月10日前在线报名。", Audience.ENTERPRISES, None),
    ("请各金融机构按时报送反馈通知书", "请各金融机构在作出授信决定后3个工作日内向人民银行报送反馈通知书。",
     Audience.INSTITUTIONS, 7),
]


def seed_notifications(admin):
    """One notification already sent to every enterprise, one scheduled for next week to institutions."""
    for title, body, audience, days in NOTIFICATIONS:
        if OpsNotification.objects.filter(title=title).exists():
            continue
        send_at = timezone.now() + datetime.timedelta(days=days) if days else None
        notification = OpsNotification.objects.create(title=title, body=body, audience=audience, send_at=send_at,
                                                      created_by=admin)
        if send_at is None:
            outreach.send_notification(notification)


def seed_consultations_demo():
    with notify.mail_suppressed():
        _seed_all()


def _seed_all():
    seed_faq()
    enterprises = list(Enterprise.objects.filter(status=CertificationStatus.CERTIFIED).order_by("pk")[:2])
    institutions = list(FinancialInstitution.objects.filter(is_active=True).order_by("pk")[:2])
    admin = _platform_admin()
    experts = seed_experts()
    if enterprises:
        seed_consultations(enterprises, institutions, admin)
        seed_complaint(enterprises, institutions, admin)
        seed_expert_consultation(enterprises[0], experts[0])
        seed_appeal(enterprises[-1], admin)
        seed_transfers(enterprises[0], institutions[0] if institutions else None, admin, experts[-1])
    seed_board(admin)
    seed_notifications(admin)
