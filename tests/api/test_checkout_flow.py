"""The whole online sale through the API against localstripe: basket, delivery, payment with the
test card (as Stripe.js would), completion, the order by its token, fulfilment and a refund."""

import pytest

from api.core.tokens import token_for
from inventory.models import StockLevel
from orders.models import Checkout, Order
from payments.models import Payment
from payments.services import payment_confirm_test_card
from tests.api.checkout_helpers import (
    CHECKOUT_COMPLETE,
    CHECKOUT_DELIVERY_UPDATE,
    CHECKOUT_PAYMENT_CREATE,
    CHECKOUT_QUERY,
    ORDER_BY_TOKEN,
    ORDER_FULFILL,
    ORDER_REFUND,
    create_checkout,
    shipping,
)
from tests.api.conftest import gid
from tests.payments.conftest import stripe_intent, stripe_refunds

pytestmark = pytest.mark.usefixtures("stripe_server")


def level(variant, location) -> tuple[int, int]:
    row = StockLevel.objects.get(variant=variant, location=location)
    return row.quantity, row.allocated


def test_a_tourist_buys_online_and_staff_ship_and_refund(gql, stocked, base, shipping_region, staff):
    small, large = stocked

    # Given a basket of 2 small and 1 large yaks shipped to Qinghai
    checkout = create_checkout(gql, [(small, 2), (large, 1)])
    token = checkout["token"]
    assert checkout["status"] == "OPEN"
    assert checkout["subtotalPrice"] == {"amountFen": 2 * 12800 + 25600}
    delivered = gql(CHECKOUT_DELIVERY_UPDATE, {"token": token, "input": shipping(shipping_region)})
    checkout = delivered["data"]["checkoutDeliveryUpdate"]["checkout"]
    assert checkout["shippingPrice"] == {"amountFen": 1200}
    assert checkout["totalPrice"] == {"amountFen": 52400, "currency": "CNY"}
    assert checkout["delivery"]["shippingRegion"] == {"code": "qinghai", "price": {"amountFen": 1200}}
    assert [line["quantityAvailable"] for line in checkout["lines"]] == [3, 2]

    # When the browser asks for a payment
    paying = gql(CHECKOUT_PAYMENT_CREATE, {"token": token})["data"]["checkoutPaymentCreate"]

    # Then it gets the PaymentIntent's client secret for the total, and the pieces are held
    assert paying["errors"] == []
    intent_id = paying["payment"]["paymentIntentId"]
    assert intent_id.startswith("pi_")
    assert paying["payment"]["clientSecret"].startswith(intent_id + "_secret")
    assert paying["payment"]["amount"] == {"amountFen": 52400, "currency": "CNY"}
    assert paying["payment"]["id"] == gid("Payment", Payment.objects.get(provider_reference=intent_id))
    assert stripe_intent(Payment.objects.get(provider_reference=intent_id)).amount == 52400
    assert paying["checkout"]["status"] == "AWAITING_PAYMENT"
    assert paying["checkout"]["reservedUntil"] is not None
    assert level(small, base) == (3, 2)
    assert [line["quantityAvailable"] for line in paying["checkout"]["lines"]] == [3, 2]
    assert paying["checkout"]["isAvailable"] is True

    # When it completes before the card is confirmed, it is refused
    early = gql(CHECKOUT_COMPLETE, {"token": token})["data"]["checkoutComplete"]
    assert [(e["field"], e["code"]) for e in early["errors"]] == [("payment", "PAYMENT_NOT_SUCCEEDED")]
    assert early["order"] is None
    assert Order.objects.count() == 0

    # When Stripe.js confirms the card, then the checkout completes into a paid order
    payment_confirm_test_card(payment=Payment.objects.get(provider_reference=intent_id))
    completed = gql(CHECKOUT_COMPLETE, {"token": token})["data"]["checkoutComplete"]
    assert completed["errors"] == []
    order = completed["order"]
    assert order["number"].startswith("W")
    assert order["status"] == "PAID"
    assert order["channel"] == "ONLINE"
    assert order["fulfilmentStatus"] == "UNFULFILLED"
    assert order["total"] == {"amountFen": 52400}
    assert order["shippingPrice"] == {"amountFen": 1200}
    assert [(line["sku"], line["quantity"], line["totalPrice"]["amountFen"]) for line in order["lines"]] == [
        ("YAK-S", 2, 25600),
        ("YAK-L", 1, 25600),
    ]
    assert completed["checkout"] == {"status": "COMPLETED", "order": {"number": order["number"]}}
    assert level(small, base) == (3, 2)  # allocated, still on the shelf

    # Completing again answers the same order
    again = gql(CHECKOUT_COMPLETE, {"token": token})["data"]["checkoutComplete"]
    assert again["errors"] == [] and again["order"]["number"] == order["number"]
    assert Order.objects.count() == 1

    # The buyer reads it by its token, without signing in
    by_token = gql(ORDER_BY_TOKEN, {"token": order["token"]})["data"]["order"]
    assert by_token["number"] == order["number"]
    assert by_token["delivery"] == {
        "method": "SHIPPING",
        "recipientName": "李华",
        "shippingAddress": "青海省西宁市城西区 1 号",
        "shippingRegion": {"code": "qinghai"},
        "pickupCart": None,
    }

    # Staff ship it with a tracking number: the pieces leave the base
    staff_token = token_for(staff)
    shipped = gql(ORDER_FULFILL, {"id": order["id"], "trackingNumber": "SF123456"}, token=staff_token)
    shipped = shipped["data"]["orderFulfill"]
    assert shipped["errors"] == []
    assert (shipped["order"]["fulfilmentStatus"], shipped["order"]["trackingNumber"]) == (
        "SHIPPED",
        "SF123456",
    )
    assert level(small, base) == (1, 0)

    # And refund one small yak through Stripe
    small_line = order["lines"][0]["id"]
    refunded = gql(
        ORDER_REFUND,
        {"id": order["id"], "lines": [{"orderLineId": small_line, "quantity": 1}], "reason": "破损"},
        token=staff_token,
    )["data"]["orderRefund"]
    assert refunded["errors"] == []
    assert refunded["refund"]["amount"] == {"amountFen": 12800}
    assert refunded["refund"]["reason"] == "破损"
    assert refunded["order"]["status"] == "PARTIALLY_REFUNDED"
    assert refunded["order"]["refunded"] == {"amountFen": 12800}
    assert refunded["order"]["lines"][0]["quantityRefunded"] == 1
    assert stripe_refunds(Payment.objects.get(provider_reference=intent_id)) == [(12800, "破损")]
    assert level(small, base) == (2, 0)  # handed over, so it came back as a return


def test_pickup_at_a_cart_holds_the_carts_pieces(gql, stocked, cart, base, staff):
    small, _large = stocked
    checkout = create_checkout(gql, [(small, 2)])
    token = checkout["token"]
    delivery = {"method": "PICKUP", "pickupCart": "chaka"}
    checkout = gql(CHECKOUT_DELIVERY_UPDATE, {"token": token, "input": delivery})["data"]
    checkout = checkout["checkoutDeliveryUpdate"]["checkout"]
    assert checkout["delivery"]["pickupCart"] == {"code": "chaka"}
    assert checkout["shippingPrice"] == {"amountFen": 0}
    assert checkout["lines"][0]["quantityAvailable"] == 2

    paying = gql(CHECKOUT_PAYMENT_CREATE, {"token": token})["data"]["checkoutPaymentCreate"]
    payment_confirm_test_card(
        payment=Payment.objects.get(provider_reference=paying["payment"]["paymentIntentId"])
    )
    order = gql(CHECKOUT_COMPLETE, {"token": token})["data"]["checkoutComplete"]["order"]

    assert order["delivery"]["pickupCart"] == {"code": "chaka"}
    assert level(small, cart.location) == (2, 2)
    assert level(small, base) == (3, 0)
    picked = gql(ORDER_FULFILL, {"id": order["id"]}, token=token_for(staff))["data"]["orderFulfill"]
    assert picked["errors"] == []
    assert picked["order"]["fulfilmentStatus"] == "PICKED_UP"
    assert level(small, cart.location) == (0, 0)


def test_a_declined_card_leaves_the_checkout_waiting(gql, stocked, shipping_region):
    small, _large = stocked
    token = create_checkout(gql, [(small, 1)])["token"]
    gql(CHECKOUT_DELIVERY_UPDATE, {"token": token, "input": shipping(shipping_region)})
    paying = gql(CHECKOUT_PAYMENT_CREATE, {"token": token})["data"]["checkoutPaymentCreate"]
    payment = Payment.objects.get(provider_reference=paying["payment"]["paymentIntentId"])

    payment_confirm_test_card(payment=payment, payment_method="pm_card_chargeCustomerFail")
    completed = gql(CHECKOUT_COMPLETE, {"token": token})["data"]["checkoutComplete"]

    assert [(e["field"], e["code"]) for e in completed["errors"]] == [("payment", "PAYMENT_NOT_SUCCEEDED")]
    queried = gql(CHECKOUT_QUERY, {"token": token})["data"]["checkout"]
    assert queried["status"] == "AWAITING_PAYMENT"
    assert queried["payment"]["status"] == "FAILED"
    assert Checkout.objects.get().order is None
