"""A payment's first success is handed up to the handlers registered in payments.handlers (orders
registers its own at start-up), whoever records it, once; a handler that fails rolls the webhook back
so that Stripe delivers the event again."""

import json

import pytest
from django.test import Client

from inventory.models import Location
from inventory.services import LineQuantity, intake_create
from orders.models import Checkout, Order, ShippingRegion
from orders.services import (
    CheckoutLineInput,
    checkout_create,
    checkout_delivery_update,
    checkout_payment_create,
)
from payments.handlers import payment_succeeded_handler_register, payment_succeeded_handler_unregister
from payments.models import Payment, StripeEvent
from payments.services import payment_confirm_test_card, payment_intent_create, payment_refresh
from payments.stripe_client import get_client
from tests import factories
from tests.payments.test_webhooks import sign

pytestmark = pytest.mark.django_db


@pytest.fixture
def checkout_payment(stripe_server):
    """The payment of a tourist's checkout for the one robe at the base, shipped (129.00 yuan)."""
    base = factories.LocationFactory(code="base", kind=Location.Kind.BASE)
    robe = factories.VariantFactory(sku="ROBE-M", price_fen=128000)
    intake_create(
        artisan=robe.artisan, lines=[LineQuantity(robe, 1)], actor=factories.UserFactory(), location=base
    )
    region = ShippingRegion.objects.create(code="qinghai", name_zh="青海省内", price_fen=1200)
    checkout = checkout_create(
        lines=[CheckoutLineInput(robe.pk, 1)], email="tourist@example.com", phone="13800000000"
    )
    checkout = checkout_delivery_update(
        checkout=checkout,
        method="shipping",
        shipping_region=region,
        recipient_name="李华",
        shipping_address="西宁",
    )
    return checkout_payment_create(checkout=checkout)


@pytest.fixture
def told():
    """A handler of our own beside orders': the payments it was told of."""
    payments = []

    def handler(*, payment):
        payments.append((payment.pk, payment.status))

    payment_succeeded_handler_register(handler)
    yield payments
    payment_succeeded_handler_unregister(handler)


def pay_in_browser(payment):
    """What Stripe.js does in the tourist's browser; the intent as Stripe then holds it."""
    intents = get_client().v1.payment_intents
    intents.update(payment.provider_reference, params={"payment_method": "pm_card_visa"})
    return intents.confirm(payment.provider_reference)


def test_the_browsers_return_alone_completes_the_checkout(checkout_payment):
    # given the tourist paid in the browser
    pay_in_browser(checkout_payment)

    # when the return page records the payment (nothing from orders is called)
    payment, became_succeeded = payment_refresh(payment=checkout_payment)

    # then orders' handler made the order
    order = Order.objects.get()
    assert (payment.status, became_succeeded) == ("succeeded", True)
    assert (order.payment_id, order.total_fen, order.status) == (checkout_payment.pk, 129200, "paid")
    assert Checkout.objects.get().status == "completed"


def test_a_handler_is_told_of_a_first_success_only(stripe_server, told):
    declined = payment_intent_create(reference="chk_declined", amount_fen=16800)
    paid = payment_intent_create(reference="chk_paid", amount_fen=16800)

    payment_confirm_test_card(payment=declined, payment_method="pm_card_chargeCustomerFail")
    payment_confirm_test_card(payment=paid)
    payment_refresh(payment=paid)  # the same success seen again

    assert told == [(paid.pk, "succeeded")]
    assert Payment.objects.get(pk=declined.pk).status == "failed"


def test_a_handler_that_fails_rolls_the_webhook_back_and_the_next_delivery_completes(
    checkout_payment, stripe_server
):
    # given the payment made in the browser, Stripe's signed event about it, and a handler that fails
    intent = pay_in_browser(checkout_payment)
    body = json.dumps(
        {
            "id": "evt_first_try",
            "object": "event",
            "type": "payment_intent.succeeded",
            "data": {"object": intent.to_dict()},
        }
    ).encode()
    signature = sign(body, stripe_server.webhook_secret)

    def failing(*, payment):
        raise RuntimeError("the database went away")

    payment_succeeded_handler_register(failing)
    client = Client(raise_request_exception=False)
    try:
        # when
        first = client.post(
            "/payments/stripe/webhook/",
            body,
            content_type="application/json",
            HTTP_STRIPE_SIGNATURE=signature,
        )
    finally:
        payment_succeeded_handler_unregister(failing)

    # then nothing of it is kept: not the event, not the payment's success, not the order
    assert first.status_code == 500
    assert (StripeEvent.objects.count(), Payment.objects.get().status, Order.objects.count()) == (
        0,
        "created",
        0,
    )

    # and Stripe's next delivery completes the checkout
    again = client.post(
        "/payments/stripe/webhook/", body, content_type="application/json", HTTP_STRIPE_SIGNATURE=signature
    )
    assert again.status_code == 200
    assert (StripeEvent.objects.count(), Payment.objects.get().status, Order.objects.count()) == (
        1,
        "succeeded",
        1,
    )
