"""Writes for orders: cart sales recorded in bulk, online checkouts, fulfilment, refunds, and the
posting of paid lines and refunds to the ledger."""

from orders.services.recording import OrderDraft, OrderLineDraft, order_refund_whole, orders_record_paid

__all__ = ["OrderDraft", "OrderLineDraft", "order_refund_whole", "orders_record_paid"]
