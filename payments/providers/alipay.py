"""Alipay through python-alipay-sdk: alipay.trade.wap.pay on a phone, alipay.trade.page.pay on a
desktop (Alipay's page shows the QR code to scan), alipay.trade.precreate for a QR code the cart's
tablet shows (Scene.MERCHANT_QR), RSA2 signed notifications verified, refunds, query, close.

The SDK signs every request with our app key and checks every answer's RSA2 signature with Alipay's
public key; its server calls go to Alipay's gateway (urllib: the environment's HTTPS proxy and CA
bundle apply). page.pay and wap.pay are signed query strings the browser takes to ALIPAY_GATEWAY.
Its failures become PaymentProviderError. Amounts travel as yuan strings ("98.00"), converted here
exactly from and to fen.
"""

import datetime
import urllib.request
from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path
from urllib.parse import parse_qsl

from alipay import AliPay
from django.conf import settings

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
from payments.providers.bills import alipay_trade_bill_lines, bill_unreadable

STATUSES = {
    "WAIT_BUYER_PAY": Payment.Status.CREATED,
    "TRADE_SUCCESS": Payment.Status.SUCCEEDED,
    "TRADE_FINISHED": Payment.Status.SUCCEEDED,
    "TRADE_CLOSED": Payment.Status.CANCELLED,  # unpaid and closed, or fully refunded: ours to tell
}
SUCCESS = "10000"


def configured() -> bool:
    required = (
        settings.ALIPAY_APPID,
        settings.ALIPAY_PRIVATE_KEY_PATH,
        settings.ALIPAY_PUBLIC_KEY_PATH,
        settings.ALIPAY_NOTIFY_URL,
        settings.ALIPAY_GATEWAY,
    )
    return all(required) and all(
        Path(path).is_file() for path in (settings.ALIPAY_PRIVATE_KEY_PATH, settings.ALIPAY_PUBLIC_KEY_PATH)
    )


def client() -> AliPay:
    return _client(
        settings.ALIPAY_APPID,
        settings.ALIPAY_PRIVATE_KEY_PATH,
        settings.ALIPAY_PUBLIC_KEY_PATH,
        settings.ALIPAY_NOTIFY_URL,
    )


@lru_cache(maxsize=4)
def _client(appid, private_key_path, public_key_path, notify_url) -> AliPay:
    return AliPay(
        appid=appid,
        app_notify_url=notify_url,
        app_private_key_string=Path(private_key_path).read_text(),
        alipay_public_key_string=Path(public_key_path).read_text(),
        sign_type="RSA2",
    )


def yuan(amount_fen: int) -> str:
    return f"{amount_fen // 100}.{amount_fen % 100:02d}"


def fen(amount: str | None) -> int | None:
    """Alipay's "98.00" as 9800; None for anything that is not an exact amount in fen."""
    try:
        value = Decimal(amount or "") * 100
    except InvalidOperation:
        return None
    return int(value) if value == value.to_integral_value() else None


def call(method, **kwargs) -> dict:
    """One SDK server call: its verified answer when Alipay says 10000, else PaymentProviderError."""
    try:
        answer = method(**kwargs)
    except Exception as error:  # AliPayException, AliPayValidationError, urllib's errors
        raise PaymentProviderError(params={"provider_message": str(error)[:200]}) from error
    if answer.get("code") != SUCCESS:
        raise PaymentProviderError(
            params={
                "provider_code": answer.get("sub_code", answer.get("code", "")),
                "provider_message": answer.get("sub_msg", ""),
            }
        )
    return answer


def state_of(data: Mapping) -> ProviderState:
    status = STATUSES.get(data.get("trade_status", ""), Payment.Status.CREATED)
    return ProviderState(
        provider_reference=data.get("out_trade_no", ""),
        amount_fen=fen(data.get("total_amount")),
        currency="cny",  # Alipay's domestic trades are in yuan
        status=status,
    )


class AlipayProvider(WalletProvider):
    name = Provider.ALIPAY

    def available(self) -> bool:
        return configured()

    def scenes(self) -> tuple[str, ...]:
        return (Scene.NATIVE, Scene.H5, Scene.MERCHANT_QR)

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
        """page.pay and wap.pay: nothing is sent yet, the browser takes the signed request to Alipay,
        which makes the trade (a query before that answers "trade does not exist"). precreate: the
        trade is made now and its answer's qr_code is the code to show."""
        if scene == Scene.MERCHANT_QR:
            answer = call(
                client().api_alipay_trade_precreate,
                subject=description[:256],
                out_trade_no=out_trade_no,
                total_amount=yuan(amount_fen),
            )
            if answer.get("out_trade_no") != out_trade_no or not answer.get("qr_code"):
                raise PaymentProviderError(params={"provider_message": "precreate answered no qr_code"})
            return Created(out_trade_no, NextStep.QR_CODE, answer["qr_code"], methods=[scene])
        sign = client().api_alipay_trade_wap_pay if scene == Scene.H5 else client().api_alipay_trade_page_pay
        signed = sign(
            subject=description[:256],
            out_trade_no=out_trade_no,
            total_amount=yuan(amount_fen),
            return_url=settings.ALIPAY_RETURN_URL or None,
        )
        return Created(
            out_trade_no, NextStep.REDIRECT, f"{settings.ALIPAY_GATEWAY}?{signed}", methods=[scene]
        )

    def query(self, *, payment: Payment) -> ProviderState:
        try:
            answer = client().api_alipay_trade_query(out_trade_no=payment.provider_reference)
        except Exception as error:
            raise PaymentProviderError(params={"provider_message": str(error)[:200]}) from error
        if answer.get("sub_code") == "ACQ.TRADE_NOT_EXIST":  # not opened in Alipay yet
            return ProviderState(
                payment.provider_reference, payment.amount_fen, "cny", Payment.Status.CREATED
            )
        if answer.get("code") != SUCCESS:
            raise PaymentProviderError(
                params={
                    "provider_code": answer.get("sub_code", ""),
                    "provider_message": answer.get("sub_msg", ""),
                }
            )
        return state_of(answer)

    def cancel(self, *, payment: Payment) -> ProviderState:
        state = self.query(payment=payment)
        if state.status == Payment.Status.SUCCEEDED:
            return state  # paid meanwhile: recorded instead
        if state.status == Payment.Status.CREATED and payment.status != Payment.Status.CANCELLED:
            try:
                call(client().api_alipay_trade_close, out_trade_no=payment.provider_reference)
            except PaymentProviderError as error:
                if (
                    error.params.get("provider_code") != "ACQ.TRADE_NOT_EXIST"
                ):  # never opened: nothing to close
                    raise
        return ProviderState(payment.provider_reference, payment.amount_fen, "cny", Payment.Status.CANCELLED)

    def refund(self, *, payment: Payment, amount_fen: int, reason: str, key: str) -> str:
        answer = call(
            client().api_alipay_trade_refund,
            refund_amount=yuan(amount_fen),
            out_trade_no=payment.provider_reference,
            out_request_no=key[:64],
            refund_reason=reason[:256],
        )
        # Alipay's refund has no id of its own: the trade's number and our request number name it.
        return f"{answer.get('trade_no', '')}:{key[:64]}"[:64]

    def fee(self, *, payment: Payment) -> int:
        rate = settings.ALIPAY_FEE_BP
        return allocate(payment.amount_fen, [rate, 10_000 - rate])[0]

    def bill(self, *, day: datetime.date) -> list[BillLine]:
        """The trade bill: its address asked for (alipay.data.dataservice.bill.downloadurl.query, the
        SDK's server_api for an API it has no method of), then the zip downloaded from it."""
        try:
            answer = call(
                client().server_api,
                api_name="alipay.data.dataservice.bill.downloadurl.query",
                biz_content={"bill_type": "trade", "bill_date": day.isoformat()},
            )
        except PaymentProviderError as error:
            if error.params.get("provider_code") == "isp.bill_not_exist":  # no trade that day
                return []
            raise
        address = answer.get("bill_download_url", "")
        if not address.startswith(("https://", "http://")):
            raise bill_unreadable("no download address")
        try:
            with urllib.request.urlopen(address, timeout=30) as download:
                zipped = download.read()
        except OSError as error:
            raise bill_unreadable(str(error)) from error
        return alipay_trade_bill_lines(zipped)

    def notification_parse(self, *, headers: Mapping[str, str], body: bytes) -> NotificationReceived:
        """Alipay's asynchronous notification: a form, signed (RSA2) over its other fields."""
        try:
            data = dict(parse_qsl(body.decode(), keep_blank_values=True))
        except UnicodeDecodeError as error:
            raise WebhookSignatureInvalid() from error
        signature = data.pop("sign", "")
        payload = dict(data)
        try:
            valid = bool(signature) and client().verify(dict(data), signature)
        except Exception as error:  # an unknown sign_type, a signature that is not base64
            raise WebhookSignatureInvalid() from error
        if not valid or data.get("app_id") != settings.ALIPAY_APPID:
            raise WebhookSignatureInvalid()
        state = state_of(payload) if payload.get("trade_status") else None
        return NotificationReceived(
            notification_id=payload.get("notify_id", ""), payload=payload, state=state
        )


provider = AlipayProvider()
