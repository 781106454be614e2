"""Text messages (SMS) to people's phones, behind one interface: a tourist's order updates, an
artisan's notices (a piece of hers sold, a payout sent).

SMS_BACKEND picks the sender: "console" (the demo and the tests: each message is logged on the
"gongfang.sms" logger, nothing leaves the machine) or "aliyun" (Alibaba Cloud SMS through its own
SDK, alibabacloud-dysmsapi20170525). Chinese providers send only pre-approved templates, so every
message has our template name, its parameters (what the provider's template fills in) and its whole
text (what the console shows, and what the approved template must read).
"""

import json
import logging
from dataclasses import dataclass, field
from typing import Protocol

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

logger = logging.getLogger("gongfang.sms")


class SmsNotSent(OSError):
    """The provider refused or could not be reached: a task retries (OSError, as a mail error)."""


@dataclass(frozen=True)
class TextMessage:
    phone: str
    template: str  # our name for it: order_paid, order_shipped, artisan_sale, payout_sent, ...
    text: str
    params: dict[str, str] = field(default_factory=dict)


class Sender(Protocol):
    def send(self, message: TextMessage) -> None: ...


class ConsoleSender:
    """Logs each message instead of sending it (the demo; the tests read the log)."""

    def send(self, message: TextMessage) -> None:
        logger.info("SMS to %s [%s]: %s", message.phone, message.template, message.text)


class AliyunSender:
    """Alibaba Cloud SMS: SMS_ALIYUN_ACCESS_KEY_ID, SMS_ALIYUN_ACCESS_KEY_SECRET, SMS_SIGN_NAME and
    SMS_TEMPLATES ({our template name: the provider's template code}) from the settings."""

    ENDPOINT = "dysmsapi.aliyuncs.com"

    def __init__(self):
        from alibabacloud_dysmsapi20170525.client import Client
        from alibabacloud_tea_openapi.utils_models import Config

        for name in ("SMS_ALIYUN_ACCESS_KEY_ID", "SMS_ALIYUN_ACCESS_KEY_SECRET", "SMS_SIGN_NAME"):
            if not getattr(settings, name, ""):
                raise ImproperlyConfigured(f"SMS_BACKEND=aliyun needs {name}")
        self.client = Client(
            Config(
                access_key_id=settings.SMS_ALIYUN_ACCESS_KEY_ID,
                access_key_secret=settings.SMS_ALIYUN_ACCESS_KEY_SECRET,
                endpoint=getattr(settings, "SMS_ALIYUN_ENDPOINT", "") or self.ENDPOINT,
            )
        )

    def request(self, message: TextMessage):
        """The SDK's SendSmsRequest for a message (its template code from SMS_TEMPLATES)."""
        from alibabacloud_dysmsapi20170525.models import SendSmsRequest

        templates = getattr(settings, "SMS_TEMPLATES", {})
        if message.template not in templates:
            raise ImproperlyConfigured(f"SMS_TEMPLATES has no template code for {message.template!r}")
        return SendSmsRequest(
            phone_numbers=message.phone,
            sign_name=settings.SMS_SIGN_NAME,
            template_code=templates[message.template],
            template_param=json.dumps(message.params, ensure_ascii=False),
        )

    def send(self, message: TextMessage) -> None:
        try:
            response = self.client.send_sms(self.request(message))
        except ImproperlyConfigured:
            raise
        except Exception as error:  # the SDK raises its own errors for the network and refusals
            raise SmsNotSent(f"SMS to {message.phone} not sent: {error}") from error
        if response.body.code != "OK":
            raise SmsNotSent(f"SMS to {message.phone} refused: {response.body.code} {response.body.message}")


SENDERS: dict[str, type[ConsoleSender] | type[AliyunSender]] = {
    "console": ConsoleSender,
    "aliyun": AliyunSender,
}


def sms_sender() -> Sender:
    backend = getattr(settings, "SMS_BACKEND", "console")
    if backend not in SENDERS:
        raise ImproperlyConfigured(f"SMS_BACKEND must be one of {sorted(SENDERS)}, not {backend!r}")
    return SENDERS[backend]()


def sms_send(message: TextMessage) -> None:
    """Send one message through the configured sender; a phone left blank sends nothing."""
    if message.phone.strip():
        sms_sender().send(message)
