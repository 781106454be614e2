"""The POS sale rows of a pos_sync batch: claimed by UUID on PostgreSQL (written first, so concurrent
requests for one cart need no lock of their own: a UUID being written by another waits for it),
looked up, or written."""

import json
import uuid

from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from carts.models import PosSale, Shift
from carts.services.sync_types import NewSale
from core.bulk import ids_take, rows_copy
from orders.models import Order


def own_receipt_number(sale: NewSale) -> str:
    # Another sale has this number (a tablet whose sequence started over): the sale happened, so it
    # is recorded under a number of its own, sent back in the answer.
    return f"{sale.receipt_number}-{sale.uuid.hex}"


def claims_uuids() -> bool:
    """PostgreSQL claims a batch's UUIDs by inserting its POS sales first (other requests write at the
    same time); elsewhere (SQLite, one writer at a time) they are looked up and written last."""
    return connection.vendor == "postgresql"


def known_sales(new_sales: list[NewSale], device_id: str, *, also_look_up) -> dict[uuid.UUID, dict]:
    """{uuid: row} of the sales recorded before, among new_sales and also_look_up. The others of
    new_sales are claimed by now (PostgreSQL), and any whose receipt number another sale has is under a
    number of its own."""
    if claims_uuids():
        return claim_sales(new_sales, device_id, also_look_up=also_look_up)
    known = recorded_sales([*(sale.uuid for sale in new_sales), *also_look_up])
    taken = receipts_taken({sale.receipt_number for sale in new_sales if sale.uuid not in known})
    for sale in new_sales:
        if sale.receipt_number in taken:
            sale.receipt_number = own_receipt_number(sale)
    return known


def claim_sales(new_sales: list[NewSale], device_id: str, *, also_look_up) -> dict[uuid.UUID, dict]:
    """Insert the new sales' POS sale rows ON CONFLICT DO NOTHING, each under an order id taken now;
    {uuid: row} of the sales recorded before (and of also_look_up's). A sale left out whose UUID is not
    recorded lost its receipt number to another sale: it is claimed again under a number of its own."""
    for sale, order_id in zip(new_sales, ids_take(Order, len(new_sales)) if new_sales else (), strict=True):
        sale.order_id = order_id
    known = recorded_sales(also_look_up)
    pending = new_sales
    for _attempt in range(3):
        claimed = claim_pos_sales(pending, device_id)
        lost = [sale for sale in pending if sale.uuid not in claimed]
        if not lost:
            return known
        known.update(recorded_sales([sale.uuid for sale in lost]))
        pending = [sale for sale in lost if sale.uuid not in known]
        if not pending:
            return known
        for sale in pending:
            sale.receipt_number = own_receipt_number(sale)
    raise RuntimeError(f"POS sales neither recorded nor found: {[str(sale.uuid) for sale in pending]}")


def recorded_sales(uuids: list[uuid.UUID]) -> dict[uuid.UUID, dict]:
    """The POS sales already recorded under these UUIDs: {uuid: row of KNOWN_VALUES}."""
    if not uuids:
        return {}
    known = {}
    if connection.vendor != "postgresql":
        for row in PosSale.objects.filter(client_uuid__in=uuids).order_by().values(*KNOWN_VALUES):
            known[row["client_uuid"]] = row
        return known
    # One array parameter (no ORM lookup to build, no value per placeholder to adapt).
    with connection.cursor() as cursor:
        cursor.execute(_KNOWN_UUIDS, [uuids])
        for row in cursor.fetchall():
            row = dict(zip(KNOWN_VALUES, row, strict=True))
            if isinstance(row["flags"], str):
                row["flags"] = json.loads(row["flags"])
            known[row["client_uuid"]] = row
    return known


def receipts_taken(receipts: set[str]) -> set[str]:
    if not receipts:
        return set()
    return set(
        PosSale.objects.filter(receipt_number__in=receipts)
        .order_by()
        .values_list("receipt_number", flat=True)
    )


def insert_pos_sales(sales: list[NewSale], device_id: str) -> None:
    """Their POS sale rows (elsewhere than PostgreSQL, one writer at a time: nothing to claim)."""
    rows_copy(PosSale, POS_SALE_FIELDS, _pos_sale_rows(sales, device_id))


def claim_pos_sales(sales: list[NewSale], device_id: str) -> set[uuid.UUID]:
    """Write their POS sale rows; the UUIDs that went in. The rows go in UUID order, so two requests
    claiming the same UUIDs wait on each other, never deadlock.

    A new batch is one COPY (core.bulk) in a savepoint. Should a row clash with a sale recorded
    before (a batch sent again) or with another's receipt number, the batch goes in again with
    bulk_create(ignore_conflicts=True), ON CONFLICT DO NOTHING, and the rows under the sales' own
    order ids are the ones that went in."""
    try:
        with transaction.atomic():
            rows_copy(PosSale, POS_SALE_FIELDS, _pos_sale_rows(sales, device_id))
        return {sale.uuid for sale in sales}
    except IntegrityError:
        pass
    PosSale.objects.bulk_create(
        [PosSale(**dict(zip(POS_SALE_FIELDS, row, strict=True))) for row in _pos_sale_rows(sales, device_id)],
        ignore_conflicts=True,
    )
    return set(
        PosSale.objects.filter(order_id__in=[sale.order_id for sale in sales])
        .order_by()
        .values_list("client_uuid", flat=True)
    )


def _pos_sale_rows(sales: list[NewSale], device_id: str) -> list[tuple]:
    received_at = timezone.now()  # the server's time, one for the whole batch
    return [
        (
            sale.order_id,
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
            received_at,
        )
        for sale in sorted(sales, key=lambda sale: sale.uuid)
    ]


KNOWN_VALUES = ("client_uuid", "receipt_number", "flags", "order__number", "shift__cart_id")
_KNOWN_UUIDS = (
    f"SELECT sale.client_uuid, sale.receipt_number, sale.flags, o.number, shift.cart_id "
    f"FROM {PosSale._meta.db_table} sale JOIN {Order._meta.db_table} o ON o.id = sale.order_id "
    f"JOIN {Shift._meta.db_table} shift ON shift.id = sale.shift_id "
    f"WHERE sale.client_uuid = ANY(%s::uuid[])"
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
    "received_at",
)
