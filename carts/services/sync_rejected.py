"""Keeping the sales a batch rejected, for staff to see (PosRejectedSale): one INSERT, only when some
were rejected, and never a reason to fail the batch (every text made storable first)."""

import dataclasses
import json

from django.utils import timezone

from carts.models import PosRejectedSale
from carts.services.shifts import check_device_id
from carts.services.sync_types import SyncStatus
from core.validation import max_length

CLIENT_UUID_MAX = max_length(PosRejectedSale, "client_uuid")
REASON_MAX = max_length(PosRejectedSale, "reason")
TEXT_MAX = 1000  # of any one text kept of a sale


def rejected_sales_keep(*, cart, device_id: str, sales, results) -> None:
    """A PosRejectedSale for each sale answered rejected (the first time its UUID is rejected here)."""
    now = timezone.now()
    rows = [
        PosRejectedSale(
            cart=cart,
            device_id=device_id,
            client_uuid=storable(result.client_uuid)[:CLIENT_UUID_MAX],
            reason=storable(result.reason or "")[:REASON_MAX],
            sale=_plain(sale),
            received_at=now,
        )
        for sale, result in zip(sales, results, strict=False)
        if result.status == SyncStatus.REJECTED
    ]
    if rows:
        PosRejectedSale.objects.bulk_create(rows, ignore_conflicts=True)


def storable(value) -> str:
    """Text PostgreSQL takes: lone surrogates and NULs replaced by U+FFFD."""
    text = value if isinstance(value, str) else str(value)
    return text.encode("utf-8", "replace").decode("utf-8").replace("\x00", "\ufffd")[:TEXT_MAX]


def _plain(value):
    """The draft as JSON: dataclasses as dicts, texts storable, anything else as its text."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {field.name: _plain(getattr(value, field.name)) for field in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {storable(key): _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if value is None or isinstance(value, bool | int):
        return value
    return storable(value)


def pos_sale_set_aside_record(*, cart, device_id: str, client_uuid, reason, sale_json) -> PosRejectedSale:
    """A sale the tablet set aside because the server refused every batch that held it (it never
    reached pos_sync's checks): kept for staff as the tablet reports it. Once per cart and client
    UUID (a report sent again changes nothing); sale_json is the sale's input as JSON text."""
    device_id = check_device_id(device_id)
    try:
        sale = json.loads(sale_json) if isinstance(sale_json, str) else None
    except ValueError:
        sale = None
    if sale is None:
        sale = {"text": storable(sale_json or "")}
    row, _created = PosRejectedSale.objects.get_or_create(
        cart=cart,
        client_uuid=storable(client_uuid or "")[:CLIENT_UUID_MAX],
        defaults={
            "device_id": device_id,
            "reason": storable(reason or "")[:REASON_MAX],
            "sale": _plain(sale),
            "received_at": timezone.now(),
        },
    )
    return row
