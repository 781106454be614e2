"""Twenty tourists pay for the last five purses at the same moment: five get one, fifteen are told
there is not enough stock, and nothing is oversold (PostgreSQL, real row locks, real threads)."""

import threading

from django.db import connection

from core.errors import InsufficientStock
from inventory.models import StockLevel
from orders.models import Order
from orders.services import checkout_complete, checkout_payment_create
from payments.services import payment_confirm_test_card

BUYERS = 20


def buy(checkout, barrier, outcomes):
    try:
        barrier.wait()
        try:
            payment = checkout_payment_create(checkout=checkout)
        except InsufficientStock as error:
            outcomes.append(error.code)
            return
        payment_confirm_test_card(payment=payment)
        outcomes.append(checkout_complete(checkout=checkout).number)
    except Exception as error:  # noqa: BLE001 (reported by the test, not lost in the thread)
        outcomes.append(repr(error))
    finally:
        connection.close()


def test_twenty_buyers_for_five_pieces_make_exactly_five_orders(
    require_postgresql, transactional_db, stripe_server, base_stocked, base, purse, make_checkout
):
    # given five purses at the base and twenty baskets with one each
    checkouts = [make_checkout([(purse, 1)]) for _ in range(BUYERS)]
    barrier, outcomes = threading.Barrier(BUYERS), []

    # when they all pay at once
    threads = [threading.Thread(target=buy, args=(checkout, barrier, outcomes)) for checkout in checkouts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    # then
    refused = [outcome for outcome in outcomes if outcome == "INSUFFICIENT_STOCK"]
    made = sorted(outcome for outcome in outcomes if outcome.startswith("W"))
    assert (len(made), len(refused), len(outcomes)) == (5, 15, BUYERS), outcomes
    assert sorted(Order.objects.values_list("number", flat=True)) == made
    level = StockLevel.objects.get(variant=purse, location=base)
    assert (level.quantity, level.allocated) == (5, 5)
