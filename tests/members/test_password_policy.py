import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.utils import translation

from tests.factories.members import EnterpriseFactory
from tests.factories.users import PASSWORD


@pytest.mark.parametrize("password", ["Xq7mPzkwr", "qiye8zhu!", "QIYE8ZHU!", "Qiye#2026"])
def test_three_character_classes_and_eight_characters_pass(password):
    validate_password(password)


@pytest.mark.parametrize(("password", "words"), [
    ("Ab1!", "太短"),  # Django's length validator (zh-hans)
    ("abcdefgh", "3类"),
    ("abcdefg1", "3类"),
    ("ABCDEFG!", "3类"),
    ("12345678", "3类"),
])
def test_weak_passwords_are_refused_in_chinese(password, words):
    with translation.override("zh-hans"), pytest.raises(ValidationError) as raised:
        validate_password(password)
    assert any(words in message for message in raised.value.messages), raised.value.messages


@pytest.mark.django_db
def test_password_change_needs_the_old_password(client):
    enterprise = EnterpriseFactory()
    client.force_login(enterprise.account)
    response = client.post("/accounts/password/change/", {
        "old_password": "Wrong#pass1", "new_password1": "Better#2027", "new_password2": "Better#2027"})
    assert response.status_code == 200
    assert "旧密码" in response.content.decode()
    enterprise.account.refresh_from_db()
    assert enterprise.account.check_password(PASSWORD)

    response = client.post("/accounts/password/change/", {
        "old_password": PASSWORD, "new_password1": "Better#2027", "new_password2": "Better#2027"})
    assert response.status_code == 302
    enterprise.account.refresh_from_db()
    assert enterprise.account.check_password("Better#2027")


@pytest.mark.django_db
def test_password_change_applies_the_policy(client):
    enterprise = EnterpriseFactory()
    client.force_login(enterprise.account)
    response = client.post("/accounts/password/change/", {
        "old_password": PASSWORD, "new_password1": "simplepassword", "new_password2": "simplepassword"})
    assert response.status_code == 200
    assert "3类" in response.content.decode()
