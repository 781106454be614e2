"""Paid orders and their refunds reach the ledger: each line's split on the right accounts, once, with
a refund reversing it in proportion; a line the ledger refuses holds back only its own order."""

import datetime
import logging
import threading

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from core.money import allocate
from inventory.models import Location
from ledger.models import JournalTransaction, RefundSplit, SaleSplit
from orders.models import Order, OrderLine, OrderRefund, OrderRefundLine
from orders.services import (
    OrderDraft,
    OrderLineDraft,
    ledger_posting_schedule,
    order_refund,
    order_refund_whole,
    orders_record_paid,
)
from orders.services.posting import orders_post_to_ledger, refunds_post_to_ledger
from orders.tasks.posting import ledger_post, ledger_post_pending
from tests import factories
from tests.ledger.support import at, postings, sale_postings, split_parts

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db):
    """乌仁 (70/10/20) makes robes, 秀兰 (60/15/25) purses; two carts with their operators, the base."""
    uren = factories.ArtisanFactory(code="uren", name_zh="乌仁")
    factories.AgreementFactory(artisan=uren, valid_from=datetime.date(2026, 1, 1))
    xiulan = factories.ArtisanFactory(code="xiulan", name_zh="秀兰")
    factories.AgreementFactory(
        artisan=xiulan,
        valid_from=datetime.date(2026, 1, 1),
        artisan_bp=6000,
        operator_bp=1500,
        programme_bp=2500,
    )
    return {
        "uren": uren,
        "xiulan": xiulan,
        "robe": factories.VariantFactory(sku="ROBE-M", artisan=uren, product__name_zh="蒙古袍"),
        "purse": factories.VariantFactory(sku="PURSE", artisan=xiulan, product__name_zh="荷包"),
        "base": factories.LocationFactory(code="base", kind=Location.Kind.BASE),
        "chaka": factories.LocationFactory(code="chaka", kind=Location.Kind.CART),
        "feicui": factories.LocationFactory(code="feicui", kind=Location.Kind.CART),
        "tana": factories.UserFactory(username="tana"),
        "sarula": factories.UserFactory(username="sarula"),
        "staff": factories.StaffFactory(username="finance"),
    }


def sell(
    world, number, *lines, location="chaka", channel="cart", operator="tana", attributed=None, when=None
):
    """A paid order of (variant name, quantity, unit price[, discount]) lines, as the POS sync or the
    checkout records it."""
    draft = OrderDraft(
        number=number,
        lines=[
            OrderLineDraft(world[name], quantity, price, price, *discount)
            for name, quantity, price, *discount in lines
        ],
        paid_at=when or at(7, 1),
        attributed_location=world[attributed] if attributed else None,
        operator_user_id=world[operator].pk if operator else None,
    )
    [order] = orders_record_paid(
        location=world[location], channel=channel, drafts=[draft], actor=world["staff"]
    )
    return Order.objects.get(pk=order.pk)


def refund(order, reference, lines=None, when=None):
    """An OrderRefund as order_refund computes it: lines (OrderLine, quantity); None = all that is left.
    A part takes its share, by pieces, of what is left of the line's total (allocate's largest remainder)."""
    when = when or at(7, 2)
    if lines is None:
        lines = [(line, line.quantity - line.refunded_quantity) for line in order.lines.order_by("pk")]
    amounts = []
    for line, quantity in lines:
        line.refresh_from_db()
        left = line.quantity - line.refunded_quantity
        amounts.append(allocate(line.total_fen - line.refunded_fen, [quantity, left - quantity])[0])
    made = OrderRefund.objects.create(
        order=order, reference=reference, amount_fen=sum(amounts), created_at=when
    )
    for (line, quantity), amount in zip(lines, amounts, strict=True):
        OrderRefundLine.objects.create(refund=made, order_line=line, quantity=quantity, amount_fen=amount)
        OrderLine.objects.filter(pk=line.pk).update(
            refunded_quantity=line.refunded_quantity + quantity, refunded_fen=line.refunded_fen + amount
        )
    left = sum(line.total_fen - line.refunded_fen for line in order.lines.all())
    Order.objects.filter(pk=order.pk).update(status="refunded" if left == 0 else "partially_refunded")
    return made


def line_ids(order):
    return list(order.lines.order_by("pk").values_list("pk", flat=True))


def test_a_cart_sale_posts_each_lines_split_to_the_artisan_operator_programme_and_cart(world):
    # given: a robe at full price and two purses with 16 yuan off
    order = sell(world, "C-1", ("robe", 1, 128000), ("purse", 2, 9800, 1600))
    robe_line, purse_line = line_ids(order)

    # when
    assert orders_post_to_ledger(order_ids=[order.pk]) == 1

    # then: the discount came off the purse line's base before the split
    chaka, tana, uren, xiulan = world["chaka"].pk, world["tana"].pk, world["uren"].pk, world["xiulan"].pk
    # one journal transaction for the batch's day: the takings, commission and fund summed, her
    # payable a line each; each line's split keeps its own parts
    assert sale_postings(f"C-1/{robe_line}") == {
        f"cart_cash:{chaka}": 128000 + 18000,
        f"artisan_payable:{uren}": -89600,
        f"artisan_payable:{xiulan}": -10800,
        f"operator_commission:{tana}": -12800 - 2700,
        "programme_fund": -25600 - 4500,
    }
    assert split_parts(f"C-1/{robe_line}") == (128000, 89600, 12800, 25600)
    assert split_parts(f"C-1/{purse_line}") == (18000, 10800, 2700, 4500)
    split = SaleSplit.objects.get(reference=f"C-1/{purse_line}")
    assert (split.channel, split.location_id, split.operator_id, split.quantity, split.paid_fen) == (
        "cart",
        chaka,
        tana,
        2,
        18000,
    )
    assert (split.product_id, split.occurred_at) == (world["purse"].product_id, at(7, 1))
    order.refresh_from_db()
    assert order.ledger_posted_at is not None


def test_an_attributed_online_sale_pays_the_carts_operator_and_an_unattributed_one_the_fund(world):
    # given: online orders from the base, one after scanning the Feicui cart's QR code
    attributed = sell(
        world, "W00000001", ("robe", 1, 10000), location="base", channel="online", operator="sarula",
        attributed="feicui",
    )  # fmt: skip
    unattributed = sell(
        world, "W00000002", ("robe", 1, 10000), location="base", channel="online", operator=None
    )

    # when: posted one at a time (in one batch they would share their day's transaction)
    assert orders_post_to_ledger(order_ids=[attributed.pk]) == 1
    assert orders_post_to_ledger(order_ids=[unattributed.pk]) == 1

    # then
    uren, sarula = world["uren"].pk, world["sarula"].pk
    [line] = line_ids(attributed)
    assert sale_postings(f"W00000001/{line}") == {
        "stripe_clearing": 10000,
        f"artisan_payable:{uren}": -7000,
        f"operator_commission:{sarula}": -1000,
        "programme_fund": -2000,
    }
    assert SaleSplit.objects.get(reference=f"W00000001/{line}").location_id == world["feicui"].pk
    [line] = line_ids(unattributed)
    assert sale_postings(f"W00000002/{line}") == {
        "stripe_clearing": 10000,
        f"artisan_payable:{uren}": -7000,
        "programme_fund": -3000,
    }


def test_a_refund_reverses_each_line_in_proportion_after_posting_its_order_first(world):
    # given: an order not yet posted, refunded one purse of three (a third of 27000 after 1500 off)
    order = sell(world, "C-2", ("robe", 1, 128000), ("purse", 3, 9500, 1500))
    robe_line, purse_line = order.lines.order_by("pk")
    partial = refund(order, "C-2-R1", [(purse_line, 1)])

    # when: the refund's task runs before the order's
    assert refunds_post_to_ledger(refund_ids=[partial.pk]) == 1

    # then: the order was posted first; 9000 back, split as the 27000 was (60/15/25)
    chaka, tana, xiulan = world["chaka"].pk, world["tana"].pk, world["xiulan"].pk
    order.refresh_from_db()
    assert order.ledger_posted_at is not None
    assert postings(f"refund:C-2-R1/{purse_line.pk}") == {
        f"cart_cash:{chaka}": -9000,
        f"artisan_payable:{xiulan}": 5400,
        f"operator_commission:{tana}": 1350,
        "programme_fund": 2250,
    }

    # and when the rest is refunded, the two refunds give back exactly what the sale split
    rest = refund(order, "C-2-R2")
    assert refunds_post_to_ledger() == 1
    for line in (robe_line, purse_line):
        sale = SaleSplit.objects.get(reference=f"C-2/{line.pk}")
        back = RefundSplit.objects.filter(sale=sale)
        assert [sum(r.artisan_fen for r in back), sum(r.operator_fen for r in back)] == [
            sale.artisan_fen,
            sale.operator_fen,
        ]
        assert sum(r.refunded_fen for r in back) == sale.paid_fen
    rest.refresh_from_db()
    assert rest.ledger_posted_at is not None


def test_the_refund_services_refunds_post_once_they_commit(world, django_capture_on_commit_callbacks):
    # given: a posted cart order of three purses
    order = sell(world, "C-12", ("purse", 3, 10000))
    orders_post_to_ledger()
    [line] = line_ids(order)

    # when: one purse back, then the rest (Celery runs eagerly in the tests)
    with django_capture_on_commit_callbacks(execute=True):
        part = order_refund(order=order, actor=world["staff"], lines=[(line, 1)])
    with django_capture_on_commit_callbacks(execute=True):
        order_refund_whole(order=order, actor=world["staff"])

    # then: 10000 and 20000 back, split 60/15/25 like the sale
    assert list(
        RefundSplit.objects.order_by("pk").values_list("refund_reference", "refunded_fen", "artisan_fen")
    ) == [
        (f"{part.reference}/{line}", 10000, 6000),
        (f"C-12-R2/{line}", 20000, 12000),
    ]
    assert not OrderRefund.objects.filter(ledger_posted_at__isnull=True).exists()


def test_posting_twice_posts_once(world):
    # given
    order = sell(world, "C-3", ("robe", 2, 5000))
    made = refund(order, "C-3-R1")

    # when: the task, its retry, and the sweep
    ledger_post(order_ids=[order.pk], refund_ids=[made.pk])
    ledger_post(order_ids=[order.pk], refund_ids=[made.pk])
    ledger_post_pending()
    # even with the marks lost, the ledger itself skips what it has
    Order.objects.update(ledger_posted_at=None)
    OrderRefund.objects.update(ledger_posted_at=None)
    ledger_post_pending()

    # then
    assert list(JournalTransaction.objects.order_by("pk").values_list("kind", "reference")) == [
        ("sale", f"C-3/{line_ids(order)[0]}"),
        ("refund", f"C-3-R1/{line_ids(order)[0]}"),
    ]


def test_the_task_runs_once_the_sale_commits_and_the_sweep_posts_what_it_missed(
    world, django_capture_on_commit_callbacks
):
    # given: one order whose task ran (Celery eager), two whose task was lost
    with django_capture_on_commit_callbacks(execute=True):
        posted = sell(world, "C-4", ("robe", 1, 5000))
        ledger_posting_schedule(order_ids=[posted.pk])
    missed = [
        sell(world, "C-5", ("robe", 1, 5000)),
        sell(world, "W00000003", ("purse", 1, 5000), channel="online"),
    ]
    lost_refund = refund(missed[0], "C-5-R1")
    posted.refresh_from_db()
    assert posted.ledger_posted_at is not None
    assert SaleSplit.objects.count() == 1

    # when
    ledger_post_pending()

    # then
    assert not Order.objects.filter(ledger_posted_at__isnull=True).exists()
    assert SaleSplit.objects.count() == 3
    lost_refund.refresh_from_db()
    assert lost_refund.ledger_posted_at is not None
    assert RefundSplit.objects.get().refunded_fen == 5000


def test_an_order_the_ledger_refuses_does_not_hold_back_the_rest(world, caplog):
    # given: 阿依 has no agreement in force on 1 July (hers starts in August)
    ayi = factories.ArtisanFactory(code="ayi", name_zh="阿依")
    factories.AgreementFactory(artisan=ayi, valid_from=datetime.date(2026, 8, 1))
    world["felt"] = factories.VariantFactory(sku="FELT", artisan=ayi)
    good = sell(world, "C-6", ("robe", 1, 5000))
    bad = sell(world, "C-7", ("purse", 1, 3000), ("felt", 1, 2000))
    also_good = sell(world, "C-8", ("purse", 1, 3000))

    # when
    with caplog.at_level(logging.WARNING, logger="orders.services.posting"):
        assert orders_post_to_ledger() == 2

    # then: nothing of the refused order is in the ledger, and it says which order and why
    posted = dict(Order.objects.values_list("number", "ledger_posted_at"))
    assert posted["C-7"] is None and posted["C-6"] and posted["C-8"]
    assert sorted(SaleSplit.objects.values_list("reference", flat=True)) == sorted(
        [f"C-6/{line_ids(good)[0]}", f"C-8/{line_ids(also_good)[0]}"]
    )
    assert "refused order C-7 (NO_AGREEMENT)" in caplog.text

    # and a refund of the refused order waits for it, without holding back another refund
    waiting, fine = refund(bad, "C-7-R1"), refund(good, "C-6-R1")
    assert refunds_post_to_ledger() == 1
    assert list(OrderRefund.objects.filter(ledger_posted_at__isnull=False).values_list("pk", flat=True)) == [
        fine.pk
    ]

    # and once staff fix her agreement, the sweep posts both
    ayi.agreements.update(valid_from=datetime.date(2026, 6, 1))
    ledger_post_pending()
    assert not Order.objects.filter(ledger_posted_at__isnull=True).exists()
    waiting.refresh_from_db()
    assert waiting.ledger_posted_at is not None


def test_a_refund_the_ledger_refuses_does_not_hold_back_the_others(world, caplog):
    # given: a refund that claims more than the line was paid (bad data), and a good one
    first, second = sell(world, "C-9", ("robe", 1, 5000)), sell(world, "C-10", ("robe", 1, 5000))
    bad = OrderRefund.objects.create(order=first, reference="C-9-R1", amount_fen=9000, created_at=at(7, 2))
    OrderRefundLine.objects.create(refund=bad, order_line=first.lines.get(), quantity=1, amount_fen=9000)
    refund(second, "C-10-R1")

    # when
    with caplog.at_level(logging.WARNING, logger="orders.services.posting"):
        assert refunds_post_to_ledger() == 1

    # then
    assert list(RefundSplit.objects.values_list("refund_reference", flat=True)) == [
        f"C-10-R1/{line_ids(second)[0]}"
    ]
    assert list(OrderRefund.objects.filter(ledger_posted_at__isnull=True).values_list("pk", flat=True)) == [
        bad.pk
    ]
    assert "C-9-R1" in caplog.text


def test_posting_takes_as_many_queries_for_ten_orders_as_for_two(world):
    # given: two orders, and ten more, of two lines each (their accounts made by an earlier sale)
    orders_post_to_ledger(order_ids=[sell(world, "C-99", ("robe", 1, 5000), ("purse", 1, 3000)).pk])
    few = [sell(world, f"C-{100 + n}", ("robe", 1, 5000), ("purse", 1, 3000)) for n in range(2)]
    many = [sell(world, f"C-{200 + n}", ("robe", 1, 5000), ("purse", 1, 3000)) for n in range(10)]

    # when
    counts = []
    for orders in (few, many):
        with CaptureQueriesContext(connection) as queries:
            assert orders_post_to_ledger(order_ids=[order.pk for order in orders]) == len(orders)
        counts.append(len(queries))

    # then: lock, lines, the ledger's batch statements, the mark
    assert counts[0] == counts[1] <= 21


@pytest.mark.django_db(transaction=True)
def test_an_order_another_run_holds_is_skipped_not_waited_for(world, require_postgresql):
    # given: another run holds the order's row (as a task posting it would)
    order = sell(world, "C-11", ("robe", 1, 5000))
    locked, release, results = threading.Event(), threading.Event(), []

    def other_run():
        try:
            with transaction.atomic():
                list(Order.objects.select_for_update().filter(pk=order.pk))
                locked.set()
                release.wait(10)
        finally:
            connection.close()

    thread = threading.Thread(target=other_run)
    thread.start()
    assert locked.wait(10)

    # when: the sweep runs meanwhile
    try:
        results.append(orders_post_to_ledger())
    finally:
        release.set()
        thread.join()

    # then: it skipped the order instead of waiting or posting it twice; the next run posts it
    assert results == [0]
    assert orders_post_to_ledger() == 1
    assert SaleSplit.objects.count() == 1
