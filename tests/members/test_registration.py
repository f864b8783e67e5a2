import pytest

from members.models import AccountCategory, CertificationStatus, Enterprise
from tests.factories.members import EnterpriseFactory, make_uscc

pytestmark = pytest.mark.django_db


def form_data(**overrides):
    data = {
        "name": "福州星辰电子有限公司",
        "credit_code": make_uscc(555),
        "contact_person": "王五",
        "contact_phone": "13800001111",
        "email": "wangwu@example.cn",
        "password1": "Qiye#2026ok",
        "password2": "Qiye#2026ok",
        "captcha_0": "dummy-key",
        "captcha_1": "PASSED",
    }
    data.update(overrides)
    return data


def errors_for(response, field):
    return [str(error) for error in response.context["form"].errors.get(field, [])]


def test_registration_creates_a_pending_unactivated_enterprise(client):
    data = form_data(credit_code=make_uscc(555).lower())
    response = client.post("/accounts/register/", data, follow=True)
    enterprise = Enterprise.objects.get()
    assert enterprise.credit_code == make_uscc(555)
    assert enterprise.status == CertificationStatus.PENDING
    assert enterprise.account.category == AccountCategory.ENTERPRISE
    assert enterprise.account.username == make_uscc(555)
    assert enterprise.account.check_password("Qiye#2026ok")
    assert not enterprise.account.is_activated
    assert response.redirect_chain[-1][0] == f"/accounts/activate/?username={make_uscc(555)}"
    page = response.content.decode()
    assert "注册成功" in page and "激活" in page
    assert "_auth_user_id" not in client.session  # not signed in before activation


def test_registration_form_shows_every_field_and_a_captcha(client):
    page = client.get("/accounts/register/").content.decode()
    for label in ("企业名称", "统一社会信用代码", "联系人", "手机号码", "电子邮箱", "密码", "验证码"):
        assert label in page
    assert "/captcha/image/" in page


@pytest.mark.parametrize(("field", "value", "message"), [
    ("credit_code", "", "请填写统一社会信用代码"),
    ("credit_code", "91350100M000100Y4", "应为18位，您输入了17位"),
    ("credit_code", "91350100M000100Y44", "校验位"),
    ("credit_code", "91350100M0001O0Y43", "不允许的字符"),
    ("name", "", "请填写企业名称"),
    ("contact_person", "", "请填写联系人姓名"),
    ("contact_phone", "0591-123", "11位手机号码"),
    ("email", "not-an-email", "电子邮箱格式不正确"),
    ("password2", "Other#2026ok", "两次输入的密码不一致"),
    ("captcha_1", "WRONG", "验证码不正确"),
])
def test_each_rule_gives_a_precise_chinese_error_and_keeps_what_was_typed(client, field, value, message):
    data = form_data(**{field: value})
    response = client.post("/accounts/register/", data)
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert not Enterprise.objects.exists()
    # what was typed stays in the form (the captcha answer is the only field cleared)
    for kept in ("name", "contact_person", "email"):
        if data[kept]:
            assert f'value="{data[kept]}"' in page
    if field == "credit_code" and value:
        assert f'value="{value}"' in page


@pytest.mark.parametrize("password", ["qiyemima", "qiye2026", "Ab1#"])
def test_weak_password_is_refused(client, password):
    response = client.post("/accounts/register/", form_data(password1=password, password2=password))
    assert errors_for(response, "password1")
    assert not Enterprise.objects.exists()


def test_duplicate_credit_code_is_refused(client):
    existing = EnterpriseFactory()
    response = client.post("/accounts/register/", form_data(credit_code=existing.credit_code.lower()))
    assert "该统一社会信用代码已注册" in " ".join(errors_for(response, "credit_code"))
    assert Enterprise.objects.count() == 1


def test_duplicate_phone_is_refused(client):
    existing = EnterpriseFactory(contact_phone="13800001111")
    response = client.post("/accounts/register/", form_data())
    assert "该手机号码已被其他企业注册" in " ".join(errors_for(response, "contact_phone"))
    assert list(Enterprise.objects.all()) == [existing]


def test_registering_twice_with_the_same_form_creates_one_enterprise(client):
    client.post("/accounts/register/", form_data())
    client.post("/accounts/logout/")
    response = client.post("/accounts/register/", form_data(contact_phone="13800002222"))
    assert response.status_code == 200
    assert Enterprise.objects.count() == 1
