"""The QR code for the exact amount at the cart, paid with Alipay (docs/pos.md): posPaymentQrCreate
with method ALIPAY makes an alipay.trade.precreate trade for the sale about to be recorded, the check
asks alipay.trade.query when the notification is lost, the cancel closes it (alipay.trade.close);
posSyncSales records the sale paid by it only when the claim holds. Against the Alipay fake
(tests/fakes/alipay.py: python-alipay-sdk signs, the fake checks every RSA2 signature)."""

import datetime
import uuid

import pytest
from django.urls import reverse

from carts.models import PosSale
from ledger.models import SaleSplit
from orders.models import Order, OrderHold
from orders.services.posting import orders_post_to_ledger
from payments.models import Payment
from tests import factories
from tests.api.conftest import row_counts
from tests.api.pos_helpers import open_shift, sale, sync
from tests.api.test_pos_payment_qr import CANCEL, SALE_UUID, check, create

pytestmark = pytest.mark.django_db

NOTIFY = reverse("payments:alipay_notify")
ORDER = "C-CHAKA-7F3A-000001"


@pytest.fixture
def shift(cart, operator, stocked):
    return open_shift(cart, operator)


def create_alipay(gql, token, **changes):
    return create(gql, token, method="ALIPAY", **changes)


def paid_sale(shift, reference, *, number=1, client_uuid=SALE_UUID, method="ALIPAY"):
    sent = sale(shift, number, lines=(("YAK-S", 1, 12800),), method=method, client_uuid=client_uuid)
    sent["payment"]["providerReference"] = reference
    return sent


def paid_and_checked(gql, token, alipay, **changes):
    reference = create_alipay(gql, token, **changes)["payment"]["reference"]
    alipay.pay(reference)
    check(gql, token, reference)
    return reference


def test_the_operator_shows_an_alipay_code_for_the_sale_and_it_confirms_once_paid(
    gql, client, operator_token, shift, cart, alipay
):
    made = create_alipay(gql, operator_token)

    reference = made["payment"]["reference"]
    assert made["errors"] == []
    assert (made["payment"]["method"], made["payment"]["amountFen"], made["payment"]["status"]) == (
        "ALIPAY",
        12800,
        "WAITING",
    )
    assert made["payment"]["qrCode"] == f"https://qr.alipay.com/bax0{reference[-12:].lower()}"
    trade = alipay.trades[reference]
    assert (trade.product_code, trade.total_amount, trade.state) == (
        "FACE_TO_FACE_PAYMENT",
        "128.00",
        "WAIT_BUYER_PAY",
    )
    assert trade.notify_url == "https://shop.example.com/payments/alipay/notify/"
    assert ("alipay.trade.precreate", "10000") in alipay.requests
    payment = Payment.objects.get(provider_reference=reference)
    assert (payment.provider, payment.reference) == ("alipay", f"pos:{cart.pk}:{uuid.UUID(SALE_UUID).hex}")
    assert check(gql, operator_token, reference)["payment"]["status"] == "WAITING"

    # The customer pays; Alipay's signed notification reaches us.
    notification = alipay.pay(reference)
    answer = client.post(NOTIFY, data=notification.body, content_type="application/x-www-form-urlencoded")

    assert (answer.status_code, answer.content) == (200, b"success")
    assert check(gql, operator_token, reference)["payment"]["status"] == "PAID"


def test_a_lost_notification_is_recovered_by_the_check(gql, operator_token, shift, alipay):
    reference = create_alipay(gql, operator_token)["payment"]["reference"]
    alipay.pay(reference)  # paid; the notification never comes

    checked = check(gql, operator_token, reference)

    assert checked["payment"]["status"] == "PAID"
    assert Payment.objects.get(provider_reference=reference).status == Payment.Status.SUCCEEDED
    assert ("alipay.trade.query", "10000") in alipay.requests


def test_asked_again_the_same_trade_and_another_amount_closes_the_old_one(gql, operator_token, shift, alipay):
    first = create_alipay(gql, operator_token)["payment"]["reference"]

    again = create_alipay(gql, operator_token)["payment"]["reference"]
    other = create_alipay(gql, operator_token, amount=25600)["payment"]

    assert again == first
    assert other["reference"] != first
    assert other["amountFen"] == 25600
    assert alipay.trades[first].state == "TRADE_CLOSED"
    assert alipay.trades[other["reference"]].total_amount == "256.00"
    assert Payment.objects.get(provider_reference=first).status == Payment.Status.CANCELLED


def test_the_paid_sale_syncs_paid_by_the_payment_and_the_ledger_gets_the_fee(
    gql, operator_token, shift, artisan, alipay, settings
):
    settings.ALIPAY_FEE_BP = 60
    factories.AgreementFactory(artisan=artisan, valid_from=datetime.date(2025, 1, 1))
    reference = paid_and_checked(gql, operator_token, alipay)

    payload = sync(gql, operator_token, [paid_sale(shift, reference)])

    assert [(r["status"], r["flags"]) for r in payload["results"]] == [("RECORDED", [])]
    order = Order.objects.get(number=ORDER)
    payment = Payment.objects.get(provider_reference=reference)
    assert order.payment_id == payment.pk
    assert not OrderHold.objects.filter(order=order).exists()
    assert orders_post_to_ledger(order_ids=[order.pk]) == 1
    payment.refresh_from_db()
    assert payment.fee_fen == 77  # 0.6 % of ¥128.00
    assert list(
        SaleSplit.objects.filter(reference__startswith=f"{order.number}/").values_list("fee_fen", "paid_fen")
    ) == [(77, 12800)]


def test_a_sale_whose_notification_was_lost_is_checked_with_alipay_at_sync(
    gql, operator_token, shift, alipay
):
    reference = create_alipay(gql, operator_token)["payment"]["reference"]
    alipay.pay(reference)  # nothing told us, and the tablet's last check did not reach us

    payload = sync(gql, operator_token, [paid_sale(shift, reference)])

    assert [(r["status"], r["flags"]) for r in payload["results"]] == [("RECORDED", [])]
    payment = Payment.objects.get(provider_reference=reference)
    assert payment.status == Payment.Status.SUCCEEDED
    assert Order.objects.get(number=ORDER).payment_id == payment.pk


def _unverified(payload, order_number=ORDER):
    assert [(r["status"], r["flags"]) for r in payload["results"]] == [
        ("RECORDED_WITH_FLAGS", ["PAYMENT_UNVERIFIED"])
    ]
    order = Order.objects.get(number=order_number)
    assert (order.payment_id, order.needs_reconciliation) == (None, True)
    assert OrderHold.objects.get(order=order).reasons == ["payment_unverified"]
    assert PosSale.objects.get(order=order).flags == ["payment_unverified"]


def test_a_forged_reference_is_recorded_held_and_pays_by_nothing(gql, operator_token, shift, alipay):
    _unverified(sync(gql, operator_token, [paid_sale(shift, "GF0000000000000000000000FORGED")]))

    assert alipay.trades == {}


def test_an_unpaid_or_other_amount_payment_does_not_pay_the_sale(gql, operator_token, shift, alipay):
    unpaid = create_alipay(gql, operator_token)["payment"]["reference"]
    _unverified(sync(gql, operator_token, [paid_sale(shift, unpaid)]))

    smaller = paid_and_checked(gql, operator_token, alipay, client_uuid=str(uuid.UUID(int=8)), amount=100)
    second = paid_sale(shift, smaller, number=2, client_uuid=str(uuid.UUID(int=8)))
    _unverified(sync(gql, operator_token, [second]), "C-CHAKA-7F3A-000002")


def test_an_alipay_payment_named_as_wechat_does_not_pay_the_sale(gql, operator_token, shift, alipay):
    reference = paid_and_checked(gql, operator_token, alipay)

    _unverified(sync(gql, operator_token, [paid_sale(shift, reference, method="WECHAT")]))

    assert Payment.objects.get(provider_reference=reference).status == Payment.Status.SUCCEEDED


def test_a_payment_cannot_pay_a_second_sale(gql, operator_token, shift, alipay):
    reference = paid_and_checked(gql, operator_token, alipay)
    sync(gql, operator_token, [paid_sale(shift, reference)])

    second = paid_sale(shift, reference, number=2, client_uuid=str(uuid.uuid4()))
    _unverified(sync(gql, operator_token, [second]), "C-CHAKA-7F3A-000002")

    payment = Payment.objects.get(provider_reference=reference)
    assert list(Order.objects.filter(payment=payment).values_list("number", flat=True)) == [ORDER]


def test_cancelled_the_trade_is_closed_and_paid_meanwhile_it_answers_paid(gql, operator_token, shift, alipay):
    reference = create_alipay(gql, operator_token)["payment"]["reference"]

    cancelled = check(gql, operator_token, reference, mutation=CANCEL)

    assert cancelled["payment"]["status"] == "CANCELLED"
    assert alipay.trades[reference].state == "TRADE_CLOSED"
    assert ("alipay.trade.close", "10000") in alipay.requests

    other = create_alipay(gql, operator_token, client_uuid=str(uuid.uuid4()))["payment"]["reference"]
    alipay.pay(other)
    assert check(gql, operator_token, other, mutation=CANCEL)["payment"]["status"] == "PAID"
    assert alipay.trades[other].state == "TRADE_SUCCESS"


def test_a_request_alipay_cannot_verify_makes_nothing(gql, operator_token, shift, alipay, settings, tmp_path):
    # Our app key is not the one Alipay holds: the fake refuses the signature (isv.invalid-signature).
    from cryptography.hazmat.primitives.asymmetric import rsa

    from tests.fakes.tunnel import pem_private

    wrong = tmp_path / "wrong.pem"
    wrong.write_bytes(pem_private(rsa.generate_private_key(public_exponent=65537, key_size=2048)))
    settings.ALIPAY_PRIVATE_KEY_PATH = str(wrong)
    before = row_counts(Payment)

    made = create_alipay(gql, operator_token)

    assert made["payment"] is None
    assert [e["code"] for e in made["errors"]] == ["PAYMENT_PROVIDER_ERROR"]
    assert alipay.requests == [("alipay.trade.precreate", "40002")]
    assert alipay.trades == {}
    assert row_counts(Payment) == before


def test_without_alipay_configured_the_tablet_is_told_to_use_the_printed_code(
    gql, operator_token, shift, settings
):
    settings.ALIPAY_APPID = ""

    made = create_alipay(gql, operator_token)

    assert made["payment"] is None
    assert [e["code"] for e in made["errors"]] == ["PAYMENT_UNAVAILABLE"]
    assert Payment.objects.count() == 0
