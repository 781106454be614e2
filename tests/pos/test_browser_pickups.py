"""Pickups at the cart, in Chromium against a live server: the tile counts the pieces held for an
online order as reserved (not for sale), the pickup list shows the order, the tablet finds it by the
text of its QR code, refuses a wrong pickup code, and hands it over offline; back online the handover
reaches the server once and the held pieces leave the cart as the order's sale."""

import pytest
from playwright.sync_api import expect

from carts.models import PosPickup
from inventory.models import StockLevel
from orders.models import Order
from orders.pickup_codes import order_pickup_code
from tests.pos.conftest import STOCK_EACH, on_server
from tests.pos.test_browser import sign_in_and_open_shift, waiting

pytestmark = pytest.mark.django_db(transaction=True)


def paid_pickup(world):
    """A tourist paid online for two felt sheep to pick up at the Chaka cart."""
    from orders.services import (
        CheckoutLineInput,
        checkout_complete,
        checkout_create,
        checkout_delivery_update,
        checkout_payment_create,
    )
    from payments.services import payment_confirm_test_card

    def make():
        checkout = checkout_create(
            lines=[CheckoutLineInput(world["variants"]["FELT-SHEEP"].pk, 2)],
            email="t@example.com",
            phone="+86 139-0000-5678",
            language="zh-hans",
        )
        checkout = checkout_delivery_update(
            checkout=checkout, method="pickup", pickup_location=world["cart"].location
        )
        payment_confirm_test_card(payment=checkout_payment_create(checkout=checkout))
        order = checkout_complete(checkout=checkout)
        return order.number, order_pickup_code(order=order)

    return on_server(make)


def felt_level(cart):
    return on_server(
        lambda: (
            StockLevel.objects.filter(location=cart.location, variant__sku="FELT-SHEEP")
            .values_list("quantity", "allocated")
            .get()
        )
    )


def test_an_order_held_for_pickup_is_reserved_on_the_tiles_and_handed_over_offline_once(
    live_server, pos_world, chromium, stripe_server
):
    cart = pos_world["cart"]
    number, code = paid_pickup(pos_world)
    wrong = "000000" if code != "000000" else "111111"
    context = chromium()
    page = context.new_page()
    sign_in_and_open_shift(page, live_server.url)
    expect(page.locator("[data-testid=left-FELT-SHEEP]")).to_have_text(f"剩 {STOCK_EACH - 2}")
    expect(page.locator("[data-testid=reserved-FELT-SHEEP]")).to_have_text("留 2 件待自提")

    # The list came with the snapshot; from here on the tablet has no connection.
    page.click("[data-testid=tab-pickups]")
    expect(page.locator(f"[data-testid=pickup-{number}]")).to_contain_text("毡绣小羊 × 2")
    context.set_offline(True)
    expect(page.locator(f"[data-testid=pickup-{number}]")).to_contain_text("****5678")
    page.fill("[data-testid=pickup-find]", f"GONGFANG-ORDER:{number}")
    page.click("[data-testid=pickup-find-go]")
    page.fill("[data-testid=pickup-code]", wrong)
    page.click("[data-testid=pickup-confirm]")
    expect(page.locator("[data-testid=pickup-error]")).to_have_text("取货码不对，请游客再核对订单页。")
    page.fill("[data-testid=pickup-code]", code)
    page.click("[data-testid=pickup-confirm]")
    expect(page.locator(f"[data-testid=handed-{number}]")).to_have_attribute("data-state", "queued")
    expect(page.locator("[data-testid=pickup-list]")).to_have_text("没有等待自提的订单。")
    waiting(page, 1)
    assert on_server(lambda: PosPickup.objects.count()) == 0

    # The pieces left with the tourist: the tile's sellable count is what it was, nothing held now.
    page.click("[data-testid=tab-sell]")
    expect(page.locator("[data-testid=left-FELT-SHEEP]")).to_have_text(f"剩 {STOCK_EACH - 2}")
    expect(page.locator("[data-testid=reserved-FELT-SHEEP]")).to_have_count(0)

    context.set_offline(False)
    page.click("[data-testid=sync-now]")
    waiting(page, 0)
    page.click("[data-testid=tab-pickups]")
    expect(page.locator(f"[data-testid=handed-{number}]")).to_have_attribute("data-state", "synced")
    page.click("[data-testid=sync-now]")  # sent once: a second sync sends nothing again
    waiting(page, 0)

    assert on_server(lambda: list(PosPickup.objects.values_list("order__number", "cart__code"))) == [
        (number, "chaka")
    ]
    assert on_server(lambda: Order.objects.get(number=number).fulfilment_status) == "picked_up"
    assert felt_level(cart) == (STOCK_EACH - 2, 0)
