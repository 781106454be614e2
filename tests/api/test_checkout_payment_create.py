import datetime
import uuid
from zoneinfo import ZoneInfo

import pytest

from inventory.models import StockHold
from orders.models import Checkout
from payments.models import Payment
from tests.api.checkout_helpers import (
    CHECKOUT_CREATE,
    CHECKOUT_DELIVERY_UPDATE,
    CHECKOUT_LINES_UPDATE,
    CHECKOUT_PAYMENT_CREATE,
    create_checkout,
    shipping,
)
from tests.api.conftest import fields_and_codes, gid
from tests.payments.conftest import stripe_intent

pytestmark = pytest.mark.usefixtures("stripe_server")


@pytest.fixture
def ready(gql, stocked, shipping_region):
    small, large = stocked
    token = create_checkout(gql, [(small, 1)])["token"]
    gql(CHECKOUT_DELIVERY_UPDATE, {"token": token, "input": shipping(shipping_region)})
    return token, small, large


def pay(gql, token):
    return gql(CHECKOUT_PAYMENT_CREATE, {"token": token})["data"]["checkoutPaymentCreate"]


def test_answers_the_payment_intent_and_holds_the_pieces(gql, ready):
    token, small, _large = ready

    payload = pay(gql, token)

    assert payload["errors"] == []
    payment = Payment.objects.get()
    assert payload["payment"] == {
        "id": gid("Payment", payment),
        "paymentIntentId": payment.provider_reference,
        "clientSecret": payment.client_secret,
        "amount": {"amountFen": 14000, "currency": "CNY"},
        "status": "CREATED",
    }
    assert stripe_intent(payment).amount == 14000
    hold = StockHold.objects.get()
    assert (hold.variant, hold.quantity, hold.reference) == (small, 1, f"checkout:{token}")


def test_asked_again_it_answers_the_same_payment(gql, ready):
    token, _small, _large = ready
    first = pay(gql, token)["payment"]

    second = pay(gql, token)["payment"]

    assert second["paymentIntentId"] == first["paymentIntentId"]
    assert Payment.objects.count() == 1
    assert StockHold.objects.filter(released_at__isnull=True).count() == 1


def test_a_changed_basket_gives_up_its_hold_and_pays_anew(gql, ready):
    token, small, _large = ready
    first = pay(gql, token)["payment"]
    gql(
        CHECKOUT_LINES_UPDATE,
        {"token": token, "lines": [{"variantId": gid("ProductVariant", small), "quantity": 2}]},
    )
    assert StockHold.objects.filter(released_at__isnull=True).count() == 0

    second = pay(gql, token)["payment"]

    assert second["paymentIntentId"] != first["paymentIntentId"]
    assert second["amount"]["amountFen"] == 2 * 12800 + 1200


def test_without_a_delivery_it_is_refused(gql, stocked):
    small, _large = stocked
    token = create_checkout(gql, [(small, 1)])["token"]

    payload = pay(gql, token)

    assert fields_and_codes(payload) == [("deliveryMethod", "INVALID")]
    assert payload["payment"] is None
    assert Payment.objects.count() == 0
    assert StockHold.objects.count() == 0


def test_without_contact_details_it_is_refused(gql, stocked, shipping_region):
    small, _large = stocked
    token = create_checkout(gql, [(small, 1)], email="", phone="")["token"]
    gql(CHECKOUT_DELIVERY_UPDATE, {"token": token, "input": shipping(shipping_region)})

    # a phone number or an email address, at least one
    assert fields_and_codes(pay(gql, token)) == [("phone", "INVALID")]
    assert Payment.objects.count() == 0


def test_when_the_pieces_are_gone_it_is_refused_and_nothing_is_held(gql, stocked, shipping_region):
    small, _large = stocked
    first = create_checkout(gql, [(small, 3)])["token"]
    second = create_checkout(gql, [(small, 1)])["token"]
    for token in (first, second):
        gql(CHECKOUT_DELIVERY_UPDATE, {"token": token, "input": shipping(shipping_region)})
    assert pay(gql, first)["errors"] == []

    payload = pay(gql, second)

    assert fields_and_codes(payload) == [("lines", "INSUFFICIENT_STOCK")]
    assert Payment.objects.count() == 1
    assert StockHold.objects.filter(reference=f"checkout:{second}").count() == 0


def test_an_unknown_token_is_not_found(gql, stocked):
    assert fields_and_codes(pay(gql, str(uuid.uuid4()))) == [("token", "NOT_FOUND")]


PHONE_A = {"REMOTE_ADDR": "203.0.113.9", "HTTP_USER_AGENT": "phone A"}
PHONE_B = {"REMOTE_ADDR": "203.0.113.9", "HTTP_USER_AGENT": "phone B"}


def ready_checkout(gql, variant, region) -> str:
    token = create_checkout(gql, [(variant, 1)])["token"]
    gql(CHECKOUT_DELIVERY_UPDATE, {"token": token, "input": shipping(region)})
    return token


def pay_from(gql, token, client):
    return gql(CHECKOUT_PAYMENT_CREATE, {"token": token}, **client)["data"]["checkoutPaymentCreate"]


def test_one_client_may_hold_only_three_unpaid_checkouts(gql, stocked, shipping_region, time_machine):
    time_machine.move_to(datetime.datetime(2026, 7, 14, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False)
    small, large = stocked
    for _ in range(3):
        assert pay_from(gql, ready_checkout(gql, small, shipping_region), PHONE_A)["errors"] == []
    fourth = ready_checkout(gql, large, shipping_region)

    payload = pay_from(gql, fourth, PHONE_A)

    assert payload["errors"] == [
        {
            "field": None,
            "code": "TOO_MANY_CHECKOUTS",
            "message": "这台设备已有 3 个未付款的结算在保留作品。"
            "请先为其中一个付款，或在 11:00（北京时间）之后再试。",
        }
    ]
    assert (payload["payment"], payload["checkout"]) == (None, None)
    assert Payment.objects.count() == 3
    assert StockHold.objects.filter(reference=f"checkout:{fourth}").count() == 0
    # another phone at the same address is not affected
    assert pay_from(gql, fourth, PHONE_B)["errors"] == []


def test_a_checkout_of_more_than_twenty_pieces_is_refused(gql, stocked):
    small, _large = stocked

    payload = gql(
        CHECKOUT_CREATE, {"input": {"lines": [{"variantId": gid("ProductVariant", small), "quantity": 21}]}}
    )

    assert payload["data"]["checkoutCreate"]["errors"] == [
        {
            "field": "lines",
            "code": "TOO_MANY_PIECES",
            "message": "一次结算最多 20 件作品，这里有 21 件。请分开下单，或联系我们。",
        }
    ]
    assert Checkout.objects.count() == 0


def test_without_a_real_payment_provider_payment_is_unavailable(gql, ready, settings):
    # given: production settings without a Stripe key (the fake Stripe is for DEBUG and the demo)
    token, _small, _large = ready
    settings.LOCALSTRIPE_ALLOWED = False
    settings.STRIPE_API_BASE = settings.STRIPE_SECRET_KEY = ""

    payload = pay(gql, token)

    assert payload["errors"] == [
        {
            "field": None,
            "code": "PAYMENT_UNAVAILABLE",
            "message": "网上付款暂不可用，请稍后再试，或到零售车购买。",
        }
    ]
    assert payload["payment"] is None
    assert Payment.objects.count() == StockHold.objects.count() == 0
