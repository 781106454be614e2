"""Inside WeChat with an official account: the tourist's openid through WeChat's web authorization
(snsapi_base, the fake's /connect/oauth2/authorize and /sns/oauth2/access_token), then a JSAPI payment
whose signed parameters the page hands to WeixinJSBridge. Without the official account, the QR code."""

import base64
import json
import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding

from orders.models import Order
from payments.models import Payment
from storefront import session as store
from tests.fakes.wechat_pay import TOURIST_OPENID
from tests.storefront.test_payment_options import IN_WECHAT, PICKUP

pytestmark = pytest.mark.django_db


@pytest.fixture
def official_account(wechat_pay, settings):
    settings.WECHATPAY_JSAPI_APPID, settings.WECHAT_OA_SECRET = wechat_pay.official_account
    return wechat_pay


def wechat_answers(url: str) -> str:
    """WeChat's authorization page, inside WeChat: where it sends the browser back (its Location)."""
    answer = requests.get(url, allow_redirects=False, timeout=10, proxies={"http": "", "https": ""})
    assert answer.status_code == 302
    return answer.headers["Location"]


def basket(client, shop):
    client.post("/basket/add/", {"variant": shop["red"].pk, "quantity": 1})


def test_inside_wechat_she_is_known_by_her_openid_and_pays_in_wechats_sheet(
    client, shop, official_account, stripe_server
):
    basket(client, shop)

    # the checkout first sends her through the official account's authorization
    response = client.get("/checkout/", HTTP_USER_AGENT=IN_WECHAT)
    to_wechat = urlsplit(response["Location"])
    query = {name: values[0] for name, values in parse_qs(to_wechat.query).items()}
    assert f"{to_wechat.scheme}://{to_wechat.netloc}{to_wechat.path}" == (
        f"{official_account.url}/connect/oauth2/authorize"
    )
    assert (
        query["appid"],
        query["redirect_uri"],
        query["response_type"],
        query["scope"],
        to_wechat.fragment,
    ) == (
        "wx2421b1c4370ec43b",
        "http://testserver/checkout/wechat/openid/",
        "code",
        "snsapi_base",
        "wechat_redirect",
    )

    # WeChat sends her back with a code, which the server trades for her openid
    back = urlsplit(wechat_answers(response["Location"]))
    response = client.get(f"{back.path}?{back.query}", HTTP_USER_AGENT=IN_WECHAT)
    assert response["Location"] == "/checkout/"
    assert store.wechat_openid(client.session) == TOURIST_OPENID

    # then the payment made at the checkout is JSAPI, for her
    assert client.get("/checkout/", HTTP_USER_AGENT=IN_WECHAT).status_code == 200
    client.post(
        "/checkout/", {**PICKUP, "pickup_location": shop["cart"].location_id}, HTTP_USER_AGENT=IN_WECHAT
    )
    payment = Payment.objects.get()
    trade = official_account.trades[payment.provider_reference]
    assert (payment.next_step, trade.trade_type, trade.openid, trade.total) == (
        "jsapi",
        "JSAPI",
        TOURIST_OPENID,
        9800,
    )

    # and the page hands WeixinJSBridge the parameters signed with the merchant key
    page = client.get("/checkout/pay/", HTTP_USER_AGENT=IN_WECHAT).content.decode()
    assert 'data-testid="pay-jsapi"' in page and "storefront/wechat-jsapi" in page
    params = json.loads(unescape(re.search(r'id="jsapi-params"[^>]*>(.*?)</script>', page).group(1)))
    assert (params["appId"], params["package"], params["signType"]) == (
        "wx2421b1c4370ec43b",
        f"prepay_id={trade.prepay_id}",
        "RSA",
    )
    message = f"{params['appId']}\n{params['timeStamp']}\n{params['nonceStr']}\n{params['package']}\n"
    official_account.keys.merchant_public_key.verify(
        base64.b64decode(params["paySign"]), message.encode(), padding.PKCS1v15(), hashes.SHA256()
    )

    # she pays in WeChat's sheet; the bridge says ok and the return page asks WeChat Pay
    official_account.pay(payment.provider_reference)
    response = client.get("/checkout/return/", HTTP_USER_AGENT=IN_WECHAT)
    order = Order.objects.get()
    assert response["Location"] == f"/checkout/done/{order.token}/"
    assert order.payment.status == "succeeded"


def test_without_an_official_account_inside_wechat_it_is_the_qr_code(client, shop, wechat_pay, stripe_server):
    basket(client, shop)

    assert client.get("/checkout/", HTTP_USER_AGENT=IN_WECHAT).status_code == 200
    client.post(
        "/checkout/", {**PICKUP, "pickup_location": shop["cart"].location_id}, HTTP_USER_AGENT=IN_WECHAT
    )

    assert Payment.objects.get().next_step == "qr_code"


def test_an_answer_not_to_our_request_keeps_nothing(client, shop, official_account, stripe_server):
    basket(client, shop)
    response = client.get("/checkout/", HTTP_USER_AGENT=IN_WECHAT)
    back = urlsplit(wechat_answers(response["Location"]))
    code = parse_qs(back.query)["code"][0]

    response = client.get(f"/checkout/wechat/openid/?code={code}&state=forged", HTTP_USER_AGENT=IN_WECHAT)

    assert response["Location"] == "/basket/"
    assert store.wechat_openid(client.session) == ""
    assert code in official_account.oauth_codes  # never traded


def test_a_refused_code_falls_back_to_the_qr_code_without_asking_again(
    client, shop, official_account, stripe_server, settings
):
    settings.WECHAT_OA_SECRET = "not-the-secret"
    basket(client, shop)
    response = client.get("/checkout/", HTTP_USER_AGENT=IN_WECHAT)
    back = urlsplit(wechat_answers(response["Location"]))

    response = client.get(f"{back.path}?{back.query}", HTTP_USER_AGENT=IN_WECHAT, follow=True)

    assert "未能在微信内直接支付，请长按识别二维码付款。" in response.content.decode()
    assert store.wechat_openid(client.session) == ""
    assert client.get("/checkout/", HTTP_USER_AGENT=IN_WECHAT).status_code == 200
    client.post(
        "/checkout/", {**PICKUP, "pickup_location": shop["cart"].location_id}, HTTP_USER_AGENT=IN_WECHAT
    )
    assert Payment.objects.get().next_step == "qr_code"
