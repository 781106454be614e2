"""Pieces cannot be hoarded (orders/services/checkout_holds.py): a checkout holds them for one
reservation period from its first hold however it is asked again, has at most CHECKOUT_PIECES_MAX
pieces, and one client may start holds for only CHECKOUT_HOLDS_PER_CLIENT unpaid checkouts an hour."""

import datetime
from zoneinfo import ZoneInfo

import pytest

from core.errors import ValidationFailed
from inventory.models import StockHold, StockLevel
from orders.models import Checkout, CheckoutLine
from orders.services import (
    CheckoutLineInput,
    checkout_complete,
    checkout_create,
    checkout_lines_add,
    checkout_lines_update,
    checkout_payment_create,
    checkouts_expire,
)
from payments.models import Payment
from payments.services import payment_confirm_test_card

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 7, 14, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
FIRST_HOLD_ENDS = NOW + datetime.timedelta(minutes=15)


@pytest.fixture
def clock(time_machine):
    time_machine.move_to(NOW, tick=False)
    return time_machine


def allocated(variant, location) -> int:
    return StockLevel.objects.get(variant=variant, location=location).allocated


def active_holds() -> list[tuple]:
    return list(
        StockHold.objects.filter(released_at__isnull=True).values_list(
            "variant__sku", "quantity", "expires_at"
        )
    )


def test_a_changed_basket_paid_again_is_held_only_until_the_first_hold_ends(
    stripe_server, base_stocked, robe, purse, base, make_checkout, clock
):
    checkout = make_checkout([(purse, 1)])
    checkout_payment_create(checkout=checkout, client="tablet")

    # when: ten minutes later the basket changes (the hold goes) and is paid for again
    clock.shift(datetime.timedelta(minutes=10))
    checkout_lines_update(checkout=checkout, lines=[CheckoutLineInput(purse.pk, 2)])
    checkout_payment_create(checkout=checkout, client="tablet")

    assert Checkout.objects.get().reserved_until == FIRST_HOLD_ENDS
    assert active_holds() == [("PURSE-RED", 2, FIRST_HOLD_ENDS)]


def test_past_its_one_period_a_checkout_pays_without_holding_anything(
    stripe_server, base_stocked, robe, base, make_checkout, clock
):
    # given: a checkout whose hold ran out (the beat's expiry reopened it)
    hoarder = make_checkout([(robe, 2)])
    checkout_payment_create(checkout=hoarder, client="hoarder")
    clock.shift(datetime.timedelta(minutes=16))
    assert checkouts_expire() == 1

    # when: it asks to pay again, and again
    payment = checkout_payment_create(checkout=hoarder, client="hoarder")
    checkout_payment_create(checkout=hoarder, client="hoarder")

    # then: a payment, but the robes stay free for the next tourist, who gets them
    stored = Checkout.objects.get(pk=hoarder.pk)
    assert (stored.status, stored.reserved_until, stored.payment) == ("awaiting_payment", None, payment)
    assert active_holds() == []
    assert allocated(robe, base) == 0
    other = make_checkout([(robe, 2)])
    checkout_payment_create(checkout=other, client="tourist")
    assert active_holds() == [("ROBE-M", 2, NOW + datetime.timedelta(minutes=31))]


def test_a_checkout_paid_without_a_hold_gets_its_pieces_if_they_are_still_there(
    stripe_server, base_stocked, robe, base, make_checkout, clock
):
    checkout = make_checkout([(robe, 1)])
    checkout_payment_create(checkout=checkout)
    clock.shift(datetime.timedelta(minutes=20))
    checkouts_expire()
    payment = checkout_payment_create(checkout=checkout)

    payment_confirm_test_card(payment=payment)
    order = checkout_complete(checkout=checkout)

    assert (order.status, order.total_fen) == ("paid", 128000 + 1200)
    assert allocated(robe, base) == 1


def test_a_client_may_start_holds_for_three_unpaid_checkouts_an_hour(
    stripe_server, base_stocked, purse, base, make_checkout, clock
):
    for _ in range(3):
        checkout_payment_create(checkout=make_checkout([(purse, 1)]), client="phone-a")
        clock.shift(datetime.timedelta(minutes=5))
    fourth = make_checkout([(purse, 1)])

    with pytest.raises(ValidationFailed) as refused:
        checkout_payment_create(checkout=fourth, client="phone-a")

    # then: refused with the time the first of the three stops counting (10:00 + 60 minutes)
    assert (refused.value.code, refused.value.field) == ("TOO_MANY_CHECKOUTS", None)
    assert str(refused.value.message) == (
        "这台设备已有 3 个未付款的结算在保留作品。请先为其中一个付款，或在 11:00（北京时间）之后再试。"
    )
    stored = Checkout.objects.get(pk=fourth.pk)
    assert (stored.status, stored.payment, stored.hold_started_at) == ("open", None, None)
    assert Payment.objects.count() == 3 and allocated(purse, base) == 3
    # another client is not affected, and a checkout that already holds may still pay
    assert checkout_payment_create(checkout=make_checkout([(purse, 1)]), client="phone-b")
    clock.shift(datetime.timedelta(minutes=45, seconds=1))
    assert checkout_payment_create(checkout=fourth, client="phone-a")


def test_paid_checkouts_do_not_count_against_the_client(
    stripe_server, base_stocked, purse, base, make_checkout, clock
):
    for _ in range(4):
        checkout = make_checkout([(purse, 1)])
        payment = checkout_payment_create(checkout=checkout, client="phone-a")
        payment_confirm_test_card(payment=payment)
        checkout_complete(checkout=checkout)

    # when: the same phone pays for a fifth checkout within the hour
    fifth = make_checkout([(purse, 1)])
    payment = checkout_payment_create(checkout=fifth, client="phone-a")

    # then: it is held and asked to pay like the others (98 yuan and 12 shipping), none of the four refused it
    assert (payment.amount_fen, payment.status) == (9800 + 1200, "created")
    assert Checkout.objects.get(pk=fifth.pk).status == "awaiting_payment"
    assert allocated(purse, base) == 5


def test_a_checkout_has_at_most_checkout_pieces_max_pieces(base_stocked, robe, purse, settings):
    settings.CHECKOUT_PIECES_MAX = 4
    checkout = checkout_create(lines=[CheckoutLineInput(purse.pk, 3)])

    attempts = {
        "create": lambda: checkout_create(
            lines=[CheckoutLineInput(purse.pk, 3), CheckoutLineInput(robe.pk, 2)]
        ),
        "add": lambda: checkout_lines_add(checkout=checkout, lines=[CheckoutLineInput(robe.pk, 2)]),
        "update": lambda: checkout_lines_update(checkout=checkout, lines=[CheckoutLineInput(purse.pk, 5)]),
    }
    for name, attempt in attempts.items():
        with pytest.raises(ValidationFailed) as refused:
            attempt()
        assert (refused.value.code, refused.value.field) == ("TOO_MANY_PIECES", "lines"), name
        assert str(refused.value.message) == "一次结算最多 4 件作品，这里有 5 件。请分开下单，或联系我们。"

    # nothing was written; four pieces are fine
    assert Checkout.objects.count() == 1
    assert list(CheckoutLine.objects.values_list("variant__sku", "quantity")) == [("PURSE-RED", 3)]
    checkout_lines_add(checkout=checkout, lines=[CheckoutLineInput(robe.pk, 1)])
    assert sorted(CheckoutLine.objects.values_list("variant__sku", "quantity")) == [
        ("PURSE-RED", 3),
        ("ROBE-M", 1),
    ]


def test_the_default_limit_is_twenty_pieces(base_stocked, purse, settings):
    assert settings.CHECKOUT_PIECES_MAX == 20
