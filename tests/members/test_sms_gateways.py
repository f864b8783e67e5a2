"""SMS through a real gateway (issue 22): each message kind goes to 阿里云短信 or 腾讯云短信 as the provider's
template code plus parameters, with the platform's sign name and the number in +86 form; checked on the SDKs'
own request objects, the client's send method replaced (no network)."""

import json
import logging
from unittest import mock

import pytest
from django.core.exceptions import ImproperlyConfigured

from members import sms

pytestmark = pytest.mark.django_db  # codes are counted against the day's limit per number (members.ratelimit)

ALIYUN = {"access_key_id": "LTAI-test", "access_key_secret": "secret", "sign_name": "融资服务门户",
          "endpoint": "dysmsapi.aliyuncs.com",
          "templates": {"activation_code": "SMS_100001", "password_reset_code": "SMS_100002",
                        "application_status": "SMS_100003"}}
TENCENT = {"secret_id": "AKID-test", "secret_key": "secret", "sdk_app_id": "1400000001", "sign_name": "融资服务门户",
           "region": "ap-guangzhou",
           "templates": {"activation_code": "200001", "password_reset_code": "200002", "application_status": "200003"}}


@pytest.fixture
def aliyun(settings):
    settings.SMS_BACKEND = "members.sms.AliyunSmsBackend"
    settings.SMS_ALIYUN = ALIYUN
    from alibabacloud_dysmsapi20170525.client import Client
    from alibabacloud_dysmsapi20170525.models import SendSmsResponse, SendSmsResponseBody

    answer = SendSmsResponse(status_code=200, body=SendSmsResponseBody(code="OK", message="OK", biz_id="1"))
    with mock.patch.object(Client, "send_sms", return_value=answer) as send:
        yield send


@pytest.fixture
def tencent(settings):
    settings.SMS_BACKEND = "members.sms.TencentSmsBackend"
    settings.SMS_TENCENT = TENCENT
    from tencentcloud.sms.v20210111.models import SendSmsResponse, SendStatus
    from tencentcloud.sms.v20210111.sms_client import SmsClient

    answer = SendSmsResponse()
    status = SendStatus()
    status.Code, status.PhoneNumber = "Ok", "+8613800001111"
    answer.SendStatusSet = [status]
    with mock.patch.object(SmsClient, "SendSms", return_value=answer) as send:
        yield send


def test_an_activation_code_goes_to_aliyun_as_its_template_and_json_parameters(aliyun):
    assert sms.send_sms("13800001111", sms.ACTIVATION_CODE, code="482913", minutes=10) is True
    [request] = aliyun.call_args.args
    assert request.phone_numbers == "+8613800001111"
    assert request.sign_name == "融资服务门户"
    assert request.template_code == "SMS_100001"
    assert json.loads(request.template_param) == {"code": "482913", "minutes": "10"}


def test_a_status_change_goes_to_aliyun_with_the_reference_and_the_status_in_chinese(aliyun):
    sms.send_sms("13800001111", sms.APPLICATION_STATUS, reference="DK202612060001", status="银行审批中")
    [request] = aliyun.call_args.args
    assert request.template_code == "SMS_100003"
    assert json.loads(request.template_param) == {"reference": "DK202612060001", "status": "银行审批中"}
    assert "银行审批中" in request.template_param  # not \\u escapes: the provider counts characters


def test_a_password_reset_code_goes_to_tencent_as_its_template_and_ordered_parameters(tencent):
    assert sms.send_sms("13800001111", sms.PASSWORD_RESET_CODE, code="771204", minutes=10) is True
    [request] = tencent.call_args.args
    assert request.PhoneNumberSet == ["+8613800001111"]
    assert request.SignName == "融资服务门户"
    assert request.SmsSdkAppId == "1400000001"
    assert request.TemplateId == "200002"
    assert request.TemplateParamSet == ["771204", "10"]
    assert json.loads(request.to_json_string())["TemplateParamSet"] == ["771204", "10"]


def test_a_message_the_gateway_refuses_is_reported_as_not_sent_without_its_code(tencent, caplog):
    tencent.return_value.SendStatusSet[0].Code = "LimitExceeded.PhoneNumberDailyLimit"
    with caplog.at_level(logging.WARNING, logger="members.sms"):
        assert sms.send_sms("13800001111", sms.ACTIVATION_CODE, code="482913", minutes=10) is False
    assert "LimitExceeded" in caplog.text and "138****1111" in caplog.text and "482913" not in caplog.text


def test_an_unreachable_gateway_is_reported_as_not_sent(aliyun, caplog):
    aliyun.side_effect = ConnectionError("timed out")
    with caplog.at_level(logging.WARNING, logger="members.sms"):
        assert sms.send_sms("13800001111", sms.ACTIVATION_CODE, code="482913", minutes=10) is False
    assert "482913" not in caplog.text


def test_a_gateway_without_its_keys_or_a_template_says_which_setting_is_missing(settings):
    settings.SMS_BACKEND = "members.sms.TencentSmsBackend"
    settings.SMS_TENCENT = {**TENCENT, "secret_key": ""}
    with pytest.raises(ImproperlyConfigured, match="secret_key"):
        sms.send_sms("13800001111", sms.ACTIVATION_CODE, code="482913", minutes=10)
    settings.SMS_TENCENT = {**TENCENT, "templates": {}}
    with pytest.raises(ImproperlyConfigured, match="activation_code"):
        sms.send_sms("13800001111", sms.ACTIVATION_CODE, code="482913", minutes=10)


def test_the_log_backend_writes_the_chinese_text_of_each_kind():
    sms.outbox.clear()
    sms.send_sms("13800001111", sms.PASSWORD_RESET_CODE, code="771204", minutes=10)
    sms.send_sms("13800001111", sms.APPLICATION_STATUS, reference="DK1", status="已签约")
    assert "找回密码" in sms.outbox[0]["text"] and "771204" in sms.outbox[0]["text"]
    assert "DK1" in sms.outbox[1]["text"] and "已签约" in sms.outbox[1]["text"]


def test_a_message_missing_a_parameter_is_a_programming_error():
    with pytest.raises(TypeError, match="minutes"):
        sms.send_sms("13800001111", sms.ACTIVATION_CODE, code="482913")


def test_codes_to_one_number_stop_at_the_days_limit_but_status_alerts_still_go(settings):
    settings.SMS_CODES_PER_PHONE_PER_DAY = 3
    sms.outbox.clear()
    sent = [sms.send_sms("138 0000 1111", sms.ACTIVATION_CODE, code="48291{n}", minutes=10) for n in range(2)]
    sent.append(sms.send_sms("13800001111", sms.PASSWORD_RESET_CODE, code="771204", minutes=10))
    assert sent == [True, True, True] and len(sms.outbox) == 3
    assert sms.send_sms("13800001111", sms.ACTIVATION_CODE, code="000000", minutes=10) is False
    assert sms.send_sms("13800001111", sms.PASSWORD_RESET_CODE, code="000001", minutes=10) is False
    assert [m["text"] for m in sms.outbox if "000000" in m["text"] or "000001" in m["text"]] == []
    assert sms.send_sms("13900002222", sms.ACTIVATION_CODE, code="123456", minutes=10) is True  # another number
    assert sms.send_sms("13800001111", sms.APPLICATION_STATUS, reference="DK1", status="已签约") is True
