"""The rows behind a checkout token or an order, with what their types read, so nothing queries per
line; and the parsing of line inputs shared by the checkout mutations."""

from django.db.models import Prefetch

from api.catalog.types import ProductVariant
from api.core.nodes import pk_from_id
from core.errors import NotFound, ValidationFailed
from orders.models import Checkout, Order, OrderLine
from orders.services.checkout import CheckoutLineInput
from orders.services.checkout_rows import checkout_read

MAX_LINES = 100


def checkouts():
    # The lines are read by checkout_totals (with their variants), once per checkout.
    return Checkout.objects.select_related(
        "shipping_region", "pickup_location__cart__site", "payment", "order"
    )


def orders():
    return with_order_relations(Order.objects.all())


def with_order_relations(orders):
    """The orders with what the Order type reads, so nothing queries per order."""
    return orders.select_related("shipping_region", "location__cart__site").prefetch_related(
        Prefetch("lines", queryset=OrderLine.objects.order_by("pk")), "refunds"
    )


def checkout_by_token(token, *, related: tuple[str, ...] = ()) -> Checkout:
    """The checkout behind a token, or NotFound on `token` (a token is the only key to a checkout).

    Its row alone, unless the service it goes to reads some relations of it first (related):
    the others lock and read it again (and answer the instance they locked), so joins here would
    be read for nothing."""
    try:
        if token is None:
            raise Checkout.DoesNotExist
        if set(related) <= {"payment", "shipping_region"}:  # the flow's own read (plain SQL)
            return checkout_read({"token": token}, payment="payment" in related)
        return Checkout.objects.select_related(*related).get(token=token)
    except Checkout.DoesNotExist as error:
        raise NotFound("No checkout with this token.", field="token") from error


def locking_by_token(service, token, **kwargs):
    """service(token=token, **kwargs) for a service that reads and locks the checkout behind the
    token itself (one read, not one here and one there); no such checkout: NotFound on `token`."""
    try:
        return service(token=token, **kwargs)
    except Checkout.DoesNotExist as error:
        raise NotFound("No checkout with this token.", field="token") from error


def refreshed(checkout: Checkout | None) -> Checkout | None:
    """The checkout as a service left it, re-read with its joins for the payload. Called from the
    payload's resolver, so only when the query asks for the checkout."""
    return checkouts().get(pk=checkout.pk) if checkout is not None else None


def order_by_id(global_id) -> Order:
    from api.checkout.order_types import Order as OrderType

    pk = pk_from_id(global_id, OrderType)
    order = orders().filter(pk=pk).first() if pk is not None else None
    if order is None:
        raise NotFound(f"No Order with the ID {global_id!r}.", field="id")
    return order


def line_inputs(lines) -> list[CheckoutLineInput]:
    """[{variantId, quantity}] -> the service's lines (it checks the quantities and that each variant
    is on sale; an ID of another type or a malformed one is simply not found)."""
    if len(lines) > MAX_LINES:
        raise ValidationFailed(f"At most {MAX_LINES} lines at once.", field="lines")
    parsed = []
    for line in lines:
        pk = pk_from_id(line.variant_id, ProductVariant)
        if pk is None:
            raise NotFound(f"No ProductVariant with the ID {line.variant_id!r}.", field="lines")
        parsed.append(CheckoutLineInput(variant_id=pk, quantity=line.quantity))
    return parsed
