"""Paying over HTTPS, as with real Stripe: localstripe behind a TLS terminator on loopback whose
certificate a throwaway authority signed. Trusted through stripe-python's CA bundle setting
(`stripe.ca_bundle_path`), the payment goes through on one kept-alive connection; not trusted, it is
refused before anything is sent and nothing is recorded."""

import pytest
import stripe

from payments.errors import PaymentProviderError
from payments.models import Payment, Refund
from payments.services import payment_confirm_test_card, payment_intent_create, payment_refund
from tests.payments.conftest import snapshot

pytestmark = pytest.mark.django_db


def intents_at_localstripe(stripe_server) -> list[tuple[int, str]]:
    """(amount, status) of every PaymentIntent localstripe holds, asked over its plain HTTP port."""
    client = stripe.StripeClient(
        stripe_server.secret_key, base_addresses={"api": stripe_server.url}, max_network_retries=0
    )
    return sorted((intent.amount, intent.status) for intent in client.v1.payment_intents.list().data)


def test_with_the_authority_trusted_a_payment_and_its_refund_go_through_one_connection(
    stripe_over_https, stripe_server, tls_certificates, monkeypatch
):
    # given the client trusts the authority that signed the terminator's certificate
    monkeypatch.setattr(stripe, "ca_bundle_path", str(tls_certificates.authority))

    # when the tourist pays 128.00 and 20.00 of it is refunded
    payment = payment_intent_create(reference="checkout:https-paid", amount_fen=12800, email="t@example.com")
    payment, became_succeeded = payment_confirm_test_card(payment=payment)
    refund = payment_refund(payment=payment, amount_fen=2000, reason="尺码不合", idempotency_key="refund-1")

    # then
    stored = Payment.objects.get()
    assert (stored.reference, stored.amount_fen, stored.status, stored.refunded_fen, became_succeeded) == (
        "checkout:https-paid",
        12800,
        "partially_refunded",
        2000,
        True,
    )
    assert list(Refund.objects.values_list("amount_fen", "reason", "provider_refund_id")) == [
        (2000, "尺码不合", refund.provider_refund_id)
    ]
    assert intents_at_localstripe(stripe_server) == [(12800, "succeeded")]
    # create, set the card, confirm, refund: four calls over one kept-alive TLS 1.3 connection
    assert stripe_over_https.tls_versions == ["TLSv1.3"]


def test_a_certificate_the_client_does_not_trust_is_refused_and_nothing_is_recorded(
    stripe_over_https, stripe_server
):
    # given stripe-python's own CA bundle, which does not hold the throwaway authority
    before = snapshot()

    # when
    with pytest.raises(PaymentProviderError) as refused:
        payment_intent_create(reference="checkout:https-refused", amount_fen=12800)

    # then a clear error, and nothing anywhere
    assert refused.value.code == "PAYMENT_PROVIDER_ERROR"
    assert "Could not verify Stripe's SSL certificate" in refused.value.params["stripe_message"]
    assert "CERTIFICATE_VERIFY_FAILED" in refused.value.params["stripe_message"]
    assert snapshot() == before == {"payments": [], "refunds": [], "events": []}
    assert intents_at_localstripe(stripe_server) == []
    assert stripe_over_https.tls_versions == []  # no handshake got through
