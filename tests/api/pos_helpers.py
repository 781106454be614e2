"""What the POS API tests share: a sale as the tablet sends it, the sync mutation, and the world's
shift and stock made through the domain services."""

import datetime
import uuid

from carts.models import Shift
from carts.services import shift_open
from inventory.services import LineQuantity, intake_create
from tests import factories
from tests.api.conftest import gid

POS_SYNC = """
mutation Sync($input: PosSyncInput!) {
  posSyncSales(input: $input) {
    results { clientUuid status flags reason orderNumber receiptNumber }
    errors { field code message }
  }
}
"""
DEVICE = "TAB-7F3A"
SALE_TIME = datetime.datetime(2026, 7, 1, 4, 30, tzinfo=datetime.UTC)
PIN = "2468"


def open_shift(cart, operator, *, device_id: str = DEVICE, opening_cash_fen: int = 50000) -> Shift:
    # Opened before SALE_TIME: the tests' sales happen within their shift (else they are held).
    return shift_open(
        cart=cart,
        operator=operator,
        device_id=device_id,
        opening_cash_fen=opening_cash_fen,
        opened_at=SALE_TIME - datetime.timedelta(hours=1),
    )


def stock_cart(cart, variants, quantity: int, *, actor) -> None:
    """quantity pieces of each variant taken in straight at the cart."""
    intake_create(
        artisan=variants[0].artisan,
        location=cart.location,
        lines=[LineQuantity(variant=variant, quantity=quantity) for variant in variants],
        actor=actor,
    )


def other_operator(other_cart):
    return factories.OperatorFactory(user__username="op-feicui", carts=[other_cart])


def sale(
    shift,
    number: int,
    *,
    lines=(("YAK-S", 1, 12800),),
    method: str = "CASH",
    amount: int | None = None,
    tendered: int | None = None,
    client_uuid: str | None = None,
    device_time: datetime.datetime | None = None,
    discount: tuple[int, str] | None = None,
    receipt_prefix: str = "CHAKA-7F3A",
) -> dict:
    """A sale as the tablet queues it: lines are (sku, quantity, unit price shown)."""
    line_inputs = [
        {"sku": sku, "quantity": quantity, "unitPriceFen": price} for sku, quantity, price in lines
    ]
    if discount is not None:
        line_inputs[0]["discountFen"], line_inputs[0]["discountReason"] = discount
    total = sum(quantity * price for _, quantity, price in lines) - (discount[0] if discount else 0)
    payment = {"method": method, "amountFen": total if amount is None else amount}
    if tendered is not None:
        payment["tenderedFen"] = tendered
    shift_id = shift if isinstance(shift, str) else gid("Shift", shift)
    return {
        "clientUuid": client_uuid or str(uuid.uuid4()),
        "shift": shift_id,
        "deviceTime": (device_time or SALE_TIME + datetime.timedelta(minutes=number)).isoformat(),
        "receiptNumber": f"{receipt_prefix}-{number:06d}",
        "lines": line_inputs,
        "payment": payment,
    }


def sync(gql, token, sales, *, cart: str = "chaka", device_id: str = DEVICE, refunds=None) -> dict:
    variables = {"input": {"cart": cart, "deviceId": device_id, "sales": sales}}
    if refunds is not None:
        variables["input"]["refunds"] = refunds
    result = gql(POS_SYNC, variables, token=token)
    assert "errors" not in result, result
    return result["data"]["posSyncSales"]
