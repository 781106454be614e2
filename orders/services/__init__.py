"""Writes for orders: cart sales recorded in bulk, online checkouts, fulfilment, refunds, and the
posting of paid lines and refunds to the ledger."""

from orders.services.checkout import (
    CheckoutLineInput,
    CheckoutTotals,
    CheckoutTotalsLine,
    checkout_attribution_set,
    checkout_complete,
    checkout_complete_for_payment,
    checkout_contact_update,
    checkout_create,
    checkout_delivery_update,
    checkout_lines_add,
    checkout_lines_update,
    checkout_payment_create,
    checkout_source_location,
    checkout_totals,
    checkouts_expire,
)
from orders.services.confirmation import order_confirmation_send_once, order_confirmations_send_pending
from orders.services.fulfilment import order_fulfill
from orders.services.posting import ledger_posting_schedule
from orders.services.recording import OrderDraft, OrderLineDraft, orders_record_paid
from orders.services.refunds import order_refund, order_refund_whole

__all__ = [
    "CheckoutLineInput",
    "CheckoutTotals",
    "CheckoutTotalsLine",
    "OrderDraft",
    "OrderLineDraft",
    "checkout_attribution_set",
    "checkout_complete",
    "checkout_complete_for_payment",
    "checkout_contact_update",
    "checkout_create",
    "checkout_delivery_update",
    "checkout_lines_add",
    "checkout_lines_update",
    "checkout_payment_create",
    "checkout_source_location",
    "checkout_totals",
    "checkouts_expire",
    "ledger_posting_schedule",
    "order_confirmation_send_once",
    "order_confirmations_send_pending",
    "order_fulfill",
    "order_refund",
    "order_refund_whole",
    "orders_record_paid",
]
