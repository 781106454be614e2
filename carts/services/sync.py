"""pos_sync: a tablet's batch of sales (and refunds) recorded exactly once per client UUID.

Each sale is checked on its own and answered on its own: a malformed one is rejected with a reason
and never fails the batch. The checks need only the request and the catalogue (one query each for the
shifts, the variants and the price history), so they run before the cart's row is locked; then two
requests for one cart (retries, two tablets) take turns, and each looks its UUIDs up inside the lock.
The new sales are written with a handful of statements whatever the batch size: the orders, their
lines, the stock (one lock and one update of the levels) and the POS sales, in bulk.
"""

import datetime
import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from django.db import connection, transaction

from carts.models import Cart, PaymentMethod, PosSale, Shift
from carts.services.shifts import check_device_id, whole
from carts.services.sync_refunds import sync_refunds
from carts.services.sync_types import (
    DISCOUNT_REASON_MAX,
    FLAG_ORDER,
    ORDER_PREFIX,
    RECEIPT_MAX,
    Flag,
    Reason,
    RefundDraft,
    SaleDraft,
    SyncResult,
    SyncStatus,
    answered,
    aware,
    parse_id,
    parse_uuid,
    rejected,
)
from catalog.models import Variant
from catalog.selectors import price_histories
from core.bulk import filter_any, insert_rows
from orders.models import Order
from orders.services import OrderDraft, OrderLineDraft, ledger_posting_schedule
from orders.services.recording import SOLD_VARIANT_VALUES, SoldVariant, orders_record_paid_ids


@dataclass
class _NewSale:
    """A sale that passed its checks, waiting for the batch's orders to be written."""

    client_uuid: str
    uuid: uuid.UUID
    shift: Shift
    device_time: datetime.datetime
    receipt_number: str
    lines: list[OrderLineDraft]
    payment_method: str
    amount_fen: int
    tendered_fen: int | None
    change_fen: int
    flags: list[str] = field(default_factory=list)


def pos_sync(
    *,
    cart: Cart,
    device_id: str,
    sales: Sequence[SaleDraft],
    refunds: Sequence[RefundDraft] = (),
    actor,
) -> list[SyncResult]:
    """Record a tablet's batch: one SyncResult per sale, in the order sent, then one per refund
    (carts.services.sync_refunds). Raises only for a malformed batch header (the device id)."""
    device_id = check_device_id(device_id)
    return _pos_sync(cart=cart, device_id=device_id, sales=sales, refunds=refunds, actor=actor)


# No savepoint of its own (two statements fewer a batch): past the header check only the database can
# fail, and that fails the caller's transaction anyway.
@transaction.atomic(savepoint=False)
def _pos_sync(*, cart, device_id, sales, refunds, actor) -> list[SyncResult]:
    # First what depends only on the request and the catalogue, outside the lock: another request for
    # this cart can be writing meanwhile.
    shift_ids = {parse_id(item.shift_id) for item in (*sales, *refunds)} - {None}
    shifts = (
        {
            shift.pk: shift
            for shift in Shift.objects.filter(cart_id=cart.pk, pk__in=shift_ids).select_related("operator")
        }
        if shift_ids
        else {}
    )
    checked = _check_sales(sales, shifts)
    # From here to the commit, one request per cart at a time: the UUIDs are looked up inside the lock.
    cart = Cart.objects.select_for_update().select_related("location").get(pk=cart.pk)
    results, rejected_uuids = _sync_sales(cart=cart, device_id=device_id, checked=checked, actor=actor)
    results += sync_refunds(
        cart=cart,
        device_id=device_id,
        refunds=refunds,
        shifts=shifts,
        rejected_sales=rejected_uuids,
        actor=actor,
    )
    return results


def _check_sales(sales: Sequence[SaleDraft], shifts: dict[int, Shift]) -> list[tuple]:
    """(sale, its UUID or None, a _NewSale or the reason it is rejected) for each sale: two queries,
    the variants by SKU and their price history."""
    uuids = [parse_uuid(sale.client_uuid) for sale in sales]
    skus = {
        line.sku
        for sale, sale_uuid in zip(sales, uuids, strict=True)
        if sale_uuid
        for line in sale.lines or ()
    }
    variants = {}
    if skus:
        # Unordered (the catalogue's default order is a join and a sort for nothing here).
        sold = filter_any(Variant.objects.order_by(), "sku", skus)
        for row in sold.values_list(*SOLD_VARIANT_VALUES, "price_fen"):
            variants[row[1]] = (SoldVariant(*row[:-1]), row[-1])
    histories = price_histories(variant_ids=[v.pk for v, _ in variants.values()]) if variants else {}
    return [
        (sale, sale_uuid, _check_sale(sale, sale_uuid, variants=variants, histories=histories, shifts=shifts))
        for sale, sale_uuid in zip(sales, uuids, strict=True)
    ]


def _sync_sales(*, cart, device_id, checked, actor) -> tuple[list[SyncResult], set[uuid.UUID]]:
    """Inside the cart's lock: which sales are new, then write them."""
    known, receipts_taken = {}, set()
    if checked:
        uuids = [sale_uuid for _, sale_uuid, _ in checked if sale_uuid]
        receipts = {outcome.receipt_number for _, _, outcome in checked if isinstance(outcome, _NewSale)}
        known, receipts_taken = _known(uuids, receipts)

    # Each slot is a final SyncResult, a _NewSale still to be written, or ("same as", the first sale
    # with that UUID in this batch).
    slots: list = []
    first_slot: dict[uuid.UUID, int] = {}
    new_sales: list[_NewSale] = []
    for sale, sale_uuid, outcome in checked:
        if sale_uuid is None:
            slots.append(rejected(sale.client_uuid, Reason.MALFORMED_UUID))
        elif sale_uuid in known:
            row = known[sale_uuid]
            if row["shift__cart_id"] != cart.pk:
                slots.append(rejected(sale.client_uuid, Reason.OTHER_CART_UUID))
            else:
                slots.append(
                    answered(
                        sale.client_uuid,
                        row["flags"],
                        row["order__number"],
                        row["receipt_number"],
                        duplicate=True,
                    )
                )
        elif sale_uuid in first_slot:
            slots.append(("same as", first_slot[sale_uuid], sale.client_uuid))
        else:
            first_slot[sale_uuid] = len(slots)
            if isinstance(outcome, str):
                slots.append(rejected(sale.client_uuid, outcome))
                continue
            if outcome.receipt_number in receipts_taken:
                # Another sale has this number (a tablet whose sequence started over): the sale
                # happened, so it is recorded under a number of its own, sent back in the answer.
                outcome.receipt_number = f"{outcome.receipt_number}-{sale_uuid.hex}"
            receipts_taken.add(outcome.receipt_number)
            new_sales.append(outcome)
            slots.append(outcome)

    _record(cart=cart, device_id=device_id, new_sales=new_sales, actor=actor)

    results = []
    for slot in slots:
        if isinstance(slot, _NewSale):
            slot = answered(
                slot.client_uuid, slot.flags, ORDER_PREFIX + slot.receipt_number, slot.receipt_number
            )
        elif isinstance(slot, tuple):
            _, index, client_uuid = slot
            first = results[index]
            if first.status == SyncStatus.REJECTED:
                slot = replace(first, client_uuid=str(client_uuid))
            else:
                slot = replace(first, client_uuid=str(client_uuid), status=SyncStatus.DUPLICATE)
        results.append(slot)
    rejected_uuids = {u for u, index in first_slot.items() if results[index].status == SyncStatus.REJECTED}
    return results, rejected_uuids


def _known(uuids: list[uuid.UUID], receipts: set[str]) -> tuple[dict[uuid.UUID, dict], set[str]]:
    """The POS sales already recorded under these UUIDs ({uuid: row}), and which of these receipt
    numbers (or theirs) are taken: two index lookups. One query with `uuid IN … OR receipt IN …` was
    planned as a scan of the POS sales and the orders, and grew with them."""
    known = {}
    if connection.vendor != "postgresql":
        if uuids:
            rows = PosSale.objects.filter(client_uuid__in=uuids).order_by()
            for row in rows.values(*KNOWN_VALUES):
                known[row["client_uuid"]] = row
        taken = {row["receipt_number"] for row in known.values()}
        if receipts - taken:
            taken.update(
                PosSale.objects.filter(receipt_number__in=receipts - taken)
                .order_by()
                .values_list("receipt_number", flat=True)
            )
        return known, taken
    # On PostgreSQL each list is one array parameter (no ORM lookup to build, 200 values to adapt).
    with connection.cursor() as cursor:
        if uuids:
            cursor.execute(_KNOWN_UUIDS, [uuids])
            for row in cursor.fetchall():
                row = dict(zip(KNOWN_VALUES, row, strict=True))
                if isinstance(row["flags"], str):
                    row["flags"] = json.loads(row["flags"])
                known[row["client_uuid"]] = row
        taken = {row["receipt_number"] for row in known.values()}
        if receipts - taken:
            cursor.execute(_RECEIPTS_TAKEN, [list(receipts - taken)])
            taken.update(number for (number,) in cursor.fetchall())
    return known, taken


def _check_sale(sale: SaleDraft, sale_uuid, *, variants, histories, shifts) -> _NewSale | str:
    """The sale ready to record, or why it is rejected."""
    shift = shifts.get(parse_id(sale.shift_id))
    if shift is None:
        return Reason.SHIFT
    device_time = aware(sale.device_time)
    if device_time is None:
        return Reason.DEVICE_TIME
    receipt = sale.receipt_number.strip() if isinstance(sale.receipt_number, str) else ""
    if not receipt or len(receipt) > RECEIPT_MAX:
        return Reason.RECEIPT
    if sale.payment_method not in PAYMENT_METHODS:
        return Reason.PAYMENT_METHOD
    if not sale.lines:
        return Reason.NO_LINES
    lines, mismatch = [], False
    for line in sale.lines:
        variant, price = variants.get(line.sku, (None, None))
        if variant is None:
            return f"{Reason.UNKNOWN_SKU} ({line.sku})"
        if not whole(line.quantity, 1):
            return f"{Reason.QUANTITY} ({line.sku})"
        if not whole(line.unit_price_fen, 0):
            return f"{Reason.UNIT_PRICE} ({line.sku})"
        discount = line.discount_fen or 0
        if not whole(discount, 0) or discount > line.unit_price_fen * line.quantity:
            return f"{Reason.DISCOUNT} ({line.sku})"
        discount_reason = (line.discount_reason or "").strip()
        if len(discount_reason) > DISCOUNT_REASON_MAX:
            return f"{Reason.DISCOUNT_REASON} ({line.sku})"
        history = histories.get(variant.pk)
        list_price = history.at(device_time) if history else price
        mismatch = mismatch or line.unit_price_fen != list_price
        lines.append(
            OrderLineDraft(variant, line.quantity, line.unit_price_fen, list_price, discount, discount_reason)
        )
    total = sum(line.total_fen for line in lines)
    if sale.amount_fen != total or not whole(sale.amount_fen):
        return f"{Reason.AMOUNT} ({sale.amount_fen} ≠ {total})"
    tendered, change = None, 0
    if sale.payment_method == PaymentMethod.CASH and sale.tendered_fen is not None:
        if not whole(sale.tendered_fen) or sale.tendered_fen < total:
            return Reason.TENDERED
        tendered, change = sale.tendered_fen, sale.tendered_fen - total
    flags = [Flag.PRICE_MISMATCH] if mismatch else []
    if shift.status == Shift.Status.CLOSED:
        flags.append(Flag.SHIFT_CLOSED)
    return _NewSale(
        client_uuid=str(sale.client_uuid),
        uuid=sale_uuid,
        shift=shift,
        device_time=device_time,
        receipt_number=receipt,
        lines=lines,
        payment_method=sale.payment_method,
        amount_fen=total,
        tendered_fen=tendered,
        change_fen=change,
        flags=flags,
    )


def _record(*, cart: Cart, device_id: str, new_sales: list[_NewSale], actor) -> None:
    """The orders (with their stock), then the POS sales; the negative-stock flag comes back on the
    order lines' shortfalls."""
    if not new_sales:
        return
    orders = orders_record_paid_ids(
        location=cart.location,
        channel=Order.Channel.CART,
        drafts=[
            OrderDraft(
                number=ORDER_PREFIX + sale.receipt_number,
                lines=sale.lines,
                paid_at=sale.device_time,
                needs_reconciliation=Flag.PRICE_MISMATCH in sale.flags,
                operator_user_id=sale.shift.operator.user_id,
            )
            for sale in new_sales
        ],
        actor=actor,
    )
    rows = []
    for sale, order in zip(new_sales, orders, strict=True):
        if order.stock_shortfall:
            sale.flags.append(Flag.NEGATIVE_STOCK)
        sale.flags = [str(flag) for flag in FLAG_ORDER if flag in sale.flags]
        rows.append(
            (
                order.pk,
                sale.uuid,
                device_id,
                sale.shift.pk,
                sale.device_time,
                sale.receipt_number,
                sale.payment_method,
                sale.amount_fen,
                sale.tendered_fen,
                sale.change_fen,
                sale.flags,
            )
        )
    insert_rows(PosSale, POS_SALE_FIELDS, rows)
    # The ledger splits them after the commit (a Celery task; a broker that is down fails nothing).
    ledger_posting_schedule(order_ids=[order.pk for order in orders])


PAYMENT_METHODS = frozenset(PaymentMethod.values)
KNOWN_VALUES = ("client_uuid", "receipt_number", "flags", "order__number", "shift__cart_id")
_KNOWN_UUIDS = (
    f"SELECT sale.client_uuid, sale.receipt_number, sale.flags, o.number, shift.cart_id "
    f"FROM {PosSale._meta.db_table} sale JOIN {Order._meta.db_table} o ON o.id = sale.order_id "
    f"JOIN {Shift._meta.db_table} shift ON shift.id = sale.shift_id "
    f"WHERE sale.client_uuid = ANY(%s::uuid[])"
)
_RECEIPTS_TAKEN = (
    f"SELECT receipt_number FROM {PosSale._meta.db_table} WHERE receipt_number = ANY(%s::text[])"
)
POS_SALE_FIELDS = (
    "order_id",
    "client_uuid",
    "device_id",
    "shift_id",
    "device_time",
    "receipt_number",
    "payment_method",
    "amount_fen",
    "tendered_fen",
    "change_fen",
    "flags",
)  # received_at: its default, the time now, sent once for the batch (core.bulk)
