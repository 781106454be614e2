"""Pickups at the cart from the tablet: posPickups lists the online orders waiting at the cart, its
tiles count their pieces as reserved, and posPickupHandOver hands one over (the office's handover:
the held pieces leave the cart as the order's sale) once per UUID, with typed errors for a wrong code,
another cart's order and an order handed over before."""

import uuid

import pytest

from carts.models import PosPickup
from inventory.models import Movement, StockLevel
from orders.models import Order
from orders.pickup_codes import order_pickup_code
from tests.api.conftest import token_for
from tests.api.pos_helpers import other_operator

pytestmark = pytest.mark.django_db

PICKUPS = """query($cart: String!) { posPickups(cart: $cart) {
  number name phoneTail qrText codeDigest pieces { sku productName variantName quantity } } }"""
CATALOG = """query($cart: String!) { posCatalog(cart: $cart) { items { sku quantity reserved } } }"""
HAND_OVER = """mutation($input: PosPickupHandOverInput!) { posPickupHandOver(input: $input) {
  orderNumber duplicate errors { field code message } } }"""


@pytest.fixture
def pickup_order(stocked, cart, stripe_server):
    """A tourist paid online for one small yak to pick up at the Chaka cart (which holds 2)."""
    from orders.services import (
        CheckoutLineInput,
        checkout_complete,
        checkout_create,
        checkout_delivery_update,
        checkout_payment_create,
    )
    from payments.services import payment_confirm_test_card

    small, _large = stocked
    checkout = checkout_create(
        lines=[CheckoutLineInput(small.pk, 1)],
        email="t@example.com",
        phone="+86 138-0000-4321",
        language="zh-hans",
    )
    checkout = checkout_delivery_update(checkout=checkout, method="pickup", pickup_location=cart.location)
    payment_confirm_test_card(payment=checkout_payment_create(checkout=checkout))
    return checkout_complete(checkout=checkout)


def hand_over(order, **changes):
    return {
        "cart": "chaka",
        "deviceId": "TAB-7F3A",
        "clientUuid": str(uuid.UUID(int=1)),
        "orderNumber": f"GONGFANG-ORDER:{order.number}",
        "pickupCode": order_pickup_code(order=order),
        "deviceTime": "2026-12-06T10:00:00+00:00",
        **changes,
    }


def cart_yak(cart, stocked):
    level = StockLevel.objects.get(location=cart.location, variant=stocked[0])
    return level.quantity, level.allocated


def test_the_operator_sees_the_order_waiting_and_its_piece_reserved(gql, operator_token, pickup_order):
    listed = gql(PICKUPS, {"cart": "chaka"}, token=operator_token)["data"]["posPickups"]
    catalog = gql(CATALOG, {"cart": "chaka"}, token=operator_token)["data"]["posCatalog"]["items"]

    assert listed == [
        {
            "number": pickup_order.number,
            "name": "",
            "phoneTail": "4321",
            "qrText": f"GONGFANG-ORDER:{pickup_order.number}",
            "codeDigest": listed[0]["codeDigest"],
            "pieces": [{"sku": "YAK-S", "productName": "毡制牦牛", "variantName": "小号", "quantity": 1}],
        }
    ]
    assert len(listed[0]["codeDigest"]) == 64
    assert {item["sku"]: (item["quantity"], item["reserved"]) for item in catalog} == {
        "YAK-S": (2, 1),
        "YAK-L": (0, 0),
    }


def test_handing_over_moves_the_held_piece_out_once(
    gql, operator_token, operator, cart, stocked, pickup_order
):
    first = gql(HAND_OVER, {"input": hand_over(pickup_order)}, token=operator_token)["data"][
        "posPickupHandOver"
    ]
    again = gql(HAND_OVER, {"input": hand_over(pickup_order)}, token=operator_token)["data"][
        "posPickupHandOver"
    ]

    assert first == {"orderNumber": pickup_order.number, "duplicate": False, "errors": []}
    assert again == {"orderNumber": pickup_order.number, "duplicate": True, "errors": []}
    assert Order.objects.get(pk=pickup_order.pk).fulfilment_status == "picked_up"
    assert cart_yak(cart, stocked) == (1, 0)
    assert list(Movement.objects.filter(kind="sale").values_list("quantity", "reference")) == [
        (-1, pickup_order.number)
    ]
    [pickup] = PosPickup.objects.all()
    assert (pickup.cart_id, pickup.device_id, pickup.handed_over_by_id) == (
        cart.pk,
        "TAB-7F3A",
        operator.user_id,
    )
    assert gql(PICKUPS, {"cart": "chaka"}, token=operator_token)["data"]["posPickups"] == []


def test_a_wrong_code_another_cart_and_a_second_handover_are_typed_errors(
    gql, operator_token, other_cart, cart, stocked, pickup_order
):
    wrong = "000000" if order_pickup_code(order=pickup_order) != "000000" else "111111"
    elsewhere = token_for(other_operator(other_cart).user)

    wrong_code = gql(HAND_OVER, {"input": hand_over(pickup_order, pickupCode=wrong)}, token=operator_token)
    wrong_cart = gql(HAND_OVER, {"input": hand_over(pickup_order, cart="feicui")}, token=elsewhere)
    unknown = gql(HAND_OVER, {"input": hand_over(pickup_order, orderNumber="W404")}, token=operator_token)
    bad_uuid = gql(HAND_OVER, {"input": hand_over(pickup_order, clientUuid="nope")}, token=operator_token)

    def codes(result):
        payload = result["data"]["posPickupHandOver"]
        return payload["orderNumber"], [(e["field"], e["code"]) for e in payload["errors"]]

    assert codes(wrong_code) == (None, [("pickupCode", "WRONG_PICKUP_CODE")])
    assert codes(wrong_cart) == (None, [("orderNumber", "WRONG_CART")])
    assert codes(unknown) == (None, [("orderNumber", "NOT_FOUND")])
    assert codes(bad_uuid) == (None, [("clientUuid", "INVALID")])
    assert (PosPickup.objects.count(), cart_yak(cart, stocked)) == (0, (2, 1))
    assert Order.objects.get(pk=pickup_order.pk).fulfilment_status == "unfulfilled"

    gql(HAND_OVER, {"input": hand_over(pickup_order)}, token=operator_token)
    second = gql(
        HAND_OVER, {"input": hand_over(pickup_order, clientUuid=str(uuid.UUID(int=2)))}, token=operator_token
    )
    assert codes(second) == (None, [("orderNumber", "ALREADY_HANDED_OVER")])
    assert (PosPickup.objects.count(), cart_yak(cart, stocked)) == (1, (1, 0))


def test_another_cart_s_operator_and_staff_are_refused(
    gql, staff_token, other_cart, cart, stocked, pickup_order
):
    elsewhere = token_for(other_operator(other_cart).user)

    for token in (elsewhere, staff_token):
        payload = gql(HAND_OVER, {"input": hand_over(pickup_order)}, token=token)["data"]["posPickupHandOver"]
        assert (payload["orderNumber"], [e["code"] for e in payload["errors"]]) == (
            None,
            ["PERMISSION_DENIED"],
        )
    listed = gql(PICKUPS, {"cart": "chaka"}, token=elsewhere)
    assert (listed["data"], listed["errors"][0]["extensions"]["code"]) == (None, "PERMISSION_DENIED")
    assert (PosPickup.objects.count(), cart_yak(cart, stocked)) == (0, (2, 1))
