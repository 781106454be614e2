"""A checkout left unpaid past its reservation: its pieces go back on sale, its Stripe payment is
cancelled so it can no longer be paid, and the tourist can start paying again."""

import datetime

import pytest
from django.utils import timezone

from inventory.models import StockHold, StockLevel
from orders.models import Checkout, Order
from orders.services import checkout_payment_create
from orders.tasks.checkout import checkout_reservations_expire
from payments.models import Payment
from payments.services import payment_confirm_test_card
from payments.stripe_client import get_client

pytestmark = pytest.mark.django_db


def run_out():
    past = timezone.now() - datetime.timedelta(minutes=1)
    Checkout.objects.update(reserved_until=past)
    StockHold.objects.update(expires_at=past)


def test_an_expired_reservation_releases_the_pieces_and_cancels_the_payment(
    stripe_server, base_stocked, base, robe, make_checkout
):
    # given
    checkout = make_checkout([(robe, 2)])
    waiting = make_checkout([(robe, 1)])
    payment = checkout_payment_create(checkout=checkout)
    run_out()

    # when the beat's task runs
    reopened = checkout_reservations_expire.delay().get()

    # then
    assert reopened == 1
    stored = Checkout.objects.get(pk=checkout.pk)
    assert (stored.status, stored.reserved_until) == ("open", None)
    assert StockLevel.objects.get(variant=robe, location=base).allocated == 0
    assert not StockHold.objects.filter(released_at__isnull=True).exists()
    assert Payment.objects.get(pk=payment.pk).status == "cancelled"
    assert get_client().v1.payment_intents.retrieve(payment.provider_reference).status == "canceled"
    # the robes are for sale again
    assert checkout_payment_create(checkout=waiting).status == "created"


def test_a_checkout_paid_at_the_last_moment_is_completed_instead(
    stripe_server, base_stocked, base, robe, make_checkout
):
    # given the tourist paid just before the expiry ran; nobody told us yet
    checkout = make_checkout([(robe, 1)])
    payment = checkout_payment_create(checkout=checkout)
    intents = get_client().v1.payment_intents
    intents.update(payment.provider_reference, params={"payment_method": "pm_card_visa"})
    intents.confirm(payment.provider_reference)
    run_out()

    # when
    reopened = checkout_reservations_expire.delay().get()

    # then
    assert reopened == 0
    order = Order.objects.get()
    assert (order.status, Checkout.objects.get().status) == ("paid", "completed")
    assert StockLevel.objects.get(variant=robe, location=base).allocated == 1
    assert Payment.objects.get().status == "succeeded"


def test_a_reservation_not_yet_expired_is_left_alone(stripe_server, base_stocked, base, robe, make_checkout):
    checkout = make_checkout([(robe, 1)])
    checkout_payment_create(checkout=checkout)

    assert checkout_reservations_expire.delay().get() == 0

    assert Checkout.objects.get().status == "awaiting_payment"
    assert StockLevel.objects.get(variant=robe, location=base).allocated == 1
    payment_confirm_test_card(payment=Payment.objects.get())
