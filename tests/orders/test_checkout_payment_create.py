"""Going to pay: the pieces are reserved where they will leave from and a Stripe payment is made for
the total; asked again, the same payment (or a new one for a new amount, the old one cancelled)."""

import datetime
from zoneinfo import ZoneInfo

import pytest

from core.errors import InsufficientStock, ValidationFailed
from inventory.models import StockHold, StockLevel
from orders.models import Checkout
from orders.services import (
    CheckoutLineInput,
    checkout_create,
    checkout_lines_add,
    checkout_lines_update,
    checkout_payment_create,
)
from payments.models import Payment
from payments.stripe_client import get_client

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 7, 14, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def allocated_at(variant, location) -> int:
    return StockLevel.objects.get(variant=variant, location=location).allocated


def test_shipping_reserves_at_the_base_and_makes_the_payment(
    stripe_server, base_stocked, stocked, base, cart_location, robe, purse, make_checkout
):
    # given
    checkout = make_checkout([(robe, 1), (purse, 2)])

    # when
    payment = checkout_payment_create(checkout=checkout)

    # then
    stored = Checkout.objects.get()
    assert (stored.status, stored.payment, stored.reserved_until is not None) == (
        "awaiting_payment",
        payment,
        True,
    )
    assert (payment.amount_fen, payment.reference, payment.status) == (
        128000 + 2 * 9800 + 1200,
        f"checkout:{checkout.token}",
        "created",
    )
    intent = get_client().v1.payment_intents.retrieve(payment.provider_reference)
    assert (intent.amount, intent.currency, intent.metadata["email"]) == (
        148800,
        "cny",
        "tourist@example.com",
    )
    assert (allocated_at(robe, base), allocated_at(purse, base)) == (1, 2)
    assert not StockLevel.objects.filter(location=cart_location, allocated__gt=0).exists()


def test_pickup_reserves_at_the_chosen_cart(
    stripe_server, base_stocked, stocked, base, cart_location, robe, make_checkout
):
    checkout = make_checkout([(robe, 2)], pickup=cart_location)

    payment = checkout_payment_create(checkout=checkout)

    assert payment.amount_fen == 256000  # no shipping
    assert (allocated_at(robe, cart_location), allocated_at(robe, base)) == (2, 0)


def test_asked_again_it_answers_the_same_payment_and_holds_until_the_same_moment(
    stripe_server, base_stocked, robe, base, make_checkout, time_machine
):
    time_machine.move_to(NOW, tick=False)
    checkout = make_checkout([(robe, 1)])
    first = checkout_payment_create(checkout=checkout)

    time_machine.shift(datetime.timedelta(minutes=10))
    again = checkout_payment_create(checkout=checkout)

    # then: not a minute more than the one reservation period from the first hold
    assert again == first
    assert Checkout.objects.get().reserved_until == NOW + datetime.timedelta(minutes=15)
    hold = StockHold.objects.get(released_at__isnull=True)
    assert (hold.quantity, hold.expires_at) == (1, NOW + datetime.timedelta(minutes=15))
    assert allocated_at(robe, base) == 1


def test_a_changed_basket_gets_a_new_payment_and_the_old_one_is_cancelled(
    stripe_server, base_stocked, robe, purse, base, make_checkout
):
    # given
    checkout = make_checkout([(purse, 1)])
    old = checkout_payment_create(checkout=checkout)

    # when the basket changes: it goes back to open and lets the piece go
    checkout_lines_update(checkout=checkout, lines=[CheckoutLineInput(purse.pk, 3)])
    assert (Checkout.objects.get().status, allocated_at(purse, base)) == ("open", 0)
    new = checkout_payment_create(checkout=checkout)

    # then
    assert new != old
    assert (new.amount_fen, Payment.objects.get(pk=old.pk).status) == (3 * 9800 + 1200, "cancelled")
    intent = get_client().v1.payment_intents.retrieve(old.provider_reference)
    assert intent.status == "canceled"
    assert (Checkout.objects.get().payment, allocated_at(purse, base)) == (new, 3)


def test_not_enough_left_is_refused_and_nothing_is_written(
    stripe_server, base_stocked, robe, base, make_checkout
):
    # given another tourist holds one of the two robes
    checkout = make_checkout([(robe, 2)])
    checkout_payment_create(checkout=make_checkout([(robe, 1)]))

    # when
    with pytest.raises(InsufficientStock) as error:
        checkout_payment_create(checkout=checkout)

    # then
    assert (error.value.code, error.value.field, error.value.params) == (
        "INSUFFICIENT_STOCK",
        "lines",
        {"variantId": robe.pk, "available": 1},
    )
    assert (Checkout.objects.get(pk=checkout.pk).status, Checkout.objects.get(pk=checkout.pk).payment) == (
        "open",
        None,
    )
    assert (allocated_at(robe, base), Payment.objects.count()) == (1, 1)


def test_an_incomplete_checkout_cannot_be_paid(stripe_server, base_stocked, purse):
    # an email is contact enough (a phone or an email); the delivery is missing
    checkout = checkout_create(lines=[CheckoutLineInput(purse.pk, 1)], email="a@example.com")

    with pytest.raises(ValidationFailed) as error:
        checkout_payment_create(checkout=checkout)

    assert error.value.field == "deliveryMethod"
    assert (Payment.objects.count(), StockHold.objects.count()) == (0, 0)


def test_a_basket_changed_while_waiting_does_not_count_its_own_reservation(
    stripe_server, base_stocked, robe, purse, base, make_checkout
):
    # given both robes reserved for this checkout
    checkout = make_checkout([(robe, 2)])
    checkout_payment_create(checkout=checkout)

    # when a purse is added
    checkout_lines_add(checkout=checkout, lines=[CheckoutLineInput(purse.pk, 1)])

    # then the robes are still hers to pay for, and for now free again
    assert [(line.variant, line.quantity) for line in checkout.lines.order_by("pk")] == [
        (robe, 2),
        (purse, 1),
    ]
    assert (Checkout.objects.get().status, allocated_at(robe, base)) == ("open", 0)
    assert checkout_payment_create(checkout=checkout).amount_fen == 2 * 128000 + 9800 + 1200
