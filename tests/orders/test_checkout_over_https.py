"""The checkout pays over HTTPS as it does with real Stripe (localstripe behind a TLS terminator on
loopback, its certificate signed by a throwaway authority): trusted, the paid checkout becomes its
order; a certificate the client does not trust stops the payment before anything is held or paid."""

import pytest
import stripe

from inventory.models import StockHold, StockLevel
from orders.models import Checkout, Order
from orders.services import checkout_complete, checkout_payment_create
from payments.errors import PaymentProviderError
from payments.models import Payment
from payments.services import payment_confirm_test_card

pytestmark = pytest.mark.django_db


def test_a_checkout_paid_over_trusted_tls_becomes_its_order(
    stripe_over_https, tls_certificates, monkeypatch, base_stocked, robe, purse, make_checkout
):
    # given the client trusts the authority that signed the terminator's certificate
    monkeypatch.setattr(stripe, "ca_bundle_path", str(tls_certificates.authority))
    checkout = make_checkout([(robe, 1), (purse, 2)])

    # when the tourist pays with the test card
    payment = checkout_payment_create(checkout=checkout)
    payment_confirm_test_card(payment=payment)
    order = checkout_complete(checkout=checkout)

    # then
    assert (order.status, order.total_fen, order.payment_id) == ("paid", 148800, payment.pk)
    assert Payment.objects.get().status == "succeeded"
    assert Checkout.objects.get().status == "completed"
    assert stripe_over_https.connections == 1  # every call on one kept-alive connection


def test_an_untrusted_certificate_stops_the_payment_and_nothing_is_held_or_paid(
    stripe_over_https, base_stocked, robe, purse, make_checkout
):
    # given stripe-python's own CA bundle, which does not hold the throwaway authority
    checkout = make_checkout([(robe, 1), (purse, 2)])

    # when
    with pytest.raises(PaymentProviderError) as refused:
        checkout_payment_create(checkout=checkout)

    # then
    assert "Could not verify Stripe's SSL certificate" in refused.value.params["stripe_message"]
    assert (Checkout.objects.get().status, Checkout.objects.get().payment) == ("open", None)
    assert (Payment.objects.count(), Order.objects.count(), StockHold.objects.count()) == (0, 0, 0)
    assert list(StockLevel.objects.filter(allocated__gt=0)) == []
    assert stripe_over_https.connections == 0
