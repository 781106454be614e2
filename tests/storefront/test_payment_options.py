"""The payment step offers what works where the tourist is: inside WeChat, WeChat Pay; on a phone,
WeChat Pay's H5 page; on a desktop, its QR code; Stripe's cards for visitors from abroad (first on
the English pages). A provider without its settings is never offered."""

import pytest
from django.test import Client
from django.utils import translation

from orders.models import Order
from payments.models import Payment
from storefront.payment_options import payment_options

pytestmark = pytest.mark.django_db

IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/17.5 Mobile/15E148 Safari/604.1"
)
IN_WECHAT = f"{IPHONE} MicroMessenger/8.0.50(0x1800323c) NetType/4G Language/zh_CN"
DESKTOP = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36"
PICKUP = {"email": "li@example.cn", "phone": "13800000000", "method": "pickup"}


def offered(user_agent):
    return [(option.provider, option.scene) for option in payment_options(user_agent=user_agent)]


def test_each_place_is_offered_what_works_there(wechat_pay, stripe_server):
    with translation.override("zh-hans"):
        assert offered(IN_WECHAT) == [("wechat_pay", "native"), ("stripe", "card")]
        assert offered(IPHONE) == [("wechat_pay", "h5"), ("stripe", "card")]
        assert offered(DESKTOP) == [("wechat_pay", "native"), ("stripe", "card")]
    with translation.override("en"):
        assert offered(DESKTOP) == [("stripe", "card"), ("wechat_pay", "native")]


def test_a_provider_without_its_settings_is_not_offered(wechat_pay, stripe_server, settings):
    settings.WECHATPAY_MCHID = ""

    assert offered(IPHONE) == [("stripe", "card")]


def test_a_desktop_tourist_is_shown_the_qr_code_and_the_notification_completes_her_order(
    client, shop, wechat_pay, stripe_server
):
    # given a basket, and the details sent from a desktop browser
    client.post("/basket/add/", {"variant": shop["red"].pk, "quantity": 1})
    response = client.post(
        "/checkout/", {**PICKUP, "pickup_location": shop["cart"].location_id}, HTTP_USER_AGENT=DESKTOP
    )
    assert response["Location"] == "/checkout/pay/"

    # when she opens the payment step
    page = client.get("/checkout/pay/", HTTP_USER_AGENT=DESKTOP).content.decode()

    # then WeChat Pay's QR code for the amount is there, and the card is the other way offered
    payment = Payment.objects.get()
    assert (payment.provider, payment.amount_fen, payment.next_step) == ("wechat_pay", 9800, "qr_code")
    assert 'data-testid="pay-qr"' in page and "<svg" in page
    assert 'data-testid="pay-stripe"' in page and 'data-testid="pay-wechat_pay"' in page
    assert wechat_pay.trades[payment.provider_reference].total == 9800

    # when she scans and pays, and WeChat Pay notifies us
    notification = wechat_pay.pay(payment.provider_reference)
    Client().post(
        "/payments/wechat-pay/notify/",
        data=notification.body,
        content_type="application/json",
        **notification.django_headers(),
    )

    # then her payment page (refreshing itself) goes to the confirmation
    response = client.get("/checkout/pay/", HTTP_USER_AGENT=DESKTOP)
    order = Order.objects.get()
    assert response["Location"] == f"/checkout/done/{order.token}/"
    assert (order.total_fen, order.payment.status) == (9800, "succeeded")


def test_a_phone_tourist_goes_to_the_wallet_and_comes_back_to_her_order(
    client, shop, wechat_pay, stripe_server
):
    client.post("/basket/add/", {"variant": shop["red"].pk, "quantity": 1})
    client.post("/checkout/", {**PICKUP, "pickup_location": shop["cart"].location_id}, HTTP_USER_AGENT=IPHONE)

    page = client.get("/checkout/pay/", HTTP_USER_AGENT=IPHONE).content.decode()

    payment = Payment.objects.get()
    assert (payment.provider, payment.next_step) == ("wechat_pay", "redirect")
    assert 'data-testid="pay-redirect"' in page
    assert "redirect_url=http%3A%2F%2Ftestserver%2Fcheckout%2Freturn%2F" in page.replace("&amp;", "&")

    # she pays in the wallet; its notification is lost, and she comes back: we ask WeChat Pay
    wechat_pay.pay(payment.provider_reference)
    response = client.get("/checkout/return/", HTTP_USER_AGENT=IPHONE)

    order = Order.objects.get()
    assert response["Location"] == f"/checkout/done/{order.token}/"
    assert order.payment == payment


def test_choosing_the_card_instead_replaces_the_wechat_payment(client, shop, wechat_pay, stripe_server):
    client.post("/basket/add/", {"variant": shop["red"].pk, "quantity": 1})
    client.post(
        "/checkout/", {**PICKUP, "pickup_location": shop["cart"].location_id}, HTTP_USER_AGENT=DESKTOP
    )
    first = Payment.objects.get()

    response = client.post(
        "/checkout/pay/with/", {"provider": "stripe", "scene": "card"}, HTTP_USER_AGENT=DESKTOP
    )

    assert response["Location"] == "/checkout/pay/"
    first.refresh_from_db()
    card = Payment.objects.exclude(pk=first.pk).get()
    assert (first.status, card.provider, card.amount_fen) == ("cancelled", "stripe", 9800)
    assert wechat_pay.trades[first.provider_reference].state == "CLOSED"
    page = client.get("/checkout/pay/", HTTP_USER_AGENT=DESKTOP).content.decode()
    assert 'data-testid="pay-test-card"' in page and 'data-testid="pay-qr"' not in page


def test_a_way_not_offered_here_is_refused_with_a_message_and_nothing_changes(
    client, shop, wechat_pay, stripe_server
):
    client.post("/basket/add/", {"variant": shop["red"].pk, "quantity": 1})
    client.post(
        "/checkout/", {**PICKUP, "pickup_location": shop["cart"].location_id}, HTTP_USER_AGENT=DESKTOP
    )
    before = list(Payment.objects.values())

    # H5 is for phones: a desktop cannot ask for it
    response = client.post(
        "/checkout/pay/with/", {"provider": "wechat_pay", "scene": "h5"}, HTTP_USER_AGENT=DESKTOP, follow=True
    )

    assert "此支付方式在这里不可用。" in response.content.decode()
    assert list(Payment.objects.values()) == before
