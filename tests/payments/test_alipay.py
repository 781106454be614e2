"""Alipay through python-alipay-sdk against the fake (tests/fakes/alipay.py), which checks every
request's RSA2 signature as Alipay does and signs its answers and notifications with its own key."""

import datetime
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from payments.errors import PaymentUnavailable, RefundExceedsPayment
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

NOTIFY = reverse("payments:alipay_notify")


def alipay_payment(scene=Scene.NATIVE, amount_fen=52400) -> Payment:
    return payment_create(reference="checkout:alipay", amount_fen=amount_fen, provider="alipay", scene=scene)


def opened_and_paid(fake, payment):
    """The tourist follows the redirect to Alipay and pays there: the notification (not delivered)."""
    assert fake.open(payment.next_step_value) == 200
    return fake.pay(payment.provider_reference)


def notify(client, notification):
    return client.post(NOTIFY, data=notification.body, content_type="application/x-www-form-urlencoded")


def wallet_snapshot() -> dict:
    return {**snapshot(), "notifications": list(PaymentNotification.objects.order_by("pk").values())}


@pytest.mark.parametrize(
    ("scene", "method", "product_code"),
    [
        (Scene.NATIVE, "alipay.trade.page.pay", "FAST_INSTANT_TRADE_PAY"),
        (Scene.H5, "alipay.trade.wap.pay", "QUICK_WAP_PAY"),
    ],
)
def test_the_tourist_is_sent_to_alipay_with_a_signed_request_for_the_amount(
    alipay, scene, method, product_code
):
    payment = alipay_payment(scene=scene)

    assert (payment.provider, payment.status, payment.next_step) == ("alipay", "created", "redirect")
    url = urlsplit(payment.next_step_value)
    params = {name: values[0] for name, values in parse_qs(url.query).items()}
    assert f"{url.scheme}://{url.netloc}{url.path}" == alipay.gateway
    assert (params["method"], params["sign_type"], params["notify_url"], params["return_url"]) == (
        method,
        "RSA2",
        "https://shop.example.com/payments/alipay/notify/",
        "https://shop.example.com/checkout/return/",
    )
    # Alipay accepts it (the signature checks out) and opens the trade for 524.00
    assert alipay.open(payment.next_step_value) == 200
    trade = alipay.trades[payment.provider_reference]
    assert (trade.total_amount, trade.product_code, trade.state) == ("524.00", product_code, "WAIT_BUYER_PAY")


def test_a_tampered_redirect_is_refused_by_alipay(alipay):
    payment = alipay_payment()

    assert alipay.open(payment.next_step_value.replace("524.00", "0.01")) == 400
    assert alipay.trades == {}


def test_the_notification_records_the_payment_once(alipay, client):
    payment = alipay_payment()
    notification = opened_and_paid(alipay, payment)

    first, second = notify(client, notification), notify(client, notification)

    assert [(r.status_code, r.content) for r in (first, second)] == [(200, b"success"), (200, b"success")]
    payment.refresh_from_db()
    assert payment.status == "succeeded"
    stored = PaymentNotification.objects.get()
    assert (
        stored.provider,
        stored.payment,
        stored.payload["trade_status"],
        stored.payload["total_amount"],
    ) == (
        "alipay",
        payment,
        "TRADE_SUCCESS",
        "524.00",
    )


def test_a_notification_with_a_bad_signature_is_refused_and_nothing_is_recorded(alipay, client):
    payment = alipay_payment()
    notification = opened_and_paid(alipay, payment)
    before = wallet_snapshot()
    notification.body = notification.body.replace(
        b"trade_status=TRADE_SUCCESS", b"trade_status=TRADE_FINISHED"
    )

    response = notify(client, notification)

    assert (response.status_code, response.content) == (400, b"fail")
    assert wallet_snapshot() == before


def test_a_notification_with_another_amount_never_marks_the_payment_paid(alipay, client):
    payment = alipay_payment()
    opened_and_paid(alipay, payment)
    forged = alipay.notification(alipay.trades[payment.provider_reference], total_amount="0.01")

    response = notify(client, forged)

    assert response.content == b"success"
    stored = PaymentNotification.objects.get()
    assert (stored.payment, stored.processed_at) == (payment, None)
    assert Payment.objects.get().status == "created"


def test_a_lost_notification_is_recovered_by_the_query(alipay):
    created = datetime.datetime(2026, 12, 6, 12, 0, tzinfo=datetime.UTC)
    payment = alipay_payment()
    Payment.objects.filter(pk=payment.pk).update(created=created)
    opened_and_paid(alipay, payment)

    paid = payments_unconfirmed_refresh(now=created + datetime.timedelta(minutes=2))

    assert paid == 1
    assert Payment.objects.get().status == "succeeded"
    assert ("alipay.trade.query", "10000") in alipay.requests


def test_a_payment_never_opened_in_alipay_is_still_waiting(alipay):
    payment = alipay_payment()

    payment, became_succeeded = payment_refresh(payment=payment)

    assert (payment.status, became_succeeded) == ("created", False)
    assert ("alipay.trade.query", "40004") in alipay.requests


def test_refunds_part_then_the_rest_and_never_more(alipay):
    payment = alipay_payment()
    opened_and_paid(alipay, payment)
    payment, _ = payment_refresh(payment=payment)

    payment_refund(payment=payment, amount_fen=12850, reason="破损", idempotency_key="refund-1")
    with pytest.raises(RefundExceedsPayment):
        payment_refund(payment=payment, amount_fen=39551, reason="多退", idempotency_key="refund-big")
    payment_refund(payment=payment, amount_fen=39550, reason="退货", idempotency_key="refund-2")

    payment.refresh_from_db()
    assert (payment.status, payment.refunded_fen) == ("refunded", 52400)
    assert [
        (refund["out_request_no"], refund["refund_amount"])
        for refund in alipay.trades[payment.provider_reference].refunds
    ] == [("refund-1", "128.50"), ("refund-2", "395.50")]
    assert Refund.objects.count() == 2
    assert [name for name, _code in alipay.requests].count("alipay.trade.refund") == 2


def test_cancel_closes_an_opened_trade(alipay):
    payment = alipay_payment()
    alipay.open(payment.next_step_value)

    payment, became_succeeded = payment_cancel(payment=payment)

    assert (payment.status, became_succeeded) == ("cancelled", False)
    assert alipay.trades[payment.provider_reference].state == "TRADE_CLOSED"


def test_cancel_of_a_trade_paid_meanwhile_records_the_payment(alipay):
    payment = alipay_payment()
    opened_and_paid(alipay, payment)

    payment, became_succeeded = payment_cancel(payment=payment)

    assert (payment.status, became_succeeded) == ("succeeded", True)


def test_the_fee_is_alipays_rate(alipay, settings):
    settings.ALIPAY_FEE_BP = 60
    payment = alipay_payment()
    opened_and_paid(alipay, payment)
    payment, _ = payment_refresh(payment=payment)

    assert payment_fee_record(payment=payment).fee_fen == 314


def test_without_its_settings_alipay_is_not_offered(alipay, settings):
    settings.ALIPAY_PUBLIC_KEY_PATH = ""

    with pytest.raises(PaymentUnavailable):
        alipay_payment()

    assert Payment.objects.count() == 0
