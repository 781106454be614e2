"""pos_sync records each sale exactly once per client UUID: as sent, sent again, twice in one batch,
in batches that arrive out of order; and a batch costs the same few queries whatever its size."""

import datetime

import pytest
from django.db.models import Sum
from django.utils import timezone

from carts.models import PosSale
from carts.services import SyncStatus, operator_create, pos_sync, shift_close
from core.errors import ValidationFailed
from inventory.models import Movement
from inventory.services import LineQuantity, intake_create
from ledger.models import JournalTransaction, SaleSplit
from orders.models import LedgerOutbox, Order, OrderLine
from tests import factories
from tests.carts.pos import DEVICE, client_uuid, line, on_hand, sale, snapshot, statuses

pytestmark = pytest.mark.django_db


def test_a_sale_becomes_a_paid_cart_order_whose_stock_leaves_the_cart(cart, stocked, shift, operator):
    # given
    robe, purse = stocked["robe"], stocked["purse"]
    at = timezone.now() - datetime.timedelta(minutes=30)
    sold = sale(
        1,
        shift,
        line(robe),
        line(purse, 2, discount_fen=1600, discount_reason="老顾客"),
        tendered_fen=150000,
        at=at,
    )

    # when
    [result] = pos_sync(cart=cart, device_id=DEVICE, sales=[sold], actor=operator.user)

    # then: the answer
    assert (result.client_uuid, result.status, result.flags, result.reason) == (
        client_uuid(1),
        SyncStatus.RECORDED,
        (),
        None,
    )
    assert (result.order_number, result.receipt_number) == ("C-CHAKA-7F3A-000001", "CHAKA-7F3A-000001")
    # the order
    order = Order.objects.get()
    assert (order.number, order.channel, order.status, order.location, order.attributed_location) == (
        "C-CHAKA-7F3A-000001",
        "cart",
        "paid",
        cart.location,
        None,
    )
    assert (order.currency, order.subtotal_fen, order.discount_fen, order.total_fen) == (
        "CNY",
        147600,
        1600,
        146000,
    )
    assert (order.paid_at, order.needs_reconciliation) == (at, False)
    # its lines, as sold
    assert list(
        OrderLine.objects.order_by("pk").values_list(
            "sku",
            "product_name_zh",
            "product_name_en",
            "variant_name_zh",
            "artisan__code",
            "quantity",
            "list_price_fen",
            "unit_price_fen",
            "discount_fen",
            "discount_reason",
            "total_fen",
            "shortfall",
        )
    ) == [
        ("ROBE-M", "蓝缎蒙古袍", "Blue satin robe", "M 码", "uren", 1, 128000, 128000, 0, "", 128000, 0),
        (
            "PURSE-RED",
            "刺绣荷包",
            "Embroidered purse",
            "红色",
            "uren",
            2,
            9800,
            9800,
            1600,
            "老顾客",
            18000,
            0,
        ),
    ]
    # the POS sale
    pos_sale = PosSale.objects.get()
    assert (str(pos_sale.client_uuid), pos_sale.device_id, pos_sale.shift, pos_sale.device_time) == (
        client_uuid(1),
        DEVICE,
        shift,
        at,
    )
    assert (pos_sale.receipt_number, pos_sale.payment_method, pos_sale.amount_fen) == (
        "CHAKA-7F3A-000001",
        "cash",
        146000,
    )
    assert (pos_sale.tendered_fen, pos_sale.change_fen, pos_sale.flags, pos_sale.order) == (
        150000,
        4000,
        [],
        order,
    )
    # the stock
    assert (on_hand(robe, cart.location), on_hand(purse, cart.location)) == (1, 3)
    assert list(
        Movement.objects.filter(kind="sale")
        .order_by("pk")
        .values_list("variant__sku", "quantity", "reference", "actor")
    ) == [
        ("ROBE-M", -1, "C-CHAKA-7F3A-000001", operator.user.pk),
        ("PURSE-RED", -2, "C-CHAKA-7F3A-000001", operator.user.pk),
    ]


def test_a_synced_sale_carries_the_commission_of_the_shift_operator(cart, stocked, shift, operator):
    # given: the cart has a second operator, whose shift this is not
    other = operator_create(username="op-chaka-2", password="gongfang-op", display_name="李雷", carts=[cart])

    # when
    pos_sync(cart=cart, device_id=DEVICE, sales=[sale(1, shift, line(stocked["scarf"]))], actor=other.user)

    # then: whoever sent the batch, the commission is the shift operator's
    assert Order.objects.get().operator_id == operator.user.pk
    assert shift.operator == operator


def test_a_batch_posts_its_new_orders_to_the_ledger_once_and_not_the_orders_posted_before(
    cart, stocked, shift, operator, uren, django_capture_on_commit_callbacks
):
    factories.AgreementFactory(artisan=uren, valid_from=datetime.date(2000, 1, 1))
    # given: one sale already recorded, and posted (the task runs in-process: Celery's eager mode)
    with django_capture_on_commit_callbacks(execute=True):
        pos_sync(
            cart=cart, device_id=DEVICE, sales=[sale(1, shift, line(stocked["scarf"]))], actor=operator.user
        )
    first = Order.objects.get()
    assert first.ledger_posted_at is not None and not LedgerOutbox.objects.exists()
    sales = [sale(n, shift, line(stocked["scarf"])) for n in (1, 2, 3)]

    # when: the batch is recorded; what it owes the ledger waits for the commit
    with django_capture_on_commit_callbacks() as callbacks:
        pos_sync(cart=cart, device_id=DEVICE, sales=sales, actor=operator.user)

    # then: one outbox row and one task to send, for the two new orders only
    new = list(Order.objects.filter(number__in=["C-CHAKA-7F3A-000002", "C-CHAKA-7F3A-000003"]).order_by("pk"))
    assert list(LedgerOutbox.objects.values_list("order_ids", "refund_ids")) == [([o.pk for o in new], [])]
    assert len(callbacks) == 1
    assert not SaleSplit.objects.filter(reference__startswith="C-CHAKA-7F3A-000002").exists()

    # when: the transaction's commit sends the task, and it runs
    callbacks[0]()

    # then: the ledger holds one sale for each order's line, the first order's not again
    lines = OrderLine.objects.order_by("order__number").values_list("order__number", "pk")
    assert sorted(SaleSplit.objects.values_list("reference", flat=True)) == [
        f"{number}/{pk}" for number, pk in lines
    ]
    assert [number for number, _ in lines] == [
        "C-CHAKA-7F3A-000001",
        "C-CHAKA-7F3A-000002",
        "C-CHAKA-7F3A-000003",
    ]
    # posted per batch and day: the first order's batch, then the two new orders' (the same day)
    assert JournalTransaction.objects.filter(kind=JournalTransaction.Kind.SALE).count() == 2
    assert Order.objects.filter(ledger_posted_at__isnull=True).count() == 0
    assert Order.objects.get(pk=first.pk).ledger_posted_at == first.ledger_posted_at
    assert not LedgerOutbox.objects.exists()


def test_a_batch_of_duplicates_only_schedules_no_posting(
    cart, stocked, shift, operator, uren, django_capture_on_commit_callbacks
):
    factories.AgreementFactory(artisan=uren, valid_from=datetime.date(2000, 1, 1))
    # given: the sale recorded and posted
    sales = [sale(1, shift, line(stocked["scarf"]))]
    with django_capture_on_commit_callbacks(execute=True):
        pos_sync(cart=cart, device_id=DEVICE, sales=sales, actor=operator.user)
    journal = list(JournalTransaction.objects.values_list("pk", flat=True))
    assert len(journal) == 1

    # when: the tablet sends it again
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        pos_sync(cart=cart, device_id=DEVICE, sales=sales, actor=operator.user)

    # then: nothing owed to the ledger, nothing sent, nothing posted again
    assert (callbacks, LedgerOutbox.objects.count()) == ([], 0)
    assert list(JournalTransaction.objects.values_list("pk", flat=True)) == journal


def test_a_thousand_sales_in_one_batch_are_all_recorded(cart, stocked, shift, operator, keeper, uren):
    # given: plenty of stock, and 1,000 sales of one to three pieces
    robe, purse, scarf = stocked["robe"], stocked["purse"], stocked["scarf"]
    intake_create(
        artisan=uren,
        lines=[LineQuantity(robe, 3000), LineQuantity(purse, 3000), LineQuantity(scarf, 3000)],
        actor=keeper,
        location=cart.location,
    )
    variants = [robe, purse, scarf]
    sales = [
        sale(
            n,
            shift,
            line(variants[n % 3], 1 + n % 3),
            *([line(scarf)] if n % 4 == 0 else []),
            method="wechat",
        )
        for n in range(1000)
    ]
    sold = {
        v.sku: sum(item.quantity for s in sales for item in s.lines if item.sku == v.sku) for v in variants
    }
    before = {v.sku: on_hand(v, cart.location) for v in variants}

    # when
    results = pos_sync(cart=cart, device_id=DEVICE, sales=sales, actor=operator.user)

    # then
    assert {result.status for result in results} == {SyncStatus.RECORDED}
    assert [result.client_uuid for result in results] == [client_uuid(n) for n in range(1000)]
    assert (Order.objects.count(), PosSale.objects.count(), OrderLine.objects.count()) == (1000, 1000, 1250)
    assert sold == {"ROBE-M": 334, "PURSE-RED": 666, "SCARF-BLUE": 1249}
    assert {v.sku: before[v.sku] - on_hand(v, cart.location) for v in variants} == sold
    moved = Movement.objects.filter(kind="sale", location=cart.location).aggregate(total=Sum("quantity"))
    assert moved["total"] == -sum(sold.values())
    assert Movement.objects.filter(kind="sale").count() == 1250
    assert PosSale.objects.aggregate(total=Sum("amount_fen"))["total"] == sum(s.amount_fen for s in sales)


def test_the_same_batch_twice_is_all_duplicates_the_second_time(cart, stocked, shift, operator):
    # given
    sales = [sale(n, shift, line(stocked["scarf"])) for n in range(5)]
    first = pos_sync(cart=cart, device_id=DEVICE, sales=sales, actor=operator.user)
    before = snapshot()

    # when
    second = pos_sync(cart=cart, device_id=DEVICE, sales=sales, actor=operator.user)

    # then: each answered with what was recorded, nothing new written
    assert [r.status for r in first] == [SyncStatus.RECORDED] * 5
    assert [r.status for r in second] == [SyncStatus.DUPLICATE] * 5
    assert [(r.order_number, r.receipt_number) for r in second] == [
        (f"C-CHAKA-7F3A-{n:06d}", f"CHAKA-7F3A-{n:06d}") for n in range(5)
    ]
    assert snapshot() == before
    assert on_hand(stocked["scarf"], cart.location) == 5


def test_a_uuid_twice_in_one_batch_is_recorded_once(cart, stocked, shift, operator):
    # given
    one, two = sale(1, shift, line(stocked["scarf"])), sale(2, shift, line(stocked["purse"]))

    # when
    results = pos_sync(cart=cart, device_id=DEVICE, sales=[one, two, one], actor=operator.user)

    # then
    assert [(r.client_uuid, r.status, r.order_number) for r in results] == [
        (client_uuid(1), SyncStatus.RECORDED, "C-CHAKA-7F3A-000001"),
        (client_uuid(2), SyncStatus.RECORDED, "C-CHAKA-7F3A-000002"),
        (client_uuid(1), SyncStatus.DUPLICATE, "C-CHAKA-7F3A-000001"),
    ]
    assert Order.objects.count() == 2
    assert on_hand(stocked["scarf"], cart.location) == 9


def test_batches_out_of_order_record_each_sale_once(cart, stocked, shift, operator):
    # given: the tablet sent 1-2 and 3-4; the second batch arrives first, then both again
    scarf = stocked["scarf"]
    early = [sale(n, shift, line(scarf)) for n in (1, 2)]
    late = [sale(n, shift, line(scarf)) for n in (3, 4)]

    # when
    answers = [
        pos_sync(cart=cart, device_id=DEVICE, sales=batch, actor=operator.user)
        for batch in (late, early, late, early + late)
    ]

    # then
    assert [[r.status for r in answer] for answer in answers] == [
        ["recorded", "recorded"],
        ["recorded", "recorded"],
        ["duplicate", "duplicate"],
        ["duplicate"] * 4,
    ]
    assert sorted(Order.objects.values_list("number", flat=True)) == [
        f"C-CHAKA-7F3A-{n:06d}" for n in (1, 2, 3, 4)
    ]
    assert on_hand(scarf, cart.location) == 6


def test_a_sale_for_a_closed_shift_is_recorded_with_a_flag(cart, stocked, shift, operator):
    # given: another tablet's sale synced after the shift was closed
    shift_close(shift=shift, counted_cash_fen=20000, actor=operator.user)

    # when
    [result] = pos_sync(
        cart=cart, device_id=DEVICE, sales=[sale(1, shift, line(stocked["scarf"]))], actor=operator.user
    )

    # then
    assert statuses([result]) == [(SyncStatus.RECORDED_WITH_FLAGS, ("shift_closed",), None)]
    pos_sale = PosSale.objects.get()
    assert (pos_sale.shift, pos_sale.flags, pos_sale.order.needs_reconciliation) == (
        shift,
        ["shift_closed"],
        False,
    )


def test_a_receipt_number_another_sale_has_is_recorded_under_a_number_of_its_own(
    cart, stocked, shift, operator
):
    # given: a tablet whose sequence started over sends a new sale under an old receipt number
    pos_sync(cart=cart, device_id=DEVICE, sales=[sale(1, shift, line(stocked["scarf"]))], actor=operator.user)
    again = sale(2, shift, line(stocked["purse"]), receipt="CHAKA-7F3A-000001")

    # when
    [result] = pos_sync(cart=cart, device_id=DEVICE, sales=[again], actor=operator.user)

    # then
    expected = f"CHAKA-7F3A-000001-{again.client_uuid.replace('-', '')}"
    assert (result.status, result.receipt_number, result.order_number) == (
        SyncStatus.RECORDED,
        expected,
        f"C-{expected}",
    )
    assert PosSale.objects.count() == 2


def test_an_empty_batch_writes_nothing(cart, shift, operator):
    before = snapshot()

    assert pos_sync(cart=cart, device_id=DEVICE, sales=[], actor=operator.user) == []
    assert snapshot() == before


def test_a_batch_without_a_device_id_is_refused_whole(cart, stocked, shift, operator):
    before = snapshot()

    with pytest.raises(ValidationFailed) as error:
        pos_sync(
            cart=cart, device_id=" ", sales=[sale(1, shift, line(stocked["scarf"]))], actor=operator.user
        )

    assert error.value.field == "deviceId"
    assert snapshot() == before


@pytest.mark.parametrize("size", [10, 200])
def test_a_batch_costs_the_same_queries_whatever_its_size(
    cart, stocked, shift, operator, keeper, uren, size, django_assert_num_queries
):
    # given: enough stock, and sales of all three variants, some of two lines
    robe, purse, scarf = stocked["robe"], stocked["purse"], stocked["scarf"]
    intake_create(
        artisan=uren,
        lines=[LineQuantity(v, 500) for v in (robe, purse, scarf)],
        actor=keeper,
        location=cart.location,
    )
    first = [sale(n, shift, line((robe, purse, scarf)[n % 3]), line(scarf)) for n in range(size)]
    sales = [sale(n, shift, line((robe, purse, scarf)[n % 3])) for n in range(size, 2 * size)]
    sales.append(first[0])  # sent again

    # when: a new batch: shifts, variants, prices, order ids taken, the POS sales' COPY in a savepoint
    # (3), the COPYs of orders, lines and movements, levels (lock and update), the ledger outbox row
    with django_assert_num_queries(12):
        pos_sync(cart=cart, device_id=DEVICE, sales=first, actor=operator.user)
    # and a batch with one sale recorded before: its POS sales' COPY refused (savepoint, COPY, rollback,
    # release), the sales claimed ON CONFLICT DO NOTHING and read back, the one left out looked up
    with django_assert_num_queries(16):
        results = pos_sync(cart=cart, device_id=DEVICE, sales=sales, actor=operator.user)

    # then
    assert [r.status for r in results] == [SyncStatus.RECORDED] * size + [SyncStatus.DUPLICATE]
