"""A tourist's checkout paid over HTTPS, as with real Stripe: localstripe behind a TLS terminator on
loopback whose certificate a throwaway authority signed. Trusted through stripe-python's CA bundle
setting (`stripe.ca_bundle_path`) and nothing else, the checkout is paid and becomes its order over
one kept-alive TLS connection; not trusted, the payment is refused and nothing is held or charged."""

import pytest
import stripe

from inventory.models import StockHold, StockLevel
from orders.models import Checkout, Order
from payments.models import Payment
from tests.api.checkout_helpers import (
    CHECKOUT_COMPLETE,
    CHECKOUT_DELIVERY_UPDATE,
    CHECKOUT_PAYMENT_CREATE,
    create_checkout,
    shipping,
)

pytestmark = pytest.mark.django_db


def at_stripe(stripe_server) -> stripe.StripeClient:
    """Stripe as the tourist's browser (Stripe.js) reaches it: straight, not through our server."""
    return stripe.StripeClient(
        stripe_server.secret_key, base_addresses={"api": stripe_server.url}, max_network_retries=0
    )


def level(variant, location) -> tuple[int, int]:
    row = StockLevel.objects.get(variant=variant, location=location)
    return row.quantity, row.allocated


def test_a_checkout_paid_over_trusted_tls_becomes_its_paid_order(
    gql, stripe_over_https, stripe_server, tls_certificates, monkeypatch, stocked, base, shipping_region
):
    # given our server trusts the authority that signed the terminator's certificate, through
    # stripe-python's CA bundle setting, and a basket of 2 small and 1 large yaks shipped to Qinghai
    monkeypatch.setattr(stripe, "ca_bundle_path", str(tls_certificates.authority))
    small, large = stocked
    token = create_checkout(gql, [(small, 2), (large, 1)])["token"]
    gql(CHECKOUT_DELIVERY_UPDATE, {"token": token, "input": shipping(shipping_region)})

    # when the tourist pays: the server makes the PaymentIntent, the browser confirms the card at
    # Stripe, and the checkout completes (the server reads the intent back from Stripe)
    paying = gql(CHECKOUT_PAYMENT_CREATE, {"token": token})["data"]["checkoutPaymentCreate"]
    intent_id = paying["payment"]["paymentIntentId"]
    browser = at_stripe(stripe_server).v1.payment_intents
    browser.update(intent_id, params={"payment_method": "pm_card_visa"})
    browser.confirm(intent_id)
    completed = gql(CHECKOUT_COMPLETE, {"token": token})["data"]["checkoutComplete"]

    # then the checkout is paid and is its order
    assert (paying["errors"], paying["payment"]["amount"]) == ([], {"amountFen": 52400, "currency": "CNY"})
    assert completed["errors"] == []
    order = completed["order"]
    assert (order["status"], order["channel"], order["total"]) == ("PAID", "ONLINE", {"amountFen": 52400})
    assert [(line["sku"], line["quantity"]) for line in order["lines"]] == [("YAK-S", 2), ("YAK-L", 1)]
    assert completed["checkout"] == {"status": "COMPLETED", "order": {"number": order["number"]}}
    stored = Payment.objects.get()
    assert (stored.provider_reference, stored.amount_fen, stored.status) == (
        intent_id,
        52400,
        "succeeded",
    )
    assert Order.objects.get().payment_id == stored.pk
    intent = at_stripe(stripe_server).v1.payment_intents.retrieve(intent_id)
    assert (intent.amount, intent.currency, intent.status) == (52400, "cny", "succeeded")
    assert level(small, base) == (3, 2)  # sold, allocated to the order until it ships
    # the server's two calls (create, then read back) went over one kept-alive TLS 1.3 connection
    assert stripe_over_https.tls_versions == ["TLSv1.3"]


def test_an_untrusted_certificate_refuses_the_payment_whatever_the_environment_trusts(
    gql, stripe_over_https, stripe_server, tls_certificates, monkeypatch, stocked, base, shipping_region
):
    # given stripe-python's own CA bundle (without the throwaway authority), while the variables that
    # other HTTPS clients read do name the authority: stripe-python does not read them
    for variable in ("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE", "SSL_CERT_FILE"):
        monkeypatch.setenv(variable, str(tls_certificates.authority))
    small, _large = stocked
    token = create_checkout(gql, [(small, 2)])["token"]
    gql(CHECKOUT_DELIVERY_UPDATE, {"token": token, "input": shipping(shipping_region)})

    # when the tourist asks to pay
    paying = gql(CHECKOUT_PAYMENT_CREATE, {"token": token})["data"]["checkoutPaymentCreate"]

    # then a typed error, and nothing held, recorded or charged
    assert paying["errors"] == [
        {
            "field": None,
            "code": "PAYMENT_PROVIDER_ERROR",
            "message": "支付服务暂时无法完成此操作，请稍后再试。",
        }
    ]
    assert paying["payment"] is None
    assert (Checkout.objects.get().status, Checkout.objects.get().payment) == ("open", None)
    assert (Payment.objects.count(), Order.objects.count(), StockHold.objects.count()) == (0, 0, 0)
    assert level(small, base) == (3, 0)
    assert at_stripe(stripe_server).v1.payment_intents.list().data == []
    assert stripe_over_https.tls_versions == []  # no handshake got through
