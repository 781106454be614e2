"""Signed webhooks from localstripe, received on loopback: verified, recorded once, and a payment
recorded once whether the webhook comes twice, before the browser returns or after."""

import hashlib
import hmac
import time

import pytest
from django.core.exceptions import ImproperlyConfigured

from payments.errors import WebhookSignatureInvalid
from payments.models import Payment, StripeEvent
from payments.services import (
    payment_confirm_test_card,
    payment_intent_create,
    payment_refresh,
    payment_sync_from_intent,
)
from payments.stripe_client import get_client
from payments.webhooks import (
    event_payment_intent,
    webhook_event_mark_processed,
    webhook_event_parse,
    webhook_event_record,
)
from tests.payments.conftest import snapshot


def handle(delivery):
    """What the webhook view does with one delivery; returns (is_new, became_succeeded)."""
    event = webhook_event_parse(payload=delivery.body, signature_header=delivery.signature)
    stripe_event, is_new = webhook_event_record(event=event)
    became_succeeded = False
    if is_new:
        _, became_succeeded = payment_sync_from_intent(intent=event_payment_intent(event))
        webhook_event_mark_processed(stripe_event=stripe_event)
    return is_new, became_succeeded


def sign(payload: bytes, secret: str, timestamp: int | None = None) -> str:
    timestamp = int(time.time()) if timestamp is None else timestamp
    signature = hmac.new(secret.encode(), f"{timestamp}.".encode() + payload, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={signature}"


@pytest.fixture
def payment(stripe_server):
    return payment_intent_create(reference="chk_7f3a", amount_fen=16800)


@pytest.mark.django_db
def test_a_webhook_before_the_browser_returns_records_the_payment_once(payment, webhook_receiver):
    intents = get_client().v1.payment_intents
    intents.update(payment.provider_reference, params={"payment_method": "pm_card_visa"})
    intents.confirm(payment.provider_reference)  # in the browser: we are not told
    delivery = webhook_receiver.next(event_type="payment_intent.succeeded", about=payment.provider_reference)

    first = handle(delivery)
    duplicate = handle(delivery)
    browser_return = payment_refresh(payment=payment)

    assert (first, duplicate) == ((True, True), (False, False))
    assert (browser_return[0].status, browser_return[1]) == (Payment.Status.SUCCEEDED, False)
    event = StripeEvent.objects.get()
    assert (event.type, event.processed_at is not None) == ("payment_intent.succeeded", True)
    assert event.payload["data"]["object"]["id"] == payment.provider_reference


@pytest.mark.django_db
def test_a_webhook_after_the_browser_returned_records_nothing_more(payment, webhook_receiver):
    paid, became_succeeded = payment_confirm_test_card(payment=payment)
    delivery = webhook_receiver.next(event_type="payment_intent.succeeded", about=payment.provider_reference)
    event = webhook_event_parse(payload=delivery.body, signature_header=delivery.signature)

    recorded = [webhook_event_record(event=event)[1] for _ in range(2)]
    synced = [payment_sync_from_intent(intent=event_payment_intent(event))[1] for _ in range(2)]

    assert (paid.status, became_succeeded) == (Payment.Status.SUCCEEDED, True)
    assert (recorded, synced) == ([True, False], [False, False])
    assert StripeEvent.objects.count() == 1
    assert Payment.objects.get().succeeded_at == paid.succeeded_at


@pytest.mark.django_db
def test_a_declined_payment_arrives_as_payment_failed(payment, webhook_receiver):
    payment_confirm_test_card(payment=payment, payment_method="pm_card_chargeCustomerFail")
    delivery = webhook_receiver.next(
        event_type="payment_intent.payment_failed", about=payment.provider_reference
    )

    assert handle(delivery) == (True, False)
    assert Payment.objects.get().status == Payment.Status.FAILED


@pytest.mark.django_db
def test_a_payload_with_a_bad_signature_is_refused(payment, webhook_receiver, stripe_server):
    payment_confirm_test_card(payment=payment)
    delivery = webhook_receiver.next(event_type="payment_intent.succeeded", about=payment.provider_reference)
    tampered = delivery.body.replace(b'"amount": 16800', b'"amount": 1')
    before = snapshot()

    for body, signature in [
        (tampered, delivery.signature),
        (delivery.body, sign(delivery.body, "whsec_someone_else")),
        (delivery.body, sign(delivery.body, stripe_server.webhook_secret, timestamp=int(time.time()) - 3600)),
        (delivery.body, ""),
        (b"not json", sign(b"not json", stripe_server.webhook_secret)),
    ]:
        with pytest.raises(WebhookSignatureInvalid):
            webhook_event_parse(payload=body, signature_header=signature)

    assert tampered != delivery.body
    assert snapshot() == before


@pytest.mark.django_db
def test_a_payload_signed_with_our_secret_is_accepted(stripe_server):
    payload = b'{"id": "evt_1", "object": "event", "type": "customer.created", "data": {"object": {}}}'

    event = webhook_event_parse(payload=payload, signature_header=sign(payload, stripe_server.webhook_secret))

    assert (event.id, event.type, event_payment_intent(event)) == ("evt_1", "customer.created", None)


def test_without_a_webhook_secret_nothing_is_verified(settings):
    settings.STRIPE_WEBHOOK_SECRET = ""
    payload = b'{"id": "evt_1", "object": "event"}'

    with pytest.raises(ImproperlyConfigured):
        webhook_event_parse(payload=payload, signature_header=sign(payload, ""))
