"""A phone number or an email, at least one, at checkout; the order texted to the phone; an order
found again by its phone number and order number; the tourist and the artisan texted as it moves."""

import logging

import pytest

from inventory.models import StockHold
from orders.models import Checkout, Order
from orders.services import order_confirmation_send_once
from orders.services.fulfilment import order_fulfill
from orders.services.notices import artisan_sale_notify
from payments.models import Payment

pytestmark = pytest.mark.django_db

SMS = "gongfang.sms"


def add(client, variant, quantity=1):
    assert client.post("/basket/add/", {"variant": variant.pk, "quantity": quantity}).status_code == 302


def pickup(shop, **contact):
    return {"method": "pickup", "pickup_location": shop["cart"].location_id, **contact}


def buy(client, shop, **contact) -> Order:
    add(client, shop["red"])
    assert client.post("/checkout/", pickup(shop, **contact))["Location"] == "/checkout/pay/"
    client.post("/checkout/pay/test-card/")
    return Order.objects.get()


def sms_lines(caplog) -> list[str]:
    return [record.getMessage() for record in caplog.records if record.name == SMS]


def test_neither_phone_nor_email_is_refused_next_to_the_phone_and_writes_nothing(client, shop):
    add(client, shop["red"])
    checkout = Checkout.objects.get()

    response = client.post("/checkout/", pickup(shop, phone="", email=""))

    page = response.content.decode()
    block = page[page.index('id="f-phone"') :]
    assert '<div class="error" id="id_phone_error"><p>请填写手机号或邮箱，至少一项。</p></div>' in block
    checkout.refresh_from_db()
    assert (checkout.email, checkout.phone, checkout.delivery_method) == ("", "", "")
    assert Payment.objects.count() == StockHold.objects.count() == 0


def test_a_phone_alone_buys_and_the_confirmation_is_texted(client, shop, stripe_server, caplog, settings):
    settings.SITE_URL = "https://gongfang.example"
    order = buy(client, shop, phone="138 0000 0000", email="")
    assert (order.phone, order.email, order.status) == ("138 0000 0000", "", "paid")

    with caplog.at_level(logging.INFO, logger=SMS):
        assert order_confirmation_send_once(order=order) is True
        assert order_confirmation_send_once(order=order) is False  # once

    assert sms_lines(caplog) == [
        f"SMS to 138 0000 0000 [order_paid]: 【工坊】您的订单 {order.number} 已付款，共 ¥98.00。"
        f"查看订单：https://gongfang.example/orders/{order.token}/"
    ]


def test_an_email_alone_buys(client, shop, stripe_server, mailoutbox):
    order = buy(client, shop, phone="", email="li@example.cn")

    assert order_confirmation_send_once(order=order) is True
    assert [message.to for message in mailoutbox] == [["li@example.cn"]]


def test_the_order_is_found_by_its_phone_and_number(client, shop, stripe_server):
    order = buy(client, shop, phone="138-0000-0000", email="")
    other = type(client)()

    found = other.post("/orders/find/", {"phone": "+86 13800000000", "number": order.number.lower()})
    wrong_phone = other.post("/orders/find/", {"phone": "13900000000", "number": order.number})
    wrong_number = other.post("/orders/find/", {"phone": "13800000000", "number": "W-NOPE"})

    assert found.status_code == 302 and found["Location"] == f"/orders/{order.token}/"
    for response in (wrong_phone, wrong_number):
        page = response.content.decode()
        assert response.status_code == 200
        assert "没有找到这个手机号下的这个订单，请核对订单号和手机号。" in page
        assert f"/orders/{order.token}/" not in page
    assert other.get("/orders/find/").status_code == 200


def test_an_address_that_keeps_missing_is_told_to_wait_even_with_the_right_pair(
    client, shop, stripe_server, settings
):
    settings.ORDER_LOOKUP_MISS_LIMIT = 3
    order = buy(client, shop, phone="13800000000", email="")
    guesser = type(client)(REMOTE_ADDR="203.0.113.7")
    elsewhere = type(client)(REMOTE_ADDR="203.0.113.8")

    misses = [guesser.post("/orders/find/", {"phone": "13800000000", "number": f"W-{n}"}) for n in range(3)]
    blocked = guesser.post("/orders/find/", {"phone": "13800000000", "number": order.number})
    other_address = elsewhere.post("/orders/find/", {"phone": "13800000000", "number": order.number})

    assert [response.status_code for response in misses] == [200, 200, 200]
    assert blocked.status_code == 429
    assert "查找失败次数太多，请 15 分钟后再试。" in blocked.content.decode()
    assert f"/orders/{order.token}/" not in blocked.content.decode()
    assert other_address.status_code == 302 and other_address["Location"] == f"/orders/{order.token}/"


def test_shipping_or_pickup_and_her_sale_are_texted(client, shop, stripe_server, caplog):
    shop["maker"].phone = "13700000000"
    shop["maker"].save(update_fields=["phone"])
    order = buy(client, shop, phone="13800000000", email="")

    with caplog.at_level(logging.INFO, logger=SMS):
        order_fulfill(order=order, actor=shop["keeper"])
        from orders.tasks.checkout import order_fulfilled_notice

        assert order_fulfilled_notice(order.pk) is True
        assert artisan_sale_notify(order=order) == 1

    assert sms_lines(caplog) == [
        f"SMS to 13800000000 [order_picked_up]: 【工坊】您的订单 {order.number} 已在零售车领取，谢谢惠顾。",
        "SMS to 13700000000 [artisan_sale]: 【工坊】您的作品卖出了：刺绣荷包 1 件。到“我的工坊”看收入。",
    ]
