"""Stripe's webhook at /payments/stripe/webhook/: a signed payment_intent.succeeded completes the
checkout's order once, however often it comes and whether or not the browser came back first."""

import json

import pytest
from django.core import mail

from inventory.models import Location
from inventory.services import LineQuantity, intake_create
from orders.models import Checkout, Order, ShippingRegion
from orders.services import (
    CheckoutLineInput,
    checkout_complete,
    checkout_create,
    checkout_delivery_update,
    checkout_payment_create,
)
from payments.models import Payment, StripeEvent
from payments.stripe_client import get_client
from tests import factories
from tests.payments.test_webhooks import sign

pytestmark = pytest.mark.django_db

URL = "/payments/stripe/webhook/"


def deliver(client, body: bytes, signature: str):
    return client.post(URL, data=body, content_type="application/json", HTTP_STRIPE_SIGNATURE=signature)


def pay_in_browser(payment):
    """What Stripe.js does in the tourist's browser: we are not told, Stripe sends the webhook."""
    intents = get_client().v1.payment_intents
    intents.update(payment.provider_reference, params={"payment_method": "pm_card_visa"})
    intents.confirm(payment.provider_reference)


@pytest.fixture
def checkout(stripe_server):
    """A tourist's basket with the one robe at the base, shipped to Qinghai, ready to pay."""
    base = factories.LocationFactory(code="base", kind=Location.Kind.BASE)
    robe = factories.VariantFactory(sku="ROBE-M", price_fen=128000)
    intake_create(
        artisan=robe.artisan, lines=[LineQuantity(robe, 1)], actor=factories.UserFactory(), location=base
    )
    region = ShippingRegion.objects.create(code="qinghai", name_zh="青海省内", price_fen=1200)
    checkout = checkout_create(
        lines=[CheckoutLineInput(robe.pk, 1)], email="tourist@example.com", phone="13800000000"
    )
    return checkout_delivery_update(
        checkout=checkout,
        method="shipping",
        shipping_region=region,
        recipient_name="李华",
        shipping_address="西宁",
    )


def test_a_webhook_delivered_twice_makes_one_order(
    client, checkout, webhook_receiver, django_capture_on_commit_callbacks
):
    # given
    payment = checkout_payment_create(checkout=checkout)
    pay_in_browser(payment)
    delivery = webhook_receiver.next(event_type="payment_intent.succeeded", about=payment.provider_reference)

    # when Stripe delivers it twice
    with django_capture_on_commit_callbacks(execute=True):
        first = deliver(client, delivery.body, delivery.signature)
        second = deliver(client, delivery.body, delivery.signature)

    # then
    assert (first.status_code, second.status_code) == (200, 200)
    order = Order.objects.get()
    assert (order.status, order.payment, Checkout.objects.get().order) == ("paid", payment, order)
    event = StripeEvent.objects.get()
    assert (event.type, event.processed_at is not None) == ("payment_intent.succeeded", True)
    assert len(mail.outbox) == 1
    # and the browser coming back afterwards finds the same order
    assert checkout_complete(checkout=checkout) == order
    assert Order.objects.count() == 1


def test_the_webhook_before_the_browser_returns(client, checkout, webhook_receiver):
    payment = checkout_payment_create(checkout=checkout)
    pay_in_browser(payment)
    delivery = webhook_receiver.next(event_type="payment_intent.succeeded", about=payment.provider_reference)

    assert deliver(client, delivery.body, delivery.signature).status_code == 200
    order = Order.objects.get()
    returned = checkout_complete(checkout=Checkout.objects.get())

    assert returned == order
    assert (Order.objects.count(), Payment.objects.get().status) == (1, "succeeded")


def test_a_bad_signature_is_refused_and_nothing_is_recorded(client, checkout, stripe_server):
    payment = checkout_payment_create(checkout=checkout)
    pay_in_browser(payment)
    body = json.dumps(
        {
            "id": "evt_forged",
            "object": "event",
            "type": "payment_intent.succeeded",
            "data": {"object": {"id": payment.provider_reference, "object": "payment_intent"}},
        }
    ).encode()

    response = deliver(client, body, sign(body, "whsec_someone_else"))

    assert response.status_code == 400
    assert (StripeEvent.objects.count(), Order.objects.count(), Payment.objects.get().status) == (
        0,
        0,
        "created",
    )


def test_an_event_about_someone_elses_intent_is_acknowledged_and_ignored(client, stripe_server):
    body = json.dumps(
        {
            "id": "evt_other",
            "object": "event",
            "type": "payment_intent.succeeded",
            "data": {
                "object": {"id": "pi_not_ours", "object": "payment_intent", "amount": 100, "currency": "cny"}
            },
        }
    ).encode()

    response = deliver(client, body, sign(body, stripe_server.webhook_secret))

    assert response.status_code == 200
    event = StripeEvent.objects.get()
    assert (event.event_id, event.processed_at is not None) == ("evt_other", True)
    assert Order.objects.count() == 0


def test_only_post_is_accepted(client, stripe_server):
    assert client.get(URL).status_code == 405


def test_an_event_we_sign_ourselves_delivered_twice_makes_one_order(client, checkout, stripe_server):
    # given the intent paid in the browser, and Stripe's event about it signed with our secret
    payment = checkout_payment_create(checkout=checkout)
    pay_in_browser(payment)
    intent = get_client().v1.payment_intents.retrieve(payment.provider_reference)
    body = json.dumps(
        {
            "id": "evt_signed_here",
            "object": "event",
            "type": "payment_intent.succeeded",
            "data": {"object": intent.to_dict()},
        }
    ).encode()
    signature = sign(body, stripe_server.webhook_secret)

    # when
    answers = [deliver(client, body, signature).status_code for _ in range(2)]

    # then
    assert answers == [200, 200]
    order = Order.objects.get()
    assert (order.payment, order.total_fen, Checkout.objects.get().status) == (payment, 129200, "completed")
    assert StripeEvent.objects.count() == 1
