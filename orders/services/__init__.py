"""Writes for orders: cart sales recorded in bulk, online checkouts, fulfilment, refunds, and the
posting of paid lines and refunds to the ledger."""

from orders.services.posting import ledger_posting_schedule
from orders.services.recording import OrderDraft, OrderLineDraft, orders_record_paid
from orders.services.refunds import order_refund_whole

__all__ = [
    "OrderDraft",
    "OrderLineDraft",
    "ledger_posting_schedule",
    "order_refund_whole",
    "orders_record_paid",
]
