"""A held sale: posted with her share held (not pending, not available, never in a payout run), then
approved (payable, its holding period from receipt) or voided (reversed, the pieces back), once."""

import datetime

import pytest
import time_machine

from core.errors import InvalidState, NotFound, ValidationFailed
from inventory.models import Movement
from ledger.models import JournalEntry, SaleRelease
from ledger.selectors import artisan_balance
from ledger.services import payout_run_create
from orders.models import Order, OrderHold
from orders.services.holds import order_hold_decide, order_holds_create
from orders.services.posting import orders_post_to_ledger, refunds_post_to_ledger
from tests.ledger.support import at, unbalanced_transactions
from tests.orders.test_posting import sell, world  # noqa: F401 (the fixture)

pytestmark = pytest.mark.django_db

RECEIVED = at(9, 1, 10)


@pytest.fixture
def held(world):  # noqa: F811
    """A robe of ¥1,000 sold (by its tablet's clock) in July, received by the server on 1 September,
    held for review and posted: her 70 % is ¥700."""
    with time_machine.travel(RECEIVED, tick=False):
        order = sell(world, "C-HELD-1", ("robe", 1, 100000), when=at(7, 1))
        order_holds_create(reasons={order.pk: ["device_time_outside_shift"]})
        assert orders_post_to_ledger(order_ids=[order.pk]) == 1
    return Order.objects.get(pk=order.pk)


def test_a_held_sale_is_in_the_books_but_neither_pending_nor_available_nor_paid(world, held):  # noqa: F811
    # when: a payout run long after its holding period would have ended
    run = payout_run_create(run_date=datetime.date(2026, 12, 1), at=at(12, 1), minimum_fen=1)

    # then: her share is held, apart; the run pays nothing
    balance = artisan_balance(artisan=world["uren"], at=at(12, 1))
    assert (balance.held_fen, balance.pending_fen, balance.available_fen) == (70000, 0, 0)
    assert run.payouts.count() == 0
    assert unbalanced_transactions() == []


def test_approving_makes_it_payable_from_receipt_plus_the_holding_period(world, held):  # noqa: F811
    # when: approved on 3 September
    with time_machine.travel(at(9, 3), tick=False):
        hold = order_hold_decide(order=held, decision="approved", actor=world["staff"], note="核实过")

    # then: pending until 8 September (received 1 September + 7 days), available after
    assert (hold.status, hold.decided_by, hold.note) == ("approved", world["staff"], "核实过")
    uren = world["uren"]
    assert artisan_balance(artisan=uren, at=at(9, 5)).pending_fen == 70000
    assert artisan_balance(artisan=uren, at=at(9, 5)).held_fen == 0
    assert artisan_balance(artisan=uren, at=at(9, 8, 11)).available_fen == 70000
    [release] = SaleRelease.objects.all()
    assert release.released_fen == 70000
    # and the run of 9 September pays her ¥700
    run = payout_run_create(run_date=datetime.date(2026, 9, 9), at=at(9, 9), minimum_fen=1)
    assert list(run.payouts.values_list("amount_fen", flat=True)) == [70000]
    assert unbalanced_transactions() == []


def test_voiding_reverses_it_and_returns_the_pieces(world, held):  # noqa: F811
    # when
    with time_machine.travel(at(9, 3), tick=False):
        order_hold_decide(order=held, decision="voided", actor=world["staff"], note="平板时间被改过")
        refunds_post_to_ledger()

    # then: refunded whole, the robe back at the cart, her share gone from the held part
    held.refresh_from_db()
    assert held.status == Order.Status.REFUNDED
    assert list(Movement.objects.filter(kind="return").values_list("quantity", flat=True)) == [1]
    balance = artisan_balance(artisan=world["uren"], at=at(12, 1))
    assert (balance.held_fen, balance.pending_fen, balance.available_fen) == (0, 0, 0)
    assert OrderHold.objects.get().status == "voided"
    assert unbalanced_transactions() == []


def test_a_sale_approved_before_it_is_posted_posts_payable(world):  # noqa: F811
    # given: held, approved at once, posted afterwards
    with time_machine.travel(RECEIVED, tick=False):
        order = sell(world, "C-HELD-2", ("robe", 1, 100000), when=at(7, 1))
        order_holds_create(reasons={order.pk: ["price_mismatch"]})
        order_hold_decide(order=order, decision="approved", actor=world["staff"])
        orders_post_to_ledger(order_ids=[order.pk])

    # then: no release needed; available from receipt + 7 days
    assert SaleRelease.objects.count() == 0
    assert (
        JournalEntry.objects.filter(account__kind="artisan_payable", available_at__isnull=True).count() == 0
    )
    assert artisan_balance(artisan=world["uren"], at=at(9, 8, 11)).available_fen == 70000


def test_a_decision_is_taken_once_and_a_void_needs_a_reason(world, held):  # noqa: F811
    # a void without a note is refused, nothing written
    with pytest.raises(ValidationFailed):
        order_hold_decide(order=held, decision="voided", actor=world["staff"], note="  ")
    with pytest.raises(ValidationFailed):
        order_hold_decide(order=held, decision="voided", actor=world["staff"], note="a\x00b")
    assert OrderHold.objects.get().status == "held"
    # approved once; a second decision is refused
    order_hold_decide(order=held, decision="approved", actor=world["staff"])
    with pytest.raises(InvalidState):
        order_hold_decide(order=held, decision="voided", actor=world["staff"], note="迟了")
    assert SaleRelease.objects.count() == 1
    assert Order.objects.get(pk=held.pk).status == Order.Status.PAID


def test_a_sale_never_held_cannot_be_decided(world):  # noqa: F811
    order = sell(world, "C-PLAIN", ("robe", 1, 100000))
    with pytest.raises(NotFound):
        order_hold_decide(order=order, decision="approved", actor=world["staff"])
