"""The text-message sender: the console sender logs each message (the demo, the tests), a blank
phone sends nothing, and the Alibaba Cloud sender refuses to start without its keys and builds the
SDK's request from our template name and parameters."""

import json
import logging

import pytest
from django.core.exceptions import ImproperlyConfigured

from core.notifications import AliyunSender, ConsoleSender, TextMessage, sms_send, sms_sender

MESSAGE = TextMessage(
    phone="13800000000", template="order_paid", text="【工坊】您的订单 W-1 已付款", params={"number": "W-1"}
)


def test_the_console_sender_logs_the_whole_message(caplog, settings):
    settings.SMS_BACKEND = "console"
    with caplog.at_level(logging.INFO, logger="gongfang.sms"):
        sms_send(MESSAGE)
        sms_send(TextMessage(phone=" ", template="order_paid", text="nobody"))

    assert isinstance(sms_sender(), ConsoleSender)
    assert [record.getMessage() for record in caplog.records] == [
        "SMS to 13800000000 [order_paid]: 【工坊】您的订单 W-1 已付款"
    ]


def test_an_unknown_backend_is_a_configuration_error(settings):
    settings.SMS_BACKEND = "pigeon"
    with pytest.raises(ImproperlyConfigured, match="SMS_BACKEND must be one of"):
        sms_sender()


def test_the_aliyun_sender_needs_its_keys(settings):
    settings.SMS_BACKEND = "aliyun"
    settings.SMS_ALIYUN_ACCESS_KEY_ID = ""
    with pytest.raises(ImproperlyConfigured, match="SMS_ALIYUN_ACCESS_KEY_ID"):
        sms_sender()


def test_the_aliyun_sender_sends_the_approved_template_with_its_parameters(settings):
    settings.SMS_BACKEND = "aliyun"
    settings.SMS_ALIYUN_ACCESS_KEY_ID = "key-id"
    settings.SMS_ALIYUN_ACCESS_KEY_SECRET = "key-secret"
    settings.SMS_SIGN_NAME = "工坊"
    settings.SMS_TEMPLATES = {"order_paid": "SMS_000001"}

    sender = sms_sender()
    request = sender.request(MESSAGE)

    assert isinstance(sender, AliyunSender)
    assert (request.phone_numbers, request.sign_name, request.template_code) == (
        "13800000000",
        "工坊",
        "SMS_000001",
    )
    assert json.loads(request.template_param) == {"number": "W-1"}
    with pytest.raises(ImproperlyConfigured, match="artisan_sale"):
        sender.request(TextMessage(phone="13800000000", template="artisan_sale", text="x"))
