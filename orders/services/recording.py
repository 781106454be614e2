"""Writes for orders: recording paid orders in bulk (a batch of cart sales) and refunding one whole.

Callers check each draft first (a cart batch answers every sale on its own); what is checked here is
only what would otherwise break a constraint, and a bad draft refuses the whole call.
"""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.models import Variant
from core.bulk import rows_copy
from core.errors import ValidationFailed
from core.money import CURRENCY
from inventory.models import Location
from inventory.selectors import stock_at_location
from inventory.services import SoldLine, stock_sell
from orders.models import Order, OrderLine

REASON_MAX = 300


class SoldVariant(NamedTuple):
    """What an order line keeps of its variant: its ids and, as a snapshot, its names."""

    pk: int
    sku: str
    artisan_id: int
    name_zh: str
    name_en: str
    product_name_zh: str
    product_name_en: str

    @classmethod
    def of(cls, variant: Variant) -> "SoldVariant":
        product = variant.product
        return cls(
            variant.pk,
            variant.sku,
            variant.artisan_id,
            variant.name_zh,
            variant.name_en,
            product.name_zh,
            product.name_en,
        )


# A batch of cart sales reads its variants as plain rows into SoldVariants (model instances and their
# timestamps cost more than the rest of a line's checks).
SOLD_VARIANT_VALUES = (
    "pk",
    "sku",
    "artisan_id",
    "name_zh",
    "name_en",
    "product__name_zh",
    "product__name_en",
)


# Not frozen: a frozen dataclass's __init__ costs ~4x a plain one's, and a cart's batch makes a draft
# per sale and per line. Treat them as read-only all the same.
@dataclass
class OrderLineDraft:
    variant: Variant | SoldVariant  # a Variant with its product loaded: the line keeps the names
    quantity: int
    unit_price_fen: int  # charged per piece, before the line discount
    list_price_fen: int  # the price list's at the time of the sale
    discount_fen: int = 0
    discount_reason: str = ""

    @property
    def total_fen(self) -> int:
        return self.unit_price_fen * self.quantity - self.discount_fen


@dataclass
class OrderDraft:
    number: str
    lines: Sequence[OrderLineDraft]
    paid_at: datetime.datetime
    needs_reconciliation: bool = False
    attributed_location: Location | None = None
    operator_user_id: int | None = None  # whose commission (the shift's operator at a cart)

    @property
    def subtotal_fen(self) -> int:
        return sum(line.unit_price_fen * line.quantity for line in self.lines)

    @property
    def discount_fen(self) -> int:
        return sum(line.discount_fen for line in self.lines)

    @property
    def total_fen(self) -> int:
        return self.subtotal_fen - self.discount_fen


def _whole(value, minimum: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= minimum


def _check(drafts: Sequence[OrderDraft], channel: str) -> None:
    if channel not in Order.Channel.values:
        raise ValidationFailed(_("未知的销售渠道。"), field="channel")
    numbers = [draft.number for draft in drafts]
    if len(set(numbers)) != len(numbers) or not all(numbers):
        raise ValidationFailed(_("订单号不能为空，也不能重复。"), field="number")
    for draft in drafts:
        if not draft.lines:
            raise ValidationFailed(_("订单至少要有一行。"), field="lines", params={"number": draft.number})
        for line in draft.lines:
            if not (
                _whole(line.quantity, 1)
                and _whole(line.unit_price_fen, 0)
                and _whole(line.list_price_fen, 0)
                and _whole(line.discount_fen, 0)
                and line.discount_fen <= line.unit_price_fen * line.quantity
            ):
                params = {"number": draft.number, "sku": line.variant.sku}
                raise ValidationFailed(
                    _("订单 %(number)s 中 %(sku)s 的数量、价格或优惠不正确。") % params,
                    field="lines",
                    params=params,
                )


class RecordedOrder(NamedTuple):
    """An order just recorded, as a batch's caller needs it back (orders_record_paid_ids)."""

    pk: int
    number: str
    stock_shortfall: int  # pieces of its lines the books did not have


def orders_record_paid(
    *, location: Location, channel: str, drafts: Sequence[OrderDraft], actor
) -> list[Order]:
    """Paid orders with their lines, the stock taken out at location (allowed to go below zero).

    A handful of statements for the whole batch (core.bulk: a COPY each for orders and lines).
    A line whose pieces the books did not have gets its shortfall, and its order needs_reconciliation.
    Each returned order also carries stock_shortfall: how many of its pieces the books did not have.
    """
    if not drafts:
        return []
    # Checked before the transaction: a refusal leaves the caller's transaction usable.
    _check(drafts, channel)
    order_ids, order_rows, shortfalls = _record_paid(
        location=location, channel=channel, drafts=drafts, actor=actor
    )
    orders = []
    for order_id, row, shortfall in zip(order_ids, order_rows, shortfalls, strict=True):
        values = {
            **dict(zip(ORDER_FIELDS, row, strict=True)),
            "id": order_id,
            "currency": CURRENCY,
            "refunded_at": None,
            **ORDER_DB_DEFAULTS,
        }
        # The instance of the row just written, made as a query would make it.
        order = Order.from_db("default", ORDER_ATTNAMES, [values[name] for name in ORDER_ATTNAMES])
        # Only the orders returned here carry it (see above), not the model.
        order.stock_shortfall = shortfall  # type: ignore[attr-defined]
        orders.append(order)
    return orders


def orders_record_paid_ids(
    *, location: Location, channel: str, drafts: Sequence[OrderDraft], actor, order_ids=None
) -> list[RecordedOrder]:
    """orders_record_paid for a caller that needs only each order's id, number and shortfall back (a
    cart's batch of 200): the same rows written, no Order instances made. order_ids, when given, are
    the ids to write them under (taken with core.bulk.ids_take)."""
    if not drafts:
        return []
    _check(drafts, channel)
    order_ids, _rows, shortfalls = _record_paid(
        location=location, channel=channel, drafts=drafts, actor=actor, order_ids=order_ids
    )
    return [
        RecordedOrder(order_id, draft.number, shortfall)
        for order_id, draft, shortfall in zip(order_ids, drafts, shortfalls, strict=True)
    ]


# No savepoint of its own (two statements fewer per batch): what fails in here fails the caller's
# transaction too, and only the database can fail here.
@transaction.atomic(savepoint=False)
def _record_paid(
    *, location: Location, channel: str, drafts: Sequence[OrderDraft], actor, order_ids=None
) -> tuple[list[int], list[tuple], list[int]]:
    """(the new orders' ids, their rows in ORDER_FIELDS order, each one's stock shortfall).

    The orders and lines first, the stock last: its levels' row locks, which another writer at this
    location waits on, are then held only to the commit. The rare line whose pieces the books did not
    have is marked afterwards (its shortfall, and its order needs_reconciliation)."""
    now = timezone.now()
    order_rows: list[tuple] = []
    for draft in drafts:
        subtotal = discount = 0
        for line in draft.lines:
            subtotal += line.unit_price_fen * line.quantity
            discount += line.discount_fen
        order_rows.append(
            (
                draft.number,
                channel,
                Order.Status.PAID.value,
                location.pk,
                draft.attributed_location.pk if draft.attributed_location is not None else None,
                subtotal,
                discount,
                subtotal - discount,
                draft.paid_at,
                draft.needs_reconciliation,
                now,
                draft.operator_user_id,
            )
        )
    if order_ids is None:
        order_ids = rows_copy(Order, ORDER_FIELDS, order_rows, return_ids=True)
    else:
        # Ids the caller took from the sequence beforehand (a cart batch claims its sales with them).
        rows = [(order_id, *row) for order_id, row in zip(order_ids, order_rows, strict=True)]
        rows_copy(Order, ("id", *ORDER_FIELDS), rows)
    rows_copy(
        OrderLine,
        LINE_FIELDS,
        [
            (order_id, *_line_values(line), 0)
            for order_id, draft in zip(order_ids, drafts, strict=True)
            for line in draft.lines
        ],
    )
    sold = [
        SoldLine(variant_id=line.variant.pk, quantity=line.quantity, reference=draft.number)
        for draft in drafts
        for line in draft.lines
    ]
    below = stock_sell(location=location, lines=sold, actor=actor)
    shortfalls = _shortfalls(location, sold, below)
    if any(shortfalls):
        _mark_shortfalls(order_ids, drafts, shortfalls)
    per_order, position, to_reconcile = [], 0, []
    for index, draft in enumerate(drafts):
        short = sum(shortfalls[position : position + len(draft.lines)])
        position += len(draft.lines)
        per_order.append(short)
        if short and not draft.needs_reconciliation:
            to_reconcile.append(order_ids[index])
            row = order_rows[index]
            order_rows[index] = (*row[:_RECONCILE], True, *row[_RECONCILE + 1 :])
    if to_reconcile:
        Order.objects.filter(pk__in=to_reconcile).update(needs_reconciliation=True)
    return order_ids, order_rows, per_order


def _mark_shortfalls(order_ids: list[int], drafts: Sequence[OrderDraft], shortfalls: list[int]) -> None:
    """The lines with a shortfall get it (rare: a read and one UPDATE). An order's lines were written in
    its draft's order, so they are its lines by id."""
    short_orders, position = {}, 0
    for order_id, draft in zip(order_ids, drafts, strict=True):
        if any(shortfalls[position : position + len(draft.lines)]):
            short_orders[order_id] = shortfalls[position : position + len(draft.lines)]
        position += len(draft.lines)
    lines: dict[int, list[int]] = {}
    for line_id, order_id in (
        OrderLine.objects.filter(order_id__in=short_orders)
        .order_by("order_id", "pk")
        .values_list("pk", "order")
    ):
        lines.setdefault(order_id, []).append(line_id)
    OrderLine.objects.bulk_update(
        [
            OrderLine(pk=line_id, shortfall=shortfall)
            for order_id, per_line in short_orders.items()
            for line_id, shortfall in zip(lines[order_id], per_line, strict=True)
            if shortfall
        ],
        ["shortfall"],
    )


ORDER_FIELDS = (
    "number",
    "channel",
    "status",
    "location_id",
    "attributed_location_id",
    "subtotal_fen",
    "discount_fen",
    "total_fen",
    "paid_at",
    "needs_reconciliation",
    "created_at",
    "operator_id",
)
_RECONCILE = ORDER_FIELDS.index("needs_reconciliation")
ORDER_ATTNAMES = [field.attname for field in Order._meta.concrete_fields]
# The columns a cart order leaves to their database defaults (or null), as the instance should show them.
ORDER_DB_DEFAULTS = {
    field.attname: (None if field.db_default is models.NOT_PROVIDED else field.db_default)
    for field in Order._meta.concrete_fields
    if field.attname not in {*ORDER_FIELDS, "id", "currency", "refunded_at"}
}
LINE_FIELDS = (
    "order_id",
    "variant_id",
    "artisan_id",
    "sku",
    "product_name_zh",
    "product_name_en",
    "variant_name_zh",
    "variant_name_en",
    "quantity",
    "list_price_fen",
    "unit_price_fen",
    "discount_fen",
    "discount_reason",
    "total_fen",
    "shortfall",
)


def _line_values(draft: OrderLineDraft) -> tuple:
    """A line's columns between its order and its shortfall, in LINE_FIELDS order."""
    variant = draft.variant
    if not isinstance(variant, SoldVariant):
        variant = SoldVariant.of(variant)
    return (
        variant.pk,
        variant.artisan_id,
        variant.sku,
        variant.product_name_zh,
        variant.product_name_en,
        variant.name_zh,
        variant.name_en,
        draft.quantity,
        draft.list_price_fen,
        draft.unit_price_fen,
        draft.discount_fen,
        draft.discount_reason,
        draft.total_fen,
    )


def _shortfalls(location: Location, sold: list[SoldLine], below: set[int]) -> list[int]:
    """Per sold line, how many of its pieces were not on the books: walk back from the level each
    variant that went below zero ended at (read under the lock stock_sell took)."""
    if not below:
        return [0] * len(sold)
    after = dict(
        stock_at_location(location=location)
        .filter(variant_id__in=below)
        .values_list("variant_id", "quantity")
    )
    shortfalls = [0] * len(sold)
    for index in range(len(sold) - 1, -1, -1):
        line = sold[index]
        if line.variant_id not in after:
            continue
        shortfalls[index] = min(line.quantity, max(0, -after[line.variant_id]))
        after[line.variant_id] += line.quantity
    return shortfalls
