"""WeChat Pay through wechatpayv3 against the fake (tests/fakes/wechat_pay.py), which checks every
request's signature as WeChat Pay does and signs its answers and notifications with its own key."""

import base64
import datetime
import json

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding
from django.urls import reverse

from core.errors import ValidationFailed
from payments.errors import PaymentProviderError, PaymentUnavailable, RefundExceedsPayment
from payments.models import Payment, PaymentNotification, Refund
from payments.providers import Scene
from payments.services import (
    payment_cancel,
    payment_create,
    payment_fee_record,
    payment_refresh,
    payment_refund,
    payments_unconfirmed_refresh,
)
from tests.payments.conftest import snapshot

pytestmark = pytest.mark.django_db

NOTIFY = reverse("payments:wechat_pay_notify")


def wechat_payment(scene=Scene.NATIVE, amount_fen=52400, **kwargs) -> Payment:
    return payment_create(
        reference="checkout:wechat", amount_fen=amount_fen, provider="wechat_pay", scene=scene, **kwargs
    )


def notify(client, notification):
    return client.post(
        NOTIFY, data=notification.body, content_type="application/json", **notification.django_headers()
    )


def wallet_snapshot() -> dict:
    return {**snapshot(), "notifications": list(PaymentNotification.objects.order_by("pk").values())}


def test_native_payment_shows_a_qr_code_and_its_notification_records_the_payment(wechat_pay, client):
    # given a desktop tourist's payment of 524.00
    payment = wechat_payment()
    trade = wechat_pay.trades[payment.provider_reference]
    assert (payment.provider, payment.status, payment.next_step) == ("wechat_pay", "created", "qr_code")
    assert payment.next_step_value == f"weixin://wxpay/bizpayurl?pr={trade.prepay_id[-10:]}"
    assert (trade.trade_type, trade.total, trade.notify_url) == (
        "NATIVE",
        52400,
        "https://shop.example.com/payments/wechat-pay/notify/",
    )

    # when she pays in WeChat and WeChat Pay notifies us
    response = notify(client, wechat_pay.pay(payment.provider_reference))

    # then
    assert response.status_code == 204
    payment.refresh_from_db()
    assert (payment.status, payment.succeeded_at is not None) == ("succeeded", True)
    stored = PaymentNotification.objects.get()
    assert (stored.provider, stored.payment, stored.processed_at is not None) == ("wechat_pay", payment, True)
    assert stored.payload["resource"]["transaction_id"] == trade.transaction_id
    assert stored.payload["resource"]["amount"]["total"] == 52400


def test_calls_to_wechat_pay_go_over_one_kept_connection(wechat_pay):
    # given a payment made (this process's client, and its connection, may be older)
    wechat_payment()
    opened, asked = wechat_pay.server.tunnels_opened, len(wechat_pay.requests)

    # when more calls follow: another payment, its query, its close
    payment = wechat_payment(amount_fen=100)
    payment, _ = payment_refresh(payment=payment)
    payment_cancel(payment=payment)

    # then each went over the same connection: none paid for a new one (a TLS handshake in the web
    # worker, and WeChat Pay's round trips, every time)
    calls = [
        (method, path.split("/")[-1].split("?")[0]) for method, path, _status in wechat_pay.requests[asked:]
    ]
    assert calls == [("POST", "native"), ("GET", payment.provider_reference), ("POST", "close")]
    assert wechat_pay.server.tunnels_opened == opened
    assert Payment.objects.get(pk=payment.pk).status == "cancelled"


def test_h5_payment_redirects_the_phone_to_the_wallet(wechat_pay):
    payment = wechat_payment(scene=Scene.H5, client_ip="203.0.113.7")

    assert payment.next_step == "redirect"
    assert payment.next_step_value.startswith(
        f"{wechat_pay.url}/wallet/{payment.provider_reference}?prepay_id=wx"
    )
    assert wechat_pay.trades[payment.provider_reference].trade_type == "H5"


def test_h5_without_the_phone_address_is_refused_and_nothing_is_made(wechat_pay):
    with pytest.raises(ValidationFailed) as refused:
        wechat_payment(scene=Scene.H5)

    assert refused.value.field == "scene"
    assert Payment.objects.count() == 0
    assert wechat_pay.trades == {}


def test_jsapi_inside_wechat_gives_the_bridge_parameters_signed_by_the_merchant(wechat_pay, settings):
    # given an official account
    settings.WECHATPAY_JSAPI_APPID, settings.WECHAT_OA_SECRET = wechat_pay.official_account

    payment = wechat_payment(scene=Scene.JSAPI, openid="oUpF8uMuAJO_M2pxb1Q9zNjWeS6o")

    params = json.loads(payment.next_step_value)
    trade = wechat_pay.trades[payment.provider_reference]
    assert (payment.next_step, trade.trade_type, trade.appid, trade.openid) == (
        "jsapi",
        "JSAPI",
        "wx2421b1c4370ec43b",
        "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o",
    )
    assert (params["appId"], params["package"], params["signType"]) == (
        "wx2421b1c4370ec43b",
        f"prepay_id={trade.prepay_id}",
        "RSA",
    )
    message = f"{params['appId']}\n{params['timeStamp']}\n{params['nonceStr']}\n{params['package']}\n"
    wechat_pay.keys.merchant_public_key.verify(
        base64.b64decode(params["paySign"]), message.encode(), padding.PKCS1v15(), hashes.SHA256()
    )


def test_jsapi_is_not_offered_without_an_official_account(wechat_pay):
    with pytest.raises(ValidationFailed) as refused:
        wechat_payment(scene=Scene.JSAPI, openid="oUpF8uMuAJO_M2pxb1Q9zNjWeS6o")

    assert refused.value.field == "scene"
    assert wechat_pay.trades == {}


def test_a_notification_delivered_twice_is_recorded_once(wechat_pay, client):
    payment = wechat_payment()
    notification = wechat_pay.pay(payment.provider_reference)

    first, second = notify(client, notification), notify(client, notification)

    assert (first.status_code, second.status_code) == (204, 204)
    assert PaymentNotification.objects.count() == 1
    assert Payment.objects.get().status == "succeeded"


def test_a_notification_after_a_refund_changes_nothing(wechat_pay, client):
    # given a payment found paid by the query (its notification late) and then partly refunded
    payment = wechat_payment()
    late = wechat_pay.pay(payment.provider_reference)
    payment, became_succeeded = payment_refresh(payment=payment)
    payment_refund(payment=payment, amount_fen=2000, reason="尺码不合", idempotency_key="refund-1")

    # when the late notification arrives
    response = notify(client, late)

    # then it is kept, and the payment stays as the refund left it
    assert (became_succeeded, response.status_code) == (True, 204)
    payment.refresh_from_db()
    assert (payment.status, payment.refunded_fen) == ("partially_refunded", 2000)
    assert PaymentNotification.objects.get().processed_at is not None


def test_a_notification_with_a_bad_signature_is_refused_and_nothing_is_recorded(wechat_pay, client):
    payment = wechat_payment()
    notification = wechat_pay.pay(payment.provider_reference)
    before = wallet_snapshot()
    # the body changed after WeChat Pay signed it
    notification.body = notification.body.replace(b'"summary": "\xe6\x94\xaf', b'"summary": "X\xe6\x94\xaf')

    response = notify(client, notification)

    assert (response.status_code, response.json()) == (401, {"code": "FAIL", "message": "签名错误"})
    assert wallet_snapshot() == before
    assert Payment.objects.get().status == "created"


def test_a_notification_signed_by_another_key_is_refused(wechat_pay, client, tmp_path):
    from tests.fakes.wechat_pay import FakeWeChatPay, WeChatPayKeys

    payment = wechat_payment()
    wechat_pay.pay(payment.provider_reference)
    # an impostor who knows the platform serial but not the platform key
    impostor = FakeWeChatPay(WeChatPayKeys.generate(tmp_path))
    forged = impostor.signed_headers(wechat_pay.notifications[-1].body.decode())
    forged["Wechatpay-Serial"] = wechat_pay.keys.platform_serial
    wechat_pay.notifications[-1].headers = forged

    response = notify(client, wechat_pay.notifications[-1])

    assert response.status_code == 401
    assert (PaymentNotification.objects.count(), Payment.objects.get().status) == (0, "created")


def test_a_notification_with_another_amount_never_marks_the_payment_paid(wechat_pay, client):
    # given a notification for this trade, signed by WeChat Pay, saying 0.01 was paid
    payment = wechat_payment()
    wechat_pay.pay(payment.provider_reference)
    forged = wechat_pay.notification(wechat_pay.trades[payment.provider_reference], amount_total=1)

    response = notify(client, forged)

    # then acknowledged and kept for staff, unprocessed; the payment is not paid
    assert response.status_code == 204
    stored = PaymentNotification.objects.get()
    assert (stored.payment, stored.processed_at) == (payment, None)
    assert Payment.objects.get().status == "created"


def test_a_lost_notification_is_recovered_by_the_query(wechat_pay):
    # given a payment made at 12:00 and paid, whose notification never came
    created = datetime.datetime(2026, 12, 6, 12, 0, tzinfo=datetime.UTC)
    payment = wechat_payment()
    Payment.objects.filter(pk=payment.pk).update(created=created)
    wechat_pay.pay(payment.provider_reference)

    # when the beat task runs at 12:00:30 and at 12:02
    early = payments_unconfirmed_refresh(now=created + datetime.timedelta(seconds=30))
    late = payments_unconfirmed_refresh(now=created + datetime.timedelta(minutes=2))

    # then the second asked WeChat Pay and recorded the payment
    assert (early, late) == (0, 1)
    assert Payment.objects.get().status == "succeeded"
    queried = [r for r in wechat_pay.requests if r[0] == "GET" and "/out-trade-no/" in r[1]]
    assert queried == [("GET", f"/v3/pay/transactions/out-trade-no/{payment.provider_reference}", 200)]


def test_refunds_part_then_the_rest(wechat_pay):
    payment = wechat_payment()
    wechat_pay.pay(payment.provider_reference)
    payment, _ = payment_refresh(payment=payment)

    first = payment_refund(payment=payment, amount_fen=12800, reason="破损", idempotency_key="refund-1")
    again = payment_refund(payment=payment, amount_fen=12800, reason="破损", idempotency_key="refund-1")
    payment_refund(payment=payment, amount_fen=39600, reason="退货", idempotency_key="refund-2")

    payment.refresh_from_db()
    assert again == first
    assert (payment.status, payment.refunded_fen) == ("refunded", 52400)
    assert [
        (r["out_refund_no"], r["amount"]["refund"])
        for r in wechat_pay.trades[payment.provider_reference].refunds
    ] == [
        ("refund-1", 12800),
        ("refund-2", 39600),
    ]
    assert list(Refund.objects.order_by("pk").values_list("provider_refund_id", flat=True)) == [
        wechat_pay.refunds["refund-1"]["refund_id"],
        wechat_pay.refunds["refund-2"]["refund_id"],
    ]


def test_a_refund_larger_than_paid_is_refused_by_us_and_never_sent(wechat_pay):
    payment = wechat_payment()
    wechat_pay.pay(payment.provider_reference)
    payment, _ = payment_refresh(payment=payment)
    before = wallet_snapshot()

    with pytest.raises(RefundExceedsPayment) as refused:
        payment_refund(payment=payment, amount_fen=52401, reason="多退", idempotency_key="refund-big")

    assert refused.value.params == {"refundable_fen": 52400}
    assert wallet_snapshot() == before
    assert wechat_pay.refunds == {}
    assert not [r for r in wechat_pay.requests if r[1] == "/v3/refund/domestic/refunds"]


def test_the_fee_is_wechat_pays_rate_on_the_amount(wechat_pay, settings):
    settings.WECHATPAY_FEE_BP = 60  # 0.6 %
    payment = wechat_payment()
    wechat_pay.pay(payment.provider_reference)
    payment, _ = payment_refresh(payment=payment)

    payment = payment_fee_record(payment=payment)

    assert (payment.fee_fen, Payment.objects.get().fee_fen) == (314, 314)  # 524.00 × 0.6 % = 3.144


def test_cancel_closes_the_unpaid_trade(wechat_pay):
    payment = wechat_payment()

    payment, became_succeeded = payment_cancel(payment=payment)

    assert (payment.status, became_succeeded) == ("cancelled", False)
    assert wechat_pay.trades[payment.provider_reference].state == "CLOSED"


def test_cancel_of_a_trade_paid_meanwhile_records_the_payment(wechat_pay):
    payment = wechat_payment()
    wechat_pay.pay(payment.provider_reference)

    payment, became_succeeded = payment_cancel(payment=payment)

    assert (payment.status, became_succeeded) == ("succeeded", True)
    assert wechat_pay.trades[payment.provider_reference].state == "SUCCESS"


def test_a_request_signed_with_another_merchant_key_is_refused_and_nothing_is_recorded(
    wechat_pay, settings, tmp_path
):
    from tests.fakes.wechat_pay import WeChatPayKeys

    # given our settings name a key WeChat Pay does not know for this serial
    settings.WECHATPAY_PRIVATE_KEY_PATH = str(WeChatPayKeys.generate(tmp_path).merchant_key_path)

    with pytest.raises(PaymentProviderError):
        wechat_payment()

    assert wallet_snapshot() == {"payments": [], "refunds": [], "events": [], "notifications": []}
    assert wechat_pay.trades == {}
    assert ("POST", "/v3/pay/transactions/native", 401) in wechat_pay.requests or (
        "GET",
        "/v3/certificates",
        401,
    ) in wechat_pay.requests


def test_without_its_settings_wechat_pay_is_not_offered(wechat_pay, settings):
    settings.WECHATPAY_APIV3_KEY = ""

    with pytest.raises(PaymentUnavailable):
        wechat_payment()

    assert (Payment.objects.count(), wechat_pay.trades) == (0, {})
