"""Every write to stock. Callers import from here; the movement writer is used only inside this package."""

from inventory.services.back_in_stock import (
    back_in_stock_notify,
    back_in_stock_subscribe,
    back_in_stock_unsubscribe,
)
from inventory.services.holds import (
    HeldLine,
    stock_allocate,
    stock_available_check,
    stock_holds_fulfil,
    stock_holds_release,
    stock_reservation_convert,
    stock_reservation_convert_at,
    stock_reservations_expire,
    stock_reserve,
)
from inventory.services.operations import (
    CountedLine,
    LineQuantity,
    ReceivedLine,
    intake_create,
    location_create,
    stock_adjust,
    stock_count_submit,
    transfer_create,
    transfer_receive,
)
from inventory.services.rebuild import stock_rebuild
from inventory.services.sales import SoldLine, stock_return, stock_sell

__all__ = [
    "back_in_stock_notify",
    "back_in_stock_subscribe",
    "back_in_stock_unsubscribe",
    "CountedLine",
    "HeldLine",
    "LineQuantity",
    "ReceivedLine",
    "SoldLine",
    "intake_create",
    "location_create",
    "stock_adjust",
    "stock_allocate",
    "stock_available_check",
    "stock_holds_fulfil",
    "stock_holds_release",
    "stock_count_submit",
    "stock_rebuild",
    "stock_reservation_convert",
    "stock_reservation_convert_at",
    "stock_reservations_expire",
    "stock_reserve",
    "stock_return",
    "stock_sell",
    "transfer_create",
    "transfer_receive",
]
