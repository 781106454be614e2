"""A QR code for the exact amount at the cart (docs/pos.md): posPaymentQrCreate makes a WeChat Pay
Native payment for the sale about to be recorded, posPaymentQrCheck says when it is paid (asking the
provider when the notification is lost), posPaymentQrCancel gives it up; posSyncSales records the
sale paid by it only when the claim holds, against the WeChat Pay fake (tests/fakes/wechat_pay.py:
wechatpayv3 signs, the fake checks every signature)."""

import datetime
import uuid

import pytest

from api.core.tokens import token_for
from carts.models import PosSale
from ledger.models import SaleSplit
from orders.models import Order, OrderHold
from orders.services.posting import orders_post_to_ledger
from payments.models import Payment
from tests import factories
from tests.api.conftest import DENIED, gid, row_counts
from tests.api.pos_helpers import open_shift, other_operator, sale, sync

pytestmark = pytest.mark.django_db

FIELDS = "payment { reference method amountFen status qrCode } errors { field code message }"
CREATE = f"""mutation($cart: String!, $clientUuid: String!, $amountFen: Fen!, $method: PosPaymentMethod!) {{
  posPaymentQrCreate(cart: $cart, clientUuid: $clientUuid, amountFen: $amountFen, method: $method) {{
    {FIELDS} }} }}"""
CHECK = f"""mutation($cart: String!, $reference: String!) {{
  posPaymentQrCheck(cart: $cart, reference: $reference) {{ {FIELDS} }} }}"""
CANCEL = f"""mutation($cart: String!, $reference: String!) {{
  posPaymentQrCancel(cart: $cart, reference: $reference) {{ {FIELDS} }} }}"""
SALE_UUID = str(uuid.UUID(int=7))
NOTIFY = "/payments/wechat-pay/notify/"


@pytest.fixture
def shift(cart, operator, stocked):
    return open_shift(cart, operator)


def create(gql, token, *, client_uuid=SALE_UUID, amount=12800, method="WECHAT", cart="chaka"):
    variables = {"cart": cart, "clientUuid": client_uuid, "amountFen": amount, "method": method}
    result = gql(CREATE, variables, token=token)
    assert "errors" not in result, result
    return result["data"]["posPaymentQrCreate"]


def check(gql, token, reference, *, mutation=CHECK, cart="chaka"):
    result = gql(mutation, {"cart": cart, "reference": reference}, token=token)
    assert "errors" not in result, result
    return next(iter(result["data"].values()))


def paid_sale(shift, reference, *, number=1, client_uuid=SALE_UUID, lines=(("YAK-S", 1, 12800),)):
    sent = sale(shift, number, lines=lines, method="WECHAT", client_uuid=client_uuid)
    sent["payment"]["providerReference"] = reference
    return sent


def test_the_operator_shows_a_qr_code_for_the_sale_and_it_confirms_once_paid(
    gql, client, operator_token, shift, cart, wechat_pay
):
    made = create(gql, operator_token)

    reference = made["payment"]["reference"]
    assert made["errors"] == []
    assert made["payment"]["method"] == "WECHAT"
    assert made["payment"]["amountFen"] == 12800
    assert made["payment"]["status"] == "WAITING"
    assert made["payment"]["qrCode"].startswith("weixin://wxpay/bizpayurl?pr=")
    trade = wechat_pay.trades[reference]
    assert (trade.trade_type, trade.total, trade.state) == ("NATIVE", 12800, "NOTPAY")
    payment = Payment.objects.get(provider_reference=reference)
    assert payment.reference == f"pos:{cart.pk}:{uuid.UUID(SALE_UUID).hex}"
    assert check(gql, operator_token, reference)["payment"]["status"] == "WAITING"

    # The customer pays; WeChat Pay's signed notification reaches us.
    notification = wechat_pay.pay(reference)
    answer = client.post(
        NOTIFY, data=notification.body, content_type="application/json", **notification.django_headers()
    )

    assert answer.status_code == 204
    assert check(gql, operator_token, reference)["payment"]["status"] == "PAID"


def test_a_lost_notification_is_recovered_by_the_check(gql, operator_token, shift, wechat_pay):
    reference = create(gql, operator_token)["payment"]["reference"]
    wechat_pay.pay(reference)  # paid; the notification never comes

    checked = check(gql, operator_token, reference)

    assert checked["payment"]["status"] == "PAID"
    assert Payment.objects.get(provider_reference=reference).status == Payment.Status.SUCCEEDED
    assert ("GET", f"/v3/pay/transactions/out-trade-no/{reference}") in [
        (method, path) for method, path, _status in wechat_pay.requests
    ]


def test_asked_again_for_the_same_sale_the_same_payment_answers(gql, operator_token, shift, wechat_pay):
    first = create(gql, operator_token)["payment"]["reference"]

    again = create(gql, operator_token)["payment"]["reference"]

    assert again == first
    assert list(wechat_pay.trades) == [first]


def test_a_changed_amount_closes_the_old_code_and_makes_a_new_one(gql, operator_token, shift, wechat_pay):
    first = create(gql, operator_token)["payment"]["reference"]

    second = create(gql, operator_token, amount=25600)["payment"]

    assert second["reference"] != first
    assert second["amountFen"] == 25600
    assert wechat_pay.trades[first].state == "CLOSED"
    assert Payment.objects.get(provider_reference=first).status == Payment.Status.CANCELLED


def test_the_paid_sale_syncs_paid_by_the_payment_and_the_ledger_gets_the_fee(
    gql, operator_token, shift, stocked, artisan, wechat_pay, settings
):
    settings.WECHATPAY_FEE_BP = 60
    factories.AgreementFactory(artisan=artisan, valid_from=datetime.date(2025, 1, 1))
    reference = create(gql, operator_token)["payment"]["reference"]
    wechat_pay.pay(reference)
    check(gql, operator_token, reference)

    payload = sync(gql, operator_token, [paid_sale(shift, reference)])

    assert [(r["status"], r["flags"]) for r in payload["results"]] == [("RECORDED", [])]
    order = Order.objects.get(number="C-CHAKA-7F3A-000001")
    payment = Payment.objects.get(provider_reference=reference)
    assert order.payment_id == payment.pk
    assert not OrderHold.objects.filter(order=order).exists()
    assert orders_post_to_ledger(order_ids=[order.pk]) == 1
    payment.refresh_from_db()
    assert payment.fee_fen == 77  # 0.6 % of ¥128.00
    assert list(
        SaleSplit.objects.filter(reference__startswith=f"{order.number}/").values_list("fee_fen", "paid_fen")
    ) == [(77, 12800)]


def test_a_qr_paid_sale_refunded_at_the_cart_is_not_refunded_again_through_wechat_pay(
    gql, operator_token, shift, wechat_pay
):
    reference = create(gql, operator_token)["payment"]["reference"]
    wechat_pay.pay(reference)
    check(gql, operator_token, reference)
    sync(gql, operator_token, [paid_sale(shift, reference)])
    refund = {
        "clientUuid": str(uuid.uuid4()),
        "saleUuid": SALE_UUID,
        "shift": gid("Shift", shift),
        "deviceTime": "2026-07-01T05:00:00+00:00",
        "reason": "尺寸不合适",
    }

    payload = sync(gql, operator_token, [], refunds=[refund])

    assert [r["status"] for r in payload["results"]] == ["RECORDED"]
    assert Order.objects.get(number="C-CHAKA-7F3A-000001").status == Order.Status.REFUNDED
    payment = Payment.objects.get(provider_reference=reference)
    assert (payment.status, payment.refunded_fen) == (Payment.Status.SUCCEEDED, 0)
    assert wechat_pay.refunds == {}


def test_a_sale_whose_payment_notification_was_lost_is_checked_with_the_provider_at_sync(
    gql, operator_token, shift, wechat_pay
):
    reference = create(gql, operator_token)["payment"]["reference"]
    wechat_pay.pay(reference)  # nothing told us

    payload = sync(gql, operator_token, [paid_sale(shift, reference)])

    assert [(r["status"], r["flags"]) for r in payload["results"]] == [("RECORDED", [])]
    payment = Payment.objects.get(provider_reference=reference)
    assert payment.status == Payment.Status.SUCCEEDED
    assert Order.objects.get(number="C-CHAKA-7F3A-000001").payment_id == payment.pk


def _unverified(payload, order_number="C-CHAKA-7F3A-000001"):
    assert [(r["status"], r["flags"]) for r in payload["results"]] == [
        ("RECORDED_WITH_FLAGS", ["PAYMENT_UNVERIFIED"])
    ]
    order = Order.objects.get(number=order_number)
    assert order.payment_id is None
    assert order.needs_reconciliation is True
    assert OrderHold.objects.get(order=order).reasons == ["payment_unverified"]
    assert PosSale.objects.get(order=order).flags == ["payment_unverified"]
    return order


def test_a_forged_reference_is_recorded_held_and_pays_by_nothing(gql, operator_token, shift, wechat_pay):
    _unverified(sync(gql, operator_token, [paid_sale(shift, "GF0000000000000000000000FORGED")]))

    assert wechat_pay.trades == {}


def test_an_unpaid_payment_does_not_pay_the_sale(gql, operator_token, shift, wechat_pay):
    reference = create(gql, operator_token)["payment"]["reference"]

    _unverified(sync(gql, operator_token, [paid_sale(shift, reference)]))

    assert Payment.objects.get(provider_reference=reference).status == Payment.Status.CREATED


def test_a_payment_for_another_amount_does_not_pay_the_sale(gql, operator_token, shift, wechat_pay):
    reference = create(gql, operator_token, amount=100)["payment"]["reference"]
    wechat_pay.pay(reference)
    check(gql, operator_token, reference)

    _unverified(sync(gql, operator_token, [paid_sale(shift, reference)]))


def test_a_payment_cannot_pay_a_second_sale(gql, operator_token, shift, wechat_pay):
    reference = create(gql, operator_token)["payment"]["reference"]
    wechat_pay.pay(reference)
    check(gql, operator_token, reference)
    sync(gql, operator_token, [paid_sale(shift, reference)])

    second = paid_sale(shift, reference, number=2, client_uuid=str(uuid.uuid4()))
    payload = sync(gql, operator_token, [second])

    _unverified(payload, "C-CHAKA-7F3A-000002")
    payment = Payment.objects.get(provider_reference=reference)
    assert list(Order.objects.filter(payment=payment).values_list("number", flat=True)) == [
        "C-CHAKA-7F3A-000001"
    ]


def test_a_payment_named_with_another_method_does_not_pay_the_sale(gql, operator_token, shift, wechat_pay):
    reference = create(gql, operator_token)["payment"]["reference"]
    wechat_pay.pay(reference)
    check(gql, operator_token, reference)
    sent = paid_sale(shift, reference)
    sent["payment"]["method"] = "ALIPAY"

    _unverified(sync(gql, operator_token, [sent]))


def test_a_malformed_reference_rejects_only_its_sale(gql, operator_token, shift, wechat_pay):
    bad = paid_sale(shift, "GF 1; DROP TABLE")
    good = sale(shift, 2)

    payload = sync(gql, operator_token, [bad, good])

    assert [(r["status"], r["reason"]) for r in payload["results"]] == [
        ("REJECTED", "malformed text (providerReference)"),
        ("RECORDED", None),
    ]


def test_cancelled_the_code_is_closed_and_paid_meanwhile_it_answers_paid(
    gql, operator_token, shift, wechat_pay
):
    reference = create(gql, operator_token)["payment"]["reference"]

    cancelled = check(gql, operator_token, reference, mutation=CANCEL)

    assert cancelled["payment"]["status"] == "CANCELLED"
    assert wechat_pay.trades[reference].state == "CLOSED"

    other = create(gql, operator_token, client_uuid=str(uuid.uuid4()))["payment"]["reference"]
    wechat_pay.pay(other)
    assert check(gql, operator_token, other, mutation=CANCEL)["payment"]["status"] == "PAID"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"amount": 0}, "amountFen"),
        ({"method": "CASH"}, "method"),
        ({"client_uuid": "not-a-uuid"}, "clientUuid"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_made(gql, operator_token, shift, wechat_pay, changes, field):
    before = row_counts(Payment)

    made = create(gql, operator_token, **changes)

    assert made["payment"] is None
    assert [(e["field"], e["code"]) for e in made["errors"]] == [(field, "INVALID")]
    assert row_counts(Payment) == before
    assert wechat_pay.trades == {}


def test_without_wechat_pay_configured_the_tablet_is_told_to_use_the_printed_code(
    gql, operator_token, shift, settings
):
    settings.WECHATPAY_MCHID = ""

    made = create(gql, operator_token)

    assert made["payment"] is None
    assert [e["code"] for e in made["errors"]] == ["PAYMENT_UNAVAILABLE"]
    assert Payment.objects.count() == 0


def test_another_carts_operator_staff_and_strangers_are_refused(
    gql, operator_token, shift, other_cart, staff_token, wechat_pay
):
    reference = create(gql, operator_token)["payment"]["reference"]
    feicui = other_operator(other_cart)

    for token in (token_for(feicui.user), staff_token, None):
        assert create(gql, token, client_uuid=str(uuid.uuid4()))["errors"] == DENIED
        assert check(gql, token, reference)["errors"] == DENIED
    # Her own cart's name does not reach another cart's payment.
    assert [e["code"] for e in check(gql, token_for(feicui.user), reference, cart="feicui")["errors"]] == [
        "NOT_FOUND"
    ]
    assert list(wechat_pay.trades) == [reference]
    assert Payment.objects.get(provider_reference=reference).status == Payment.Status.CREATED
