"""pos_sync: a tablet's batch of sales (and refunds) recorded exactly once per client UUID.

Each sale is checked on its own and answered on its own: a malformed one is rejected with a reason
and never fails the batch. The checks need only the request and the catalogue (one query each for the
shifts, the variants and the price history). Then, on PostgreSQL, the batch claims its UUIDs: its POS
sales are inserted ON CONFLICT DO NOTHING under order ids taken from the sequence, so a UUID already
recorded (or being recorded by a concurrent request, which the insert waits for) is left out and
answered as a duplicate, and two tablets of one cart never wait on each other for a lock of their
own. The orders, their lines and the stock follow, the stock levels last (their row locks are the one
thing two tablets of a cart share). A handful of statements whatever the batch size.
"""

import uuid
from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace

from django.db import transaction
from django.utils import timezone

from carts.models import Cart, PaymentMethod, PosSale, Shift
from carts.services.payment_qr import PROVIDER_REFERENCE
from carts.services.shifts import check_device_id, whole
from carts.services.sync_claims import claims_uuids, insert_pos_sales, known_sales, own_receipt_number
from carts.services.sync_payments import sale_payments_check, sale_payments_link, sale_payments_refresh
from carts.services.sync_policy import (
    INT_MAX,
    QUANTITY_MAX,
    Policy,
    clean_text,
    holds,
    stock_tolerance,
)
from carts.services.sync_refunds import sync_refunds
from carts.services.sync_rejected import rejected_sales_keep
from carts.services.sync_types import (
    DISCOUNT_REASON_MAX,
    FLAG_ORDER,
    ORDER_PREFIX,
    RECEIPT_MAX,
    SKU_MAX,
    Flag,
    NewSale,
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
from orders.models import Order
from orders.services import OrderDraft, OrderLineDraft, ledger_posting_schedule
from orders.services.holds import order_holds_create
from orders.services.recording import SOLD_VARIANT_VALUES, SoldVariant, orders_record_paid_ids


def pos_sync(
    *,
    cart: Cart,
    device_id: str,
    sales: Sequence[SaleDraft],
    refunds: Sequence[RefundDraft] = (),
    actor,
    shifts_closing: Collection[int] = (),
) -> list[SyncResult]:
    """Record a tablet's batch: one SyncResult per sale, in the order sent, then one per refund
    (carts.services.sync_refunds). Raises only for a malformed batch header (the device id).
    shifts_closing: shifts the tablet closed in this same batch (carts.services.shifts_sync): their
    sales and refunds are not `shift_closed`."""
    device_id = check_device_id(device_id)
    # A sale paid through a QR code whose notification was lost: the provider asked first, outside
    # the batch's transaction (rare: only sales that name a payment still waiting here).
    sale_payments_refresh(cart=cart, references=[sale.provider_reference for sale in sales])
    return _pos_sync(
        cart=cart,
        device_id=device_id,
        sales=sales,
        refunds=refunds,
        actor=actor,
        closing=frozenset(shifts_closing),
    )


# No savepoint of its own (two statements fewer a batch): past the header check only the database can
# fail, and that fails the caller's transaction anyway.
@transaction.atomic(savepoint=False)
def _pos_sync(*, cart, device_id, sales, refunds, actor, closing) -> list[SyncResult]:
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
    checked = _check_sales(sales, shifts, policy=Policy(received_at=timezone.now(), closing=closing))
    if refunds:
        # Refunds (rare) take turns per cart: each reads the sales it reverses and what was refunded.
        cart = Cart.objects.select_for_update().select_related("location").get(pk=cart.pk)
    results, rejected_uuids = _sync_sales(cart=cart, device_id=device_id, checked=checked, actor=actor)
    rejected_sales_keep(cart=cart, device_id=device_id, sales=sales, results=results)
    results += sync_refunds(
        cart=cart,
        device_id=device_id,
        refunds=refunds,
        shifts=shifts,
        rejected_sales=rejected_uuids,
        actor=actor,
        closing=closing,
    )
    return results


def _check_sales(sales: Sequence[SaleDraft], shifts: dict[int, Shift], *, policy: Policy) -> list[tuple]:
    """(sale, its UUID or None, a NewSale or the reason it is rejected) for each sale: two queries,
    the variants by SKU and their price history."""
    uuids = [parse_uuid(sale.client_uuid) for sale in sales]
    skus = {
        line.sku
        for sale, sale_uuid in zip(sales, uuids, strict=True)
        if sale_uuid and isinstance(sale.lines, list | tuple)
        for line in sale.lines
        # Only well-formed SKUs reach the query (a NUL would fail the statement, so the batch).
        if clean_text(line.sku, SKU_MAX) == line.sku
    }
    variants = {}
    if skus:
        # Unordered (the catalogue's default order is a join and a sort for nothing here).
        sold = Variant.objects.filter(sku__in=skus).order_by()
        for row in sold.values_list(*SOLD_VARIANT_VALUES, "price_fen"):
            variants[row[1]] = (SoldVariant(*row[:-1]), row[-1])
    histories = price_histories(variant_ids=[v.pk for v, _ in variants.values()]) if variants else {}
    return [
        (
            sale,
            sale_uuid,
            _check_sale(
                sale,
                sale_uuid,
                variants=variants,
                histories=histories,
                shifts=shifts,
                policy=policy,
            ),
        )
        for sale, sale_uuid in zip(sales, uuids, strict=True)
    ]


@dataclass
class _Refused:
    """A sale that failed its checks: rejected, unless its UUID turns out to be recorded already."""

    uuid: uuid.UUID
    client_uuid: str
    reason: str


@dataclass
class _SameAs:
    """A UUID sent again in the same batch: answered as its first sale."""

    index: int
    client_uuid: str


def _sync_sales(*, cart, device_id, checked, actor) -> tuple[list[SyncResult], set[uuid.UUID]]:
    """Which sales are new, written; then one result per sale."""
    slots, first_slot, new_sales, refused = _sort_out(checked)
    sale_payments_check(cart=cart, new_sales=new_sales)  # before the claim: its flags go in with it
    known = known_sales(new_sales, device_id, also_look_up=[slot.uuid for slot in refused])
    _record(
        cart=cart,
        device_id=device_id,
        new_sales=[sale for sale in new_sales if sale.uuid not in known],
        actor=actor,
    )

    results: list[SyncResult] = []
    for slot in slots:
        if isinstance(slot, NewSale | _Refused) and slot.uuid in known:
            slot = _answer_known(slot.client_uuid, known[slot.uuid], cart)
        elif isinstance(slot, NewSale):
            slot = answered(
                slot.client_uuid, slot.flags, ORDER_PREFIX + slot.receipt_number, slot.receipt_number
            )
        elif isinstance(slot, _Refused):
            slot = rejected(slot.client_uuid, slot.reason)
        elif isinstance(slot, _SameAs):
            first = results[slot.index]
            status = first.status if first.status == SyncStatus.REJECTED else SyncStatus.DUPLICATE
            slot = replace(first, client_uuid=str(slot.client_uuid), status=status)
        results.append(slot)
    rejected_uuids = {u for u, index in first_slot.items() if results[index].status == SyncStatus.REJECTED}
    return results, rejected_uuids


def _sort_out(checked) -> tuple[list, dict[uuid.UUID, int], list[NewSale], list[_Refused]]:
    """A slot per sale (a final SyncResult, a NewSale, a _Refused or a _SameAs), each UUID's first
    slot, the new sales and the refused ones. A second sale of the batch with a receipt number already
    in it gets its own."""
    slots: list = []
    new_sales: list[NewSale] = []
    refused: list[_Refused] = []
    first_slot: dict[uuid.UUID, int] = {}
    receipts: set[str] = set()
    for sale, sale_uuid, outcome in checked:
        if sale_uuid is None:
            slots.append(rejected(sale.client_uuid, Reason.MALFORMED_UUID))
        elif sale_uuid in first_slot:
            slots.append(_SameAs(first_slot[sale_uuid], sale.client_uuid))
        elif isinstance(outcome, str):
            first_slot[sale_uuid] = len(slots)
            slots.append(_Refused(sale_uuid, str(sale.client_uuid), outcome))
            refused.append(slots[-1])
        else:
            first_slot[sale_uuid] = len(slots)
            if outcome.receipt_number in receipts:
                outcome.receipt_number = own_receipt_number(outcome)
            receipts.add(outcome.receipt_number)
            new_sales.append(outcome)
            slots.append(outcome)
    return slots, first_slot, new_sales, refused


def _answer_known(client_uuid, row: dict, cart: Cart) -> SyncResult:
    if row["shift__cart_id"] != cart.pk:
        return rejected(client_uuid, Reason.OTHER_CART_UUID)
    return answered(client_uuid, row["flags"], row["order__number"], row["receipt_number"], duplicate=True)


def _check_sale(sale: SaleDraft, sale_uuid, *, variants, histories, shifts, policy: Policy) -> NewSale | str:
    """The sale ready to record (with its flags), or why it is rejected (carts.services.sync_policy)."""
    shift = shifts.get(parse_id(sale.shift_id))
    if shift is None:
        return Reason.SHIFT
    device_time = aware(sale.device_time)
    if device_time is None:
        return Reason.DEVICE_TIME
    if not isinstance(sale.receipt_number, str):
        return Reason.RECEIPT
    receipt = clean_text(sale.receipt_number, RECEIPT_MAX)
    if receipt is None and len(sale.receipt_number.strip()) <= RECEIPT_MAX:
        return f"{Reason.MALFORMED_TEXT} (receiptNumber)"
    if not receipt:
        return Reason.RECEIPT
    if sale.payment_method not in PAYMENT_METHODS:
        return Reason.PAYMENT_METHOD
    provider_reference = sale.provider_reference or ""
    if not isinstance(provider_reference, str) or (
        provider_reference and not PROVIDER_REFERENCE.match(provider_reference)
    ):
        return Reason.PROVIDER_REFERENCE
    if not sale.lines or not isinstance(sale.lines, list | tuple):
        return Reason.NO_LINES
    lines, mismatch, below_list, subtotal = [], False, False, 0
    for line in sale.lines:
        # Only well-formed SKUs were looked up: one found is well-formed.
        variant, price = variants.get(line.sku, (None, None)) if isinstance(line.sku, str) else (None, None)
        if variant is None:
            if clean_text(line.sku, SKU_MAX) != line.sku:
                return f"{Reason.MALFORMED_TEXT} (sku)"
            return f"{Reason.UNKNOWN_SKU} ({line.sku})"
        assert price is not None  # found with its variant
        outcome = _check_line(line)
        if isinstance(outcome, str):
            return outcome
        discount, discount_reason = outcome
        subtotal += line.unit_price_fen * line.quantity
        if subtotal > INT_MAX:
            return f"{Reason.AMOUNT_RANGE} ({line.sku})"
        history = histories.get(variant.pk)
        list_price = history.at(device_time) if history else price
        mismatch = mismatch or line.unit_price_fen != list_price
        below_list = below_list or line.unit_price_fen < list_price or discount > 0
        lines.append(
            OrderLineDraft(variant, line.quantity, line.unit_price_fen, list_price, discount, discount_reason)
        )
    total = sum(line.total_fen for line in lines)
    if not whole(sale.amount_fen) or sale.amount_fen > INT_MAX:
        return Reason.AMOUNT_RANGE
    if sale.amount_fen != total:
        return f"{Reason.AMOUNT} ({sale.amount_fen} ≠ {total})"
    tendered, change = None, 0
    if sale.payment_method == PaymentMethod.CASH and sale.tendered_fen is not None:
        if not whole(sale.tendered_fen) or sale.tendered_fen < total:
            return Reason.TENDERED
        if sale.tendered_fen > INT_MAX:
            return Reason.AMOUNT_RANGE
        tendered, change = sale.tendered_fen, sale.tendered_fen - total
    flags = [Flag.PRICE_MISMATCH] if mismatch else []
    if policy.closed_before(shift):
        flags.append(Flag.SHIFT_CLOSED)
    if policy.device_time_outside(device_time, opened_at=shift.opened_at, closed_at=shift.closed_at):
        flags.append(Flag.DEVICE_TIME)
    if below_list:
        flags.extend(policy.discount_flags(lines))
    return NewSale(
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
        flags=_flags(flags) if flags else [],
        provider_reference=provider_reference,
    )


def _check_line(line) -> tuple[int, str] | str:
    """(the line's discount, its reason), or why its sale is rejected: each number a whole number
    the database's integer holds, the reason well-formed text."""
    if not whole(line.quantity, 1):
        return f"{Reason.QUANTITY} ({line.sku})"
    if line.quantity > QUANTITY_MAX:
        return f"{Reason.QUANTITY_RANGE} ({line.sku})"
    if not whole(line.unit_price_fen, 0):
        return f"{Reason.UNIT_PRICE} ({line.sku})"
    if line.unit_price_fen * line.quantity > INT_MAX:
        return f"{Reason.AMOUNT_RANGE} ({line.sku})"
    discount = line.discount_fen or 0
    if not whole(discount, 0) or discount > line.unit_price_fen * line.quantity:
        return f"{Reason.DISCOUNT} ({line.sku})"
    raw_reason = line.discount_reason or ""
    discount_reason = clean_text(raw_reason, DISCOUNT_REASON_MAX)
    if discount_reason is None:
        if isinstance(raw_reason, str) and len(raw_reason.strip()) > DISCOUNT_REASON_MAX:
            return f"{Reason.DISCOUNT_REASON} ({line.sku})"
        return f"{Reason.MALFORMED_TEXT} (discountReason, {line.sku})"
    return discount, discount_reason


def _record(*, cart: Cart, device_id: str, new_sales: list[NewSale], actor) -> None:
    """The orders (with their stock) and the POS sales (written already if claimed); the negative-stock
    flag comes back on the order lines' shortfalls."""
    if not new_sales:
        return
    claimed = claims_uuids()
    orders = orders_record_paid_ids(
        location=cart.location,
        channel=Order.Channel.CART,
        drafts=[
            OrderDraft(
                number=ORDER_PREFIX + sale.receipt_number,
                lines=sale.lines,
                paid_at=sale.device_time,
                needs_reconciliation=Flag.PRICE_MISMATCH in sale.flags
                or Flag.PAYMENT_UNVERIFIED in sale.flags,
                operator_user_id=sale.shift.operator.user_id,
            )
            for sale in new_sales
        ],
        actor=actor,
        order_ids=[sale.order_id for sale in new_sales] if claimed else None,
    )
    short, held = [], {}
    over = stock_tolerance()
    for sale, order in zip(new_sales, orders, strict=True):
        sale.order_id = order.pk
        if order.stock_shortfall:
            extra = [Flag.NEGATIVE_STOCK]
            if order.stock_shortfall > over:
                extra.append(Flag.QUANTITY_OVER_STOCK)
            sale.flags = _flags([*sale.flags, *extra])
            short.append(sale)
        holding = holds(sale.flags)
        if holding:
            held[order.pk] = holding
    sale_payments_link(new_sales=new_sales)
    if not claimed:
        insert_pos_sales(new_sales, device_id)
    else:
        for sale in short:  # rare: the books had fewer pieces than the cart sold
            assert sale.order_id is not None  # given above
            PosSale.objects.filter(order_id=sale.order_id).update(flags=sale.flags)
    # Implausible sales are in the books, their split held until staff decide (docs/pos.md).
    order_holds_create(reasons=held)
    # The ledger splits them after the commit (a Celery task; a broker that is down fails nothing).
    ledger_posting_schedule(order_ids=[order.pk for order in orders])


def _flags(flags) -> list[str]:
    return [str(flag) for flag in FLAG_ORDER if flag in flags]


PAYMENT_METHODS = frozenset(PaymentMethod.values)
