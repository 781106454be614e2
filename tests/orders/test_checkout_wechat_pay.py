"""A checkout paid through WeChat Pay (its fake): the order is made once however often WeChat Pay
notifies, the reservation becomes an allocation once, a refund returns the pieces, and the ledger
gets WeChat Pay's fee. The checkout and the ledger never ask which provider took the money."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from inventory.models import Movement, StockHold, StockLevel
from ledger.models import SaleSplit
from orders.models import Checkout, Order
from orders.services import checkout_payment_create, checkouts_expire, order_refund
from orders.services.posting import orders_post_to_ledger
from payments.models import Payment
from tests import factories
from tests.ledger.support import unbalanced_transactions

pytestmark = pytest.mark.django_db


def level(variant, location) -> tuple[int, int]:
    stock = StockLevel.objects.get(variant=variant, location=location)
    return stock.quantity, stock.allocated


def notify(client, notification):
    return client.post(
        reverse("payments:wechat_pay_notify"),
        data=notification.body,
        content_type="application/json",
        **notification.django_headers(),
    )


@pytest.fixture
def paid_by_wechat(wechat_pay, base_stocked, robe, purse, make_checkout, client):
    """A robe and a purse shipped to Qinghai (128000 + 9800 + 1200 = 139000 fen), paid by scanning
    the QR code, WeChat Pay's notification delivered twice."""
    checkout = make_checkout([(robe, 1), (purse, 1)])
    payment = checkout_payment_create(checkout=checkout, provider="wechat_pay", scene="native")
    notification = wechat_pay.pay(payment.provider_reference)
    responses = [notify(client, notification).status_code, notify(client, notification).status_code]
    assert responses == [204, 204]
    return Order.objects.get()


def test_a_notified_payment_makes_the_order_once_and_allocates_once(
    paid_by_wechat, wechat_pay, base, robe, purse
):
    order = paid_by_wechat

    assert Order.objects.count() == 1
    assert (order.status, order.total_fen, order.payment.provider, order.payment.status) == (
        "paid",
        139000,
        "wechat_pay",
        "succeeded",
    )
    assert wechat_pay.trades[order.payment.provider_reference].total == 139000
    assert Checkout.objects.get().status == "completed"
    assert (level(robe, base), level(purse, base)) == ((2, 1), (5, 1))
    # the reservation became the order's allocation, once: one hold per line, none left reserved
    holds = StockHold.objects.filter(released_at__isnull=True).order_by("variant__sku")
    assert list(holds.values_list("kind", "reference", "variant__sku", "quantity")) == [
        ("allocation", f"order:{order.number}", "PURSE-RED", 1),
        ("allocation", f"order:{order.number}", "ROBE-M", 1),
    ]
    assert Movement.objects.filter(kind="sale").count() == 0  # handed over later, not at payment


def test_the_query_then_the_late_notification_make_one_order(
    wechat_pay, base_stocked, base, robe, make_checkout, client
):
    from payments.services import payment_refresh

    checkout = make_checkout([(robe, 1)])
    payment = checkout_payment_create(checkout=checkout, provider="wechat_pay", scene="native")
    late = wechat_pay.pay(payment.provider_reference)

    payment_refresh(payment=payment)  # the beat task's query, before the notification
    response = notify(client, late)

    assert response.status_code == 204
    assert Order.objects.count() == 1
    assert level(robe, base) == (2, 1)


def test_a_refund_goes_back_through_wechat_pay_and_returns_the_pieces(
    paid_by_wechat, wechat_pay, base, robe, purse, staff
):
    order = paid_by_wechat

    refund = order_refund(order=order, actor=staff, reason="顾客取消")

    payment = Payment.objects.get()
    assert (payment.status, payment.refunded_fen, refund.amount_fen) == ("refunded", 139000, 139000)
    trade = wechat_pay.trades[payment.provider_reference]
    assert [(r["out_refund_no"], r["amount"]["refund"]) for r in trade.refunds] == [
        (refund.reference, 139000)
    ]
    assert refund.stripe_refund_id == trade.refunds[0]["refund_id"]
    assert (level(robe, base), level(purse, base)) == ((2, 0), (5, 0))


def test_the_ledger_gets_wechat_pays_fee(paid_by_wechat, robe, purse, settings):
    settings.WECHATPAY_FEE_BP = 60
    factories.AgreementFactory(artisan=robe.artisan)
    order = paid_by_wechat

    assert orders_post_to_ledger(order_ids=[order.pk]) == 1

    order.refresh_from_db()
    order.payment.refresh_from_db()
    assert order.payment.fee_fen == 834  # 1390.00 × 0.6 %
    assert order.ledger_posted_at is not None
    assert unbalanced_transactions() == []
    robe_line = order.lines.get(sku="ROBE-M")
    # the fee shared over what each line was paid (128000 of 137800 carries 775 of 834)
    assert SaleSplit.objects.get(reference=f"{order.number}/{robe_line.pk}").fee_fen == 775


def test_an_expired_checkout_closes_its_wechat_pay_trade_and_releases_the_pieces(
    wechat_pay, base_stocked, base, robe, make_checkout
):
    checkout = make_checkout([(robe, 1)])
    payment = checkout_payment_create(checkout=checkout, provider="wechat_pay", scene="native")
    assert level(robe, base) == (2, 1)  # held for the tourist

    assert checkouts_expire(now=timezone.now() + datetime.timedelta(hours=1)) == 1

    assert wechat_pay.trades[payment.provider_reference].state == "CLOSED"
    assert Payment.objects.get().status == "cancelled"
    assert Checkout.objects.get().status == "open"
    assert level(robe, base) == (2, 0)
