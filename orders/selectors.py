"""Reads of orders, with their lines, so that nothing queries per row."""

from django.db.models import Prefetch, QuerySet

from core.errors import NotFound
from orders.models import Order, OrderLine


def _with_lines(orders: QuerySet[Order]) -> QuerySet[Order]:
    return orders.select_related("location").prefetch_related(
        Prefetch("lines", queryset=OrderLine.objects.select_related("artisan").order_by("pk"))
    )


def order_get(*, number: str) -> Order:
    """One order with its location and lines (with their artisans); NotFound when there is none."""
    try:
        return _with_lines(Order.objects.all()).get(number=number)
    except Order.DoesNotExist as error:
        raise NotFound(params={"number": number}) from error


def orders_to_reconcile(*, location=None) -> QuerySet[Order]:
    """Orders flagged for reconciliation (a price that differed, stock the books did not have),
    newest first, at one location or everywhere."""
    orders = Order.objects.filter(needs_reconciliation=True)
    if location is not None:
        orders = orders.filter(location=location)
    return _with_lines(orders).order_by("-paid_at", "-pk")
