"""The back office for the authorisation tests (fixture ``backoffice``; the shared ``cast`` of tests/conftest.py
has the people only): a person in every role and, for each kind of record the admin shows, one owned by bank A /
department A (and its twin owned by bank B / department B where a list must show only a role's own rows). Built
with the helpers seed_demo and the other fixtures use."""

import datetime
import io
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from consultations.models import Expert
from consultations.outreach_models import OpsNotification
from core.channels import collection_named
from core.models import WorkdayOverride
from finance_market import lifecycle
from finance_market.models import FinancingNeed, NonDisbursementReason, RefusalReason
from finance_market.setup import setup_bank
from inspection.models import ChannelFreshness, ForbiddenWord
from members import data_sharing, roles
from members.models import (
    AccountCategory,
    CertificationMaterials,
    CreditAuthorisationText,
    CreditRecord,
    DataView,
    DepartmentType,
    Industry,
    LoginLog,
    Park,
    ProfileChangeRequest,
    Region,
)
from search.models import FinanceTerm, SearchSynonym
from tests.factories import DocumentFactory, ImageFactory, NewsIndexPageFactory
from tests.factories.consultations import (
    BoardPostFactory,
    ComplaintFactory,
    ConsultationFactory,
    FAQCategoryFactory,
    FAQFactory,
)
from tests.factories.lists import EnterpriseListIndexPageFactory, EnterpriseListPageFactory, ProjectIndexPageFactory
from tests.factories.market import BankIndexPageFactory, LoanProductPageFactory
from tests.factories.members import (
    BlacklistFactory,
    DepartmentFactory,
    EnterpriseFactory,
    InstitutionFactory,
    InstitutionStaffFactory,
    MessageFactory,
)
from tests.factories.users import PASSWORD, UserFactory
from tests.finance_market.conftest import submit
from tests.worlds import provide, register

# every role of the back office, and two with no admin access
ROLES = ("level1", "level2", "supervisor", "bank_a", "bank_b", "dept_author", "dept_reviewer", "dept_b",
         "enterprise", "anonymous")


def _png():
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(buffer, "PNG")
    return buffer.getvalue()


def _department(name, dept_type, parent_lists, parent_projects, slug):
    department = DepartmentFactory(name=name, dept_type=dept_type)
    lists = EnterpriseListIndexPageFactory(parent=parent_lists, slug=f"{slug}-lists", title=f"{name}名录",
                                           department=department)
    projects = ProjectIndexPageFactory(parent=parent_projects, slug=f"{slug}-projects", title=f"{name}项目",
                                       department=department)
    roles.setup_department(department, [lists, projects])
    department.refresh_from_db()
    return department, lists, projects


@pytest.fixture
def backoffice(request, home):
    """Restored from the copy built once per test process when the test asks for it (tests/worlds.py)."""
    return provide(request, "backoffice", lambda: build_backoffice(home))


def build_backoffice(home):
    groups = roles.ensure_platform_groups()
    c = SimpleNamespace(password=PASSWORD)

    # banks, their pages and staff
    c.bank_index = BankIndexPageFactory(parent=home)
    c.bank_a = InstitutionFactory(name="甲银行")
    c.bank_b = InstitutionFactory(name="乙银行")
    c.product_a = LoanProductPageFactory(parent=setup_bank(c.bank_a, c.bank_index), title="甲银行信用贷")
    c.product_b = LoanProductPageFactory(parent=setup_bank(c.bank_b, c.bank_index), title="乙银行信用贷")

    # departments with their channels (a list and a project channel each)
    lists = EnterpriseListIndexPageFactory(parent=home, slug="lists", title="企业名录")
    projects = ProjectIndexPageFactory(parent=home, slug="projects", title="项目信息")
    c.dept_a, c.lists_a, c.projects_a = _department("金融办", DepartmentType.FINANCE_OFFICE, lists, projects, "a")
    c.dept_b, c.lists_b, c.projects_b = _department("发改委", DepartmentType.NDRC, lists, projects, "b")
    c.list_a = EnterpriseListPageFactory(parent=c.lists_a, slug="list-a", title="金融办成长型企业名录")
    c.news = NewsIndexPageFactory(parent=home, slug="news", title="新闻动态")

    # the people
    department = AccountCategory.DEPARTMENT
    c.level1 = UserFactory(username="ops1", category=AccountCategory.PLATFORM, groups=[groups[roles.LEVEL1]])
    c.level2 = UserFactory(username="ops2", category=AccountCategory.PLATFORM)
    roles.assign_level2_channel(c.level2, c.news)
    c.supervisor = UserFactory(username="pbc", category=department, groups=[groups[roles.SUPERVISORS]])
    c.bank_a_officer = InstitutionStaffFactory(username="bank_a_officer", institution=c.bank_a)
    c.bank_b_officer = InstitutionStaffFactory(username="bank_b_officer", institution=c.bank_b)
    c.dept_author = UserFactory(username="jrb_author", category=department, groups=[c.dept_a.authors])
    c.dept_reviewer = UserFactory(username="jrb_reviewer", category=department, groups=[c.dept_a.reviewers])
    c.dept_b_author = UserFactory(username="fgw_author", category=department, groups=[c.dept_b.authors])
    c.ent_a = EnterpriseFactory(name="甲企业", certified=True)
    c.ent_b = EnterpriseFactory(name="乙企业", certified=True)
    c.superuser = get_user_model().objects.create_superuser("root", "root@example.cn", "Root#pass2026")

    # the marketplace: bank A's application carries a notice, an urge and a rating; bank B has its own
    c.application_a = submit(c.ent_a, c.product_a)
    lifecycle.apply_transition(c.application_a, "accept", c.bank_a_officer)
    lifecycle.apply_transition(c.application_a, "sign", c.bank_a_officer, credit_amount=500000)
    c.application_a.refresh_from_db()
    c.notice_a = c.application_a.feedback_notice
    c.urge_a = lifecycle.urge(c.application_a, c.supervisor, "请尽快报送反馈通知书")
    c.rating_a = lifecycle.rate(c.application_a, c.bank_a_officer, 5, "配合良好")
    c.application_b = submit(c.ent_b, c.product_b)
    c.need = FinancingNeed.objects.create(enterprise=c.ent_a, amount=500000, term_months=12, purpose="采购原材料",
                                          repayment_method="interest_first")
    c.reason, _created = RefusalReason.objects.get_or_create(name="资料不完整")
    c.non_disbursement_reason, _created = NonDisbursementReason.objects.get_or_create(name="企业放弃用款")

    # consultations: one to each bank, complaints to each department, a board post
    c.consultation_a = ConsultationFactory(enterprise=c.ent_a, institution=c.bank_a, title="甲企业问甲银行")
    c.consultation_b = ConsultationFactory(enterprise=c.ent_b, institution=c.bank_b, title="乙企业问乙银行")
    c.complaint_a = ComplaintFactory(author=c.ent_a.account, institution=c.bank_a, title="投诉甲银行")
    c.complaint_b = ComplaintFactory(author=c.ent_b.account, institution=c.bank_b, title="投诉乙银行")
    c.complaint_dept_a = ComplaintFactory(author=c.ent_a.account, department=c.dept_a, title="诉求金融办")
    c.complaint_dept_b = ComplaintFactory(author=c.ent_b.account, department=c.dept_b, title="诉求发改委")
    c.board_post = BoardPostFactory(title="留言一则")
    c.expert = Expert.objects.create(user=UserFactory(username="expert", category=AccountCategory.PLATFORM),
                                     name="王专家", title="教授", expertise="供应链金融")
    c.faq_category = FAQCategoryFactory(name="贷款")
    c.faq = FAQFactory(category=c.faq_category, question="如何申请贷款？")
    c.notification = OpsNotification.objects.create(title="系统维护通知", body="周六凌晨维护。", created_by=c.level1,
                                                    send_at=timezone.now() + datetime.timedelta(days=3))

    # members' and platform records
    c.change = ProfileChangeRequest.objects.create(enterprise=c.ent_a, field="legal_representative",
                                                   old_value="张三", new_value="李四")
    c.blacklist = BlacklistFactory()
    # 精准授权: enterprise A lets bank A read its data; an external record imported by the platform
    c.grant_a = data_sharing.grant(c.ent_a, c.bank_a, by=c.ent_a.account,
                                   valid_until=timezone.localdate() + datetime.timedelta(days=30))
    c.data_view = DataView.objects.create(enterprise=c.ent_a, institution=c.bank_a, grant=c.grant_a,
                                          viewer=c.bank_a_officer, viewer_name="bank_a_officer", kind="application")
    c.credit_record = CreditRecord.objects.create(credit_code=c.ent_a.credit_code, kind="tax_rating", value="A",
                                                  period="2025", source="市税务局",
                                                  record_date=datetime.date(2026, 4, 30))
    c.region = Region.objects.create(name="城关街道")
    c.park = Park.objects.create(name="高新园")
    c.industry = Industry.objects.get(code="C")
    c.message = MessageFactory(recipient=c.ent_a.account, title="审批结果")
    c.staff_message = MessageFactory(recipient=c.level1, title="待审核的认证")
    c.authorisation_text = CreditAuthorisationText.objects.create(body="本企业授权……")
    c.authorisation_text.save_revision()
    CertificationMaterials.objects.create(
        enterprise=c.ent_a, business_licence=SimpleUploadedFile("licence.png", _png()),
        licence_content_type="image/png",
        legal_representative_name="张三", legal_representative_id_number="11010519491231002X")
    c.login_log = LoginLog.objects.create(user=c.bank_a_officer, username="bank_a_officer", outcome="success")
    c.workday = WorkdayOverride.objects.create(date=datetime.date(2030, 10, 12), is_workday=True, note="国庆调休")
    c.freshness = ChannelFreshness.objects.create(page=c.news, interval_days=30)
    c.term = FinanceTerm.objects.create(word="专精特新")
    c.synonym = SearchSynonym.objects.create(terms="兴业，兴业银行")
    c.forbidden = ForbiddenWord.objects.create(word="人行", note="应写作“中国人民银行”")
    c.group = Group.objects.get(name=roles.LEVEL2)

    # files in department A's collection
    collection = collection_named(c.dept_a.name)
    c.document_a = DocumentFactory(title="金融办内部文件", collection=collection)
    c.image_a = ImageFactory(title="金融办内部图片", collection=collection)
    return c


register(backoffice, ("home", "backoffice"), lambda built: build_backoffice(built["home"]))


def user_for(world, role):
    """The account playing ``role`` (None for anonymous)."""
    return {
        "level1": world.level1, "level2": world.level2, "supervisor": world.supervisor,
        "bank_a": world.bank_a_officer, "bank_b": world.bank_b_officer, "dept_author": world.dept_author,
        "dept_reviewer": world.dept_reviewer, "dept_b": world.dept_b_author, "enterprise": world.ent_a.account,
    }.get(role)
