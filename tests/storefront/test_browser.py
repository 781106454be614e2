"""A tourist buys on her phone (390×844, Chinese) in Chromium: browse, basket, checkout with pickup
at the cart, pay with the test card (the demo's server-side confirmation), confirmation; the order is
on the server with its pieces allocated at the cart."""

import os

import pytest

from inventory.models import StockLevel
from orders.models import Order
from tests.pos.conftest import on_server

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_tourist_buys_a_purse_on_her_phone_in_chinese(
    live_server, shop, stripe_server, chromium, screenshot_dir
):
    context = chromium(390, 844)
    page = context.pages[0] if context.pages else context.new_page()

    def shots(name):
        page.screenshot(path=os.path.join(screenshot_dir, f"storefront-{name}.png"), full_page=True)

    # the cart's QR code, then browse
    page.goto(f"{live_server.url}/c/chaka/")
    assert page.locator("h1").inner_text() == "茶卡盐湖零售车"
    page.goto(f"{live_server.url}/")
    shots("home")
    page.get_by_role("link", name="刺绣荷包").first.click()
    page.wait_for_url("**/p/embroidered-purse/")
    shots("product")
    page.get_by_label("红色").check()
    page.get_by_test_id("add-to-basket").click()
    page.wait_for_url("**/basket/")
    assert "已加入购物篮" in page.locator(".messages").inner_text()
    shots("basket")

    # checkout: pickup at the Chaka cart
    page.get_by_test_id("to-checkout").click()
    page.wait_for_url("**/checkout/")
    page.get_by_label("邮箱").fill("tourist@example.cn")
    page.get_by_label("手机号").fill("13800000000")
    page.get_by_label("到零售车自提").check()
    page.get_by_label("自提零售车").select_option(label="茶卡盐湖零售车")
    shots("checkout")
    page.get_by_test_id("to-payment").click()
    page.wait_for_url("**/checkout/pay/")
    assert page.get_by_test_id("total").inner_text() == "¥98"
    shots("payment")
    page.get_by_test_id("pay-test-card").click()
    page.wait_for_url("**/checkout/done/**")
    assert page.get_by_test_id("thanks").inner_text() == "谢谢您的购买！"
    number = page.get_by_test_id("order-number").inner_text()
    shots("confirmation")

    def on_the_server():
        order = Order.objects.select_related("location").get(number=number)
        level = StockLevel.objects.get(variant__sku="PURSE-RED", location__code="chaka")
        base = StockLevel.objects.get(variant__sku="PURSE-RED", location__code="base")
        lines = [(line.sku, line.quantity) for line in order.lines.all()]
        return (
            order.status,
            order.channel,
            order.location.code,
            order.attributed_location_id is not None,
            lines,
            (level.quantity, level.allocated),
            (base.quantity, base.allocated),
        )

    assert on_server(on_the_server) == ("paid", "online", "chaka", True, [("PURSE-RED", 1)], (3, 1), (5, 0))
