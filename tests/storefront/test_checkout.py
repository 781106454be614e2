"""The basket and checkout pages: attribution reaches the checkout, bad input is shown next to its
field and writes nothing, and a purchase with the test card ends in a paid order with its pieces."""

import pytest
from django.test import Client

from inventory.models import StockHold, StockLevel
from orders.models import Checkout, Order
from orders.pickup_codes import order_pickup_code
from payments.models import Payment

pytestmark = pytest.mark.django_db


def add(client, variant, quantity=1):
    response = client.post("/basket/add/", {"variant": variant.pk, "quantity": quantity})
    assert response.status_code == 302
    return Checkout.objects.get()


def test_a_scan_of_the_carts_qr_code_reaches_the_checkout(client, shop):
    # given: the tourist scanned the Chaka cart's QR code
    assert client.get("/c/chaka/").status_code == 200

    # when
    checkout = add(client, shop["red"], 2)

    # then
    assert (checkout.attributed_location, checkout.attributed_operator, checkout.campaign) == (
        shop["cart"].location,
        shop["operator"].user,
        None,
    )
    assert [(line.variant, line.quantity) for line in checkout.lines.all()] == [(shop["red"], 2)]
    assert client.session.get_expiry_age() >= 30 * 86400 - 5


def test_a_scan_after_the_basket_was_made_credits_it_too(client, shop):
    checkout = add(client, shop["red"])
    assert checkout.attributed_location is None

    client.get("/c/chaka/")

    checkout.refresh_from_db()
    assert (checkout.attributed_location, checkout.attributed_operator) == (
        shop["cart"].location,
        shop["operator"].user,
    )


def test_a_campaign_link_credits_the_campaign_and_its_cart(client, shop):
    response = client.get("/go/douyin-chaka/")
    assert response.status_code == 302 and response["Location"] == "/c/chaka/"

    checkout = add(client, shop["blue"])

    assert (checkout.campaign, checkout.attributed_location, checkout.attributed_operator) == (
        shop["campaign"],
        shop["cart"].location,
        shop["operator"].user,
    )


def test_the_basket_changes_and_removes_lines(client, shop):
    add(client, shop["red"])
    add(client, shop["blue"], 2)
    client.post("/basket/update/", {"variant": shop["red"].pk, "quantity": 3})
    client.post("/basket/update/", {"variant": shop["blue"].pk, "quantity": 0})

    checkout = Checkout.objects.get()
    assert [(line.variant.sku, line.quantity) for line in checkout.lines.all()] == [("PURSE-RED", 3)]
    page = client.get("/basket/").content.decode()
    assert "¥294" in page  # 3 × ¥98


def test_more_than_there_is_is_refused_with_a_message(client, shop):
    response = client.post("/basket/add/", {"variant": shop["blue"].pk, "quantity": 9}, follow=True)
    assert "库存不足" in response.content.decode()
    assert Checkout.objects.count() == 0


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (
            {"email": "not-an-email", "phone": "13800000000", "method": "pickup", "pickup_location": "CART"},
            "email",
            "请填写有效的邮箱地址。",
        ),
        (
            {"email": "a@b.cn", "phone": "12", "method": "pickup", "pickup_location": "CART"},
            "phone",
            "请填写有效的手机号。",
        ),
        (
            {"email": "a@b.cn", "phone": "13800000000", "method": "pickup"},
            "pickup_location",
            "请选择自提的零售车。",
        ),
        (
            {
                "email": "a@b.cn",
                "phone": "13800000000",
                "method": "shipping",
                "shipping_region": "REGION",
                "recipient_name": "王芳",
            },
            "shipping_address",
            "请填写完整的收货地址。",
        ),
        (
            {
                "email": "a@b.cn",
                "phone": "13800000000",
                "method": "shipping",
                "shipping_address": "西宁市城西区五四大街 1 号",
                "recipient_name": "王芳",
            },
            "shipping_region",
            "请选择配送地区。",
        ),
    ],
)
def test_bad_checkout_input_is_shown_next_to_its_field_and_writes_nothing(client, shop, data, field, message):
    checkout = add(client, shop["red"])
    data = {
        key: shop["cart"].location_id
        if value == "CART"
        else shop["regions"][0].pk
        if value == "REGION"
        else value
        for key, value in data.items()
    }

    response = client.post("/checkout/", data)

    assert response.status_code == 200
    page = response.content.decode()
    block = page[page.index(f'id="f-{field}"') :]
    assert message in block[: block.index("</div>")]
    # the field names its message for screen readers, and the message carries that id
    assert f'aria-describedby="id_{field}_error"' in block
    assert f'<div class="error" id="id_{field}_error"><p>{message}</p></div>' in block
    checkout.refresh_from_db()
    assert (checkout.email, checkout.phone, checkout.delivery_method, checkout.status) == ("", "", "", "open")
    assert Payment.objects.count() == StockHold.objects.count() == 0


def test_the_phone_field_is_a_phone_field(client, shop):
    add(client, shop["red"])

    page = client.get("/checkout/").content.decode()

    field = page[page.index('name="phone"') - 200 :]
    field = field[field.rindex("<input", 0, 200) : field.index(">", 200) + 1]
    assert field.count("type=") == 1
    assert 'type="tel"' in field
    assert 'autocomplete="tel"' in field


def test_a_tourist_buys_with_pickup_at_the_cart_and_the_test_card(client, shop, stripe_server):
    client.get("/c/chaka/")
    add(client, shop["red"], 2)

    response = client.post(
        "/checkout/",
        {
            "email": "li@example.cn",
            "phone": "13800000000",
            "method": "pickup",
            "pickup_location": shop["cart"].location_id,
        },
    )
    assert response.status_code == 302 and response["Location"] == "/checkout/pay/"
    page = client.get("/checkout/pay/").content.decode()
    assert "用测试卡支付 ¥196" in page and "js.stripe.com" not in page

    response = client.post("/checkout/pay/test-card/", follow=True)

    order = Order.objects.get()
    assert response.redirect_chain[-1][0] == f"/checkout/done/{order.token}/"
    assert (order.channel, order.status, order.total_fen, order.delivery_method) == (
        "online",
        "paid",
        19600,
        "pickup",
    )
    assert (order.location, order.attributed_location, order.operator) == (
        shop["cart"].location,
        shop["cart"].location,
        shop["operator"].user,
    )
    level = StockLevel.objects.get(variant=shop["red"], location=shop["cart"].location)
    assert (level.quantity, level.allocated) == (3, 2)
    page = response.content.decode()
    assert "谢谢您的购买！" in page and order.number in page
    status = client.get(f"/orders/{order.token}/").content.decode()
    assert order.number in status and "已付款" in status and "茶卡盐湖零售车" in status
    # The code the cart's tablet asks for, and the QR code it scans (the number only, not the token).
    code = order_pickup_code(order=order)
    assert len(code) == 6 and code.isdigit()
    assert f'<strong class="pickup-code" data-testid="pickup-code">{code}</strong>' in status
    assert 'data-testid="order-qr"><svg' in status
    # the basket is empty again
    assert "购物篮是空的。" in client.get("/basket/").content.decode()


def test_a_tourist_has_it_shipped_at_the_regions_rate(client, shop, stripe_server):
    add(client, shop["blue"])
    client.post(
        "/checkout/",
        {
            "email": "li@example.cn",
            "phone": "+86 138 0000 0000",
            "method": "shipping",
            "shipping_region": shop["regions"][1].pk,
            "recipient_name": "李华",
            "shipping_address": "北京市东城区某街 8 号",
        },
    )
    client.post("/checkout/pay/test-card/")

    order = Order.objects.get()
    assert (order.subtotal_fen, order.shipping_fen, order.total_fen, order.location) == (
        9800,
        2200,
        12000,
        shop["base"],
    )
    page = client.get(f"/orders/{order.token}/").content.decode()
    assert "李华" in page and "全国其他地区" in page and "发货后显示" in page


PICKUP = {"email": "li@example.cn", "phone": "13800000000", "method": "pickup"}


def test_one_phone_holding_three_unpaid_checkouts_is_told_so_on_the_checkout_page(shop, stripe_server):
    # given: three baskets from one phone (one address and browser), each gone to payment (shipped
    # from the base, which has pieces left for a fourth: the cart's three would be all held)
    details = {
        "email": "li@example.cn",
        "phone": "13800000000",
        "method": "shipping",
        "shipping_region": shop["regions"][0].pk,
        "recipient_name": "李华",
        "shipping_address": "西宁市城西区五四大街 1 号",
    }
    for number in range(4):
        browser = Client()
        assert browser.post("/basket/add/", {"variant": shop["red"].pk, "quantity": 1}).status_code == 302
        if number < 3:
            assert browser.post("/checkout/", details)["Location"] == "/checkout/pay/"
    fourth = browser

    response = fourth.post("/checkout/", details)

    assert response.status_code == 200
    page = response.content.decode()
    form = page[page.index('<form method="post" class="checkout"') :]
    assert "这台设备已有 3 个未付款的结算在保留作品。" in form[: form.index('id="f-email"')]
    assert Payment.objects.count() == 3 and StockHold.objects.count() == 3


def test_without_a_payment_provider_the_checkout_says_payment_is_unavailable(client, shop, settings):
    # given: production settings without a Stripe key
    settings.LOCALSTRIPE_ALLOWED = False
    settings.STRIPE_API_BASE = settings.STRIPE_SECRET_KEY = ""
    checkout = add(client, shop["red"])

    page = client.get("/checkout/").content.decode()
    response = client.post("/checkout/", {**PICKUP, "pickup_location": shop["cart"].location_id})

    assert "网上付款暂不可用，请稍后再试，或到零售车购买。" in page
    assert 'data-testid="to-payment" disabled' in page
    assert response.status_code == 200
    assert "网上付款暂不可用" in response.content.decode()
    assert client.post("/checkout/pay/test-card/").status_code == 302
    checkout.refresh_from_db()
    assert (checkout.status, checkout.payment) == ("open", None)
    assert Payment.objects.count() == StockHold.objects.count() == 0


def test_the_test_card_is_offered_only_where_payments_are_taken(client, shop, stripe_server, settings):
    add(client, shop["red"])
    client.post("/checkout/", {**PICKUP, "pickup_location": shop["cart"].location_id})
    assert "用测试卡支付" in client.get("/checkout/pay/").content.decode()

    settings.LOCALSTRIPE_ALLOWED = False  # the same localstripe, under production settings
    page = client.get("/checkout/pay/").content.decode()
    response = client.post("/checkout/pay/test-card/")

    assert "用测试卡支付" not in page and "网上付款暂不可用" in page
    assert response.status_code == 302 and Order.objects.count() == 0
    assert Payment.objects.get().status == "created"
