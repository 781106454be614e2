"""WeChat Pay API v3 through wechatpayv3: Native (a QR code) on a desktop, H5 on a phone's browser,
JSAPI inside WeChat's own browser when an official account's appid is set (WECHATPAY_JSAPI_APPID).

wechatpayv3 signs each request with the merchant key, checks each answer's signature against the
platform certificate (downloaded from /v3/certificates and decrypted with the APIv3 key, or read from
WECHATPAY_PLATFORM_CERT_DIR) and verifies and decrypts notifications (AEAD_AES_256_GCM). It is built
without a logger: its debug log would hold the Authorization header and the decrypted notifications.
Its failures (bare Exceptions, httpx's errors, an error answer) become PaymentProviderError. Its
client is kept for the process's life (wechat_pay_client.py): one connection for all its calls.
"""

import datetime
import gzip
import hashlib
import json
import os
import re
import secrets
import time
from collections.abc import Mapping, Sequence
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from wechatpayv3.async_ import WeChatPayType

from core.errors import ValidationFailed
from core.money import allocate
from payments.errors import PaymentProviderError, WebhookSignatureInvalid
from payments.models import NextStep, Payment, Provider
from payments.providers.base import (
    BillLine,
    Created,
    NotificationReceived,
    ProviderState,
    Scene,
    WalletProvider,
)
from payments.providers.bills import bill_unreadable, wechat_trade_bill_lines
from payments.providers.wechat_pay_client import WeChatPayClient

STATUSES = {
    "SUCCESS": Payment.Status.SUCCEEDED,
    "REFUND": Payment.Status.SUCCEEDED,  # paid, then (partly) refunded: refunds are ours to count
    "NOTPAY": Payment.Status.CREATED,
    "USERPAYING": Payment.Status.PROCESSING,
    "CLOSED": Payment.Status.CANCELLED,
    "REVOKED": Payment.Status.CANCELLED,
    "PAYERROR": Payment.Status.FAILED,
}
OUT_REFUND_NO = re.compile(r"^[0-9A-Za-z_|*@-]{1,64}$")


def configured() -> bool:
    """Every required setting is there (production offers WeChat Pay only then)."""
    required = (
        settings.WECHATPAY_MCHID,
        settings.WECHATPAY_APPID,
        settings.WECHATPAY_MERCHANT_SERIAL,
        settings.WECHATPAY_PRIVATE_KEY_PATH,
        settings.WECHATPAY_APIV3_KEY,
        settings.WECHATPAY_NOTIFY_URL,
    )
    return all(required) and Path(settings.WECHATPAY_PRIVATE_KEY_PATH).is_file()


def client() -> WeChatPayClient:
    return _client(
        settings.WECHATPAY_MCHID,
        settings.WECHATPAY_APPID,
        settings.WECHATPAY_MERCHANT_SERIAL,
        settings.WECHATPAY_PRIVATE_KEY_PATH,
        settings.WECHATPAY_APIV3_KEY,
        settings.WECHATPAY_NOTIFY_URL,
        settings.WECHATPAY_PLATFORM_CERT_DIR,
        settings.WECHATPAY_PROXY,
        os.getpid(),  # a forked process (a web or Celery worker) makes its own: threads do not fork
    )


@lru_cache(maxsize=4)
def _client(mchid, appid, serial, key_path, apiv3_key, notify_url, cert_dir, proxy, _pid) -> WeChatPayClient:
    # Made once per configuration and process: it fetches the platform certificates when made, and
    # keeps its connection to WeChat Pay for the next calls.
    try:
        return WeChatPayClient(
            mchid=mchid,
            private_key=Path(key_path).read_text(),
            cert_serial_no=serial,
            appid=appid,
            apiv3_key=apiv3_key,
            notify_url=notify_url,
            cert_dir=cert_dir or None,
            proxy=proxy or None,
            timeout=(5, 20),
        )
    except Exception as error:  # the SDK raises bare Exceptions (no certificate, no key)
        raise PaymentProviderError(params={"provider_message": str(error)[:200]}) from error


def call(method, *args, expect=(200,), **kwargs) -> tuple[int, dict]:
    """One call of the SDK's async client (client().calls): (status, the answer's JSON);
    PaymentProviderError for anything else."""
    try:
        code, message = client().run(method(*args, **kwargs))
    except Exception as error:  # httpx's errors, the SDK's "failed to verify the signature"
        raise PaymentProviderError(params={"provider_message": str(error)[:200]}) from error
    answer = json.loads(message) if isinstance(message, str) and message else {}
    if code not in expect:
        raise PaymentProviderError(
            params={
                "provider_code": answer.get("code", str(code)),
                "provider_message": answer.get("message", ""),
            }
        )
    return code, answer


def state_of(transaction: Mapping) -> ProviderState:
    amount = transaction.get("amount") or {}
    trade_state = transaction.get("trade_state", "")
    status = STATUSES.get(trade_state, Payment.Status.CREATED)
    return ProviderState(
        provider_reference=transaction.get("out_trade_no", ""),
        amount_fen=amount.get("total"),
        currency=amount.get("currency", ""),
        status=status,
        failure_code=trade_state.lower() if status == Payment.Status.FAILED else "",
    )


def out_refund_no(key: str) -> str:
    """WeChat Pay's out_refund_no for our idempotency key (the same key, the same refund there)."""
    return key if OUT_REFUND_NO.match(key) else hashlib.sha1(key.encode()).hexdigest()


class WeChatPayProvider(WalletProvider):
    name = Provider.WECHAT_PAY

    def available(self) -> bool:
        return configured()

    def scenes(self) -> tuple[str, ...]:
        if settings.WECHATPAY_JSAPI_APPID and settings.WECHAT_OA_SECRET:  # an official account
            return (Scene.NATIVE, Scene.H5, Scene.JSAPI)
        return (Scene.NATIVE, Scene.H5)

    def create(
        self,
        *,
        reference: str,
        out_trade_no: str,
        amount_fen: int,
        description: str,
        scene: str,
        email: str = "",
        methods: Sequence[str] | None = None,
        client_ip: str = "",
        openid: str = "",
    ) -> Created:
        wechat = client().calls
        amount = {"total": amount_fen, "currency": "CNY"}
        common = {"description": description[:127], "out_trade_no": out_trade_no, "amount": amount}
        if scene == Scene.NATIVE:
            _code, answer = call(wechat.pay, pay_type=WeChatPayType.NATIVE, **common)
            return Created(out_trade_no, NextStep.QR_CODE, answer["code_url"], methods=[scene])
        if scene == Scene.H5:
            if not client_ip:
                raise ValidationFailed(_("无法确定您的网络地址。"), field="scene")
            scene_info = {"payer_client_ip": client_ip, "h5_info": {"type": "Wap"}}
            _code, answer = call(wechat.pay, pay_type=WeChatPayType.H5, scene_info=scene_info, **common)
            return Created(out_trade_no, NextStep.REDIRECT, answer["h5_url"], methods=[scene])
        if not openid:
            raise ValidationFailed(_("请在微信中打开此页面。"), field="scene")
        appid = settings.WECHATPAY_JSAPI_APPID
        _code, answer = call(
            wechat.pay, pay_type=WeChatPayType.JSAPI, appid=appid, payer={"openid": openid}, **common
        )
        # What WeixinJSBridge's getBrandWCPayRequest takes, signed with the merchant key.
        timestamp, nonce, package = (
            str(int(time.time())),
            secrets.token_hex(16),
            f"prepay_id={answer['prepay_id']}",
        )
        params = {
            "appId": appid,
            "timeStamp": timestamp,
            "nonceStr": nonce,
            "package": package,
            "signType": "RSA",
            "paySign": wechat.sign([appid, timestamp, nonce, package]),
        }
        return Created(out_trade_no, NextStep.JSAPI, json.dumps(params), methods=[scene])

    def query(self, *, payment: Payment) -> ProviderState:
        _code, answer = call(client().calls.query, out_trade_no=payment.provider_reference)
        return state_of(answer)

    def cancel(self, *, payment: Payment) -> ProviderState:
        wechat = client().calls
        try:
            call(wechat.close, out_trade_no=payment.provider_reference, expect=(204,))
        except PaymentProviderError:
            state = self.query(payment=payment)
            if state.status == Payment.Status.SUCCEEDED:
                return state  # paid meanwhile: recorded instead
            raise
        return ProviderState(payment.provider_reference, payment.amount_fen, "CNY", Payment.Status.CANCELLED)

    def refund(self, *, payment: Payment, amount_fen: int, reason: str, key: str) -> str:
        _code, answer = call(
            client().calls.refund,
            out_refund_no=out_refund_no(key),
            amount={"refund": amount_fen, "total": payment.amount_fen, "currency": "CNY"},
            out_trade_no=payment.provider_reference,
            reason=reason[:80] or None,
        )
        return answer["refund_id"]

    def fee(self, *, payment: Payment) -> int:
        """WeChat Pay's fee at the merchant's rate (WECHATPAY_FEE_BP; the daily bill has the exact one)."""
        rate = settings.WECHATPAY_FEE_BP
        return allocate(payment.amount_fen, [rate, 10_000 - rate])[0]

    def bill(self, *, day: datetime.date) -> list[BillLine]:
        """The trade bill (申请交易账单, then its download, gzipped), checked against its SHA1."""
        wechat = client()
        try:
            _code, answer = call(
                wechat.calls.trade_bill, bill_date=day.isoformat(), bill_type="ALL", tar_type="GZIP"
            )
        except PaymentProviderError as error:
            if error.params.get("provider_code") == "NO_STATEMENT_EXIST":  # no trade that day
                return []
            raise
        try:
            code, content = wechat.run(wechat.calls.download_bill(answer["download_url"]))
            text = gzip.decompress(content)
        except Exception as error:  # httpx's errors, a body that is not gzip
            raise bill_unreadable(str(error)) from error
        if code != 200 or hashlib.sha1(text).hexdigest() != answer.get("hash_value", "").lower():
            raise bill_unreadable("download does not match its SHA1")
        return wechat_trade_bill_lines(text.decode("utf-8"))

    def notification_parse(self, *, headers: Mapping[str, str], body: bytes) -> NotificationReceived:
        try:
            received = client().notifications.callback(headers, body)
        except PaymentProviderError:
            raise
        except Exception as error:  # an unknown signature type, a body that is not JSON
            raise WebhookSignatureInvalid() from error
        if not received:  # a bad signature, or a resource that does not decrypt with our key
            raise WebhookSignatureInvalid()
        resource = received.get("resource") or {}
        state = state_of(resource) if received.get("event_type", "").startswith("TRANSACTION.") else None
        return NotificationReceived(notification_id=received.get("id", ""), payload=received, state=state)


provider = WeChatPayProvider()
