"""A paid checkout becomes its order, once: lines at the prices paid, its pieces allocated, the
confirmation email sent. Unpaid, it is refused; paid after its pieces were gone, the money goes back."""

import datetime
import uuid

import pytest
from django.core import mail
from django.utils import timezone

from core.errors import InvalidState
from inventory.models import Location, StockHold, StockLevel
from inventory.services import HeldLine, stock_allocate
from orders.models import Checkout, Order
from orders.services import checkout_complete, checkout_complete_for_payment, checkout_payment_create
from payments.models import Payment
from payments.services import payment_confirm_test_card
from tests import factories
from tests.payments.conftest import stripe_refunds

pytestmark = pytest.mark.django_db


def test_a_paid_checkout_becomes_an_order(
    stripe_server, base_stocked, base, robe, purse, seller, make_checkout
):
    # given a tourist who scanned the cart's QR code and paid with the test card
    cart = factories.LocationFactory(code="emerald", kind=Location.Kind.CART)
    checkout = make_checkout([(robe, 1), (purse, 2)])
    Checkout.objects.filter(pk=checkout.pk).update(attributed_location=cart, attributed_operator=seller)
    payment = checkout_payment_create(checkout=checkout)
    payment_confirm_test_card(payment=payment)

    # when
    order = checkout_complete(checkout=checkout)

    # then
    order = Order.objects.get()
    assert order.number == f"W{order.pk:08d}"
    assert (order.channel, order.status, order.fulfilment_status, order.delivery_method) == (
        "online",
        "paid",
        "unfulfilled",
        "shipping",
    )
    assert (order.location, order.attributed_location, order.operator, order.payment_id) == (
        base,
        cart,
        seller,
        payment.pk,
    )
    assert (order.subtotal_fen, order.shipping_fen, order.total_fen) == (147600, 1200, 148800)
    assert (order.email, order.phone, order.recipient_name, order.token is not None) == (
        "tourist@example.com",
        "+86 138-0000-0000",
        "李华",
        True,
    )
    assert list(order.lines.order_by("pk").values_list("sku", "quantity", "unit_price_fen", "total_fen")) == [
        ("ROBE-M", 1, 128000, 128000),
        ("PURSE-RED", 2, 9800, 19600),
    ]
    assert Checkout.objects.values_list("status", "order").get() == ("completed", order.pk)
    assert list(
        StockHold.objects.filter(released_at__isnull=True)
        .order_by("pk")
        .values_list("variant__sku", "quantity", "kind", "reference")
    ) == [
        ("ROBE-M", 1, "allocation", f"order:{order.number}"),
        ("PURSE-RED", 2, "allocation", f"order:{order.number}"),
    ]
    assert (
        StockLevel.objects.get(variant=robe, location=base).quantity == 2
    )  # still on the shelf until shipped


def test_completing_again_answers_the_same_order_and_emails_once(
    stripe_server, base_stocked, robe, make_checkout, django_capture_on_commit_callbacks
):
    checkout = make_checkout([(robe, 1)])
    payment = checkout_payment_create(checkout=checkout)

    with django_capture_on_commit_callbacks(execute=True):
        payment_confirm_test_card(payment=payment)  # its success completes the checkout (orders' handler)
        first = checkout_complete(checkout=checkout)
    with django_capture_on_commit_callbacks(execute=True):
        again = checkout_complete(checkout=checkout)
        by_webhook = checkout_complete_for_payment(payment=Payment.objects.get())

    assert first == again == by_webhook
    assert Order.objects.count() == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["tourist@example.com"]


def test_completion_asks_stripe_when_the_browser_paid(stripe_server, base_stocked, robe, make_checkout):
    # given the tourist paid in the browser (Stripe.js): we were not told
    from payments.stripe_client import get_client

    checkout = make_checkout([(robe, 1)])
    payment = checkout_payment_create(checkout=checkout)
    intents = get_client().v1.payment_intents
    intents.update(payment.provider_reference, params={"payment_method": "pm_card_visa"})
    intents.confirm(payment.provider_reference)

    order = checkout_complete(checkout=checkout)

    assert (order.status, Payment.objects.get().status) == ("paid", "succeeded")


def test_an_unpaid_checkout_is_refused(stripe_server, base_stocked, robe, make_checkout):
    checkout = make_checkout([(robe, 1)])
    payment = checkout_payment_create(checkout=checkout)
    payment_confirm_test_card(payment=payment, payment_method="pm_card_chargeCustomerFail")

    with pytest.raises(InvalidState) as error:
        checkout_complete(checkout=checkout)

    assert error.value.code == "PAYMENT_NOT_SUCCEEDED"
    assert (Order.objects.count(), Checkout.objects.get().status, Payment.objects.get().status) == (
        0,
        "awaiting_payment",
        "failed",
    )


def test_paid_after_the_reservation_ran_out_it_is_still_made_while_the_pieces_are_there(
    stripe_server, base_stocked, base, robe, make_checkout
):
    checkout = make_checkout([(robe, 1)])
    payment = checkout_payment_create(checkout=checkout)
    StockHold.objects.update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    payment_confirm_test_card(payment=payment)

    order = checkout_complete(checkout=checkout)

    assert order.status == "paid"
    assert StockLevel.objects.get(variant=robe, location=base).allocated == 1
    assert list(StockHold.objects.filter(released_at__isnull=True).values_list("reference", flat=True)) == [
        f"order:{order.number}"
    ]


def test_paid_after_the_pieces_were_sold_to_another_it_is_refunded(
    stripe_server, base_stocked, base, robe, make_checkout
):
    # given her reservation ran out and was released, and both robes went to someone else
    checkout = make_checkout([(robe, 1)])
    payment = checkout_payment_create(checkout=checkout)
    from inventory.services import stock_reservations_expire

    StockHold.objects.update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    stock_reservations_expire()
    stock_allocate(
        location=base, lines=[HeldLine(robe.pk, 2)], reference=f"order:other-{uuid.uuid4().hex[:6]}"
    )
    payment_confirm_test_card(payment=payment)

    # when
    with pytest.raises(InvalidState) as error:
        checkout_complete(checkout=checkout)

    # then
    assert error.value.code == "CHECKOUT_FAILED"
    assert (Order.objects.count(), Checkout.objects.get().status) == (0, "failed")
    assert (Payment.objects.get().status, Payment.objects.get().refunded_fen) == ("refunded", 129200)
    assert stripe_refunds(payment) == [(129200, "商品已售完")]
    assert StockLevel.objects.get(variant=robe, location=base).allocated == 2


def test_a_payment_for_a_basket_that_changed_since_is_refunded(
    stripe_server, base_stocked, purse, make_checkout
):
    # given she went to pay for one purse, then made it two in another tab, then paid the first
    from orders.services import CheckoutLineInput, checkout_lines_update

    checkout = make_checkout([(purse, 1)])
    payment = checkout_payment_create(checkout=checkout)
    checkout_lines_update(checkout=checkout, lines=[CheckoutLineInput(purse.pk, 2)])
    payment_confirm_test_card(payment=payment)

    # when
    with pytest.raises(InvalidState) as error:
        checkout_complete(checkout=checkout)

    # then the money for the old basket went back, and the new one can still be paid
    assert error.value.code == "CHECKOUT_FAILED"
    assert (Order.objects.count(), Checkout.objects.get().status) == (0, "open")
    assert stripe_refunds(payment) == [(9800 + 1200, "购物袋已变更")]
    assert checkout_payment_create(checkout=checkout).amount_fen == 2 * 9800 + 1200
