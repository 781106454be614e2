"""checkoutPaymentCreate with a wallet: the gateway and the scene chosen by the client, the tourist's
next step answered; a scene the gateway does not serve, or a gateway not configured here, is a typed
error and nothing is held or made."""

import pytest

from inventory.models import StockHold
from payments.models import Payment
from tests.api.checkout_helpers import CHECKOUT_DELIVERY_UPDATE, create_checkout, shipping

PAY_WITH = """
mutation Pay($token: UUID!, $gateway: PaymentGateway, $scene: PaymentScene) {
  checkoutPaymentCreate(token: $token, gateway: $gateway, scene: $scene) {
    payment { paymentIntentId gateway nextStep nextStepValue clientSecret amount { amountFen } status }
    errors { field code message }
  }
}
"""


@pytest.fixture
def ready(gql, stocked, shipping_region):
    small, _large = stocked
    token = create_checkout(gql, [(small, 1)])["token"]
    gql(CHECKOUT_DELIVERY_UPDATE, {"token": token, "input": shipping(shipping_region)})
    return token


def pay(gql, token, **variables):
    return gql(PAY_WITH, {"token": token, **variables})["data"]["checkoutPaymentCreate"]


def test_a_desktop_client_gets_wechat_pays_qr_code(gql, ready, wechat_pay):
    payload = pay(gql, ready, gateway="WECHAT_PAY", scene="NATIVE")

    assert payload["errors"] == []
    payment = Payment.objects.get()
    trade = wechat_pay.trades[payment.provider_reference]
    assert payload["payment"] == {
        "paymentIntentId": payment.provider_reference,
        "gateway": "WECHAT_PAY",
        "nextStep": "QR_CODE",
        "nextStepValue": f"weixin://wxpay/bizpayurl?pr={trade.prepay_id[-10:]}",
        "clientSecret": "",
        "amount": {"amountFen": 14000},
        "status": "CREATED",
    }
    assert StockHold.objects.get().reference == f"checkout:{ready}"


def test_a_scene_the_gateway_does_not_serve_is_refused_and_nothing_is_held(gql, ready, wechat_pay):
    payload = pay(gql, ready, gateway="WECHAT_PAY", scene="JSAPI")  # no official account configured

    assert payload["payment"] is None
    assert [(e["field"], e["code"]) for e in payload["errors"]] == [("scene", "INVALID")]
    assert (Payment.objects.count(), StockHold.objects.filter(released_at__isnull=True).count()) == (0, 0)
    assert wechat_pay.trades == {}


def test_a_gateway_not_configured_here_is_unavailable(gql, ready, stripe_server):
    payload = pay(gql, ready, gateway="ALIPAY", scene="H5")

    assert payload["payment"] is None
    assert [e["code"] for e in payload["errors"]] == ["PAYMENT_UNAVAILABLE"]
    assert (Payment.objects.count(), StockHold.objects.count()) == (0, 0)


def test_an_unknown_gateway_is_refused_by_the_schema(gql, ready, stripe_server):
    response = gql(PAY_WITH, {"token": ready, "gateway": "PAYPAL"})

    assert response.get("data") is None
    assert "PAYPAL" in response["errors"][0]["message"]
    assert Payment.objects.count() == 0
