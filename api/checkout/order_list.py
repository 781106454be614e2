"""orders(filter, sortBy): the staff's list of orders over GraphQL, in Saleor's names (OrderFilterInput,
OrderSortingInput, OrderSortField), for staff with orders.view_order (the admin's order list)."""

import graphene

from api.checkout.lookups import with_order_relations
from api.checkout.order_types import Order, OrderChannel, OrderStatus
from api.core.connections import CountableConnection, paginate
from api.core.filters import DateRangeInput, OrderDirection, date_range, invalid
from api.core.permissions import query_requires_permission
from carts.models import Cart
from orders import selectors

VIEW_ORDERS = "orders.view_order"
MAX_SEARCH = 100


class OrderFilterInput(graphene.InputObjectType):
    channel = OrderChannel(description="Online or at a cart.")
    cart = graphene.String(description="A cart's code: its sales and the online orders picked up there.")
    status = graphene.List(graphene.NonNull(OrderStatus), description="Any of these statuses.")
    created = DateRangeInput(description="The days (Qinghai) it sold, as the reports count them.")
    search = graphene.String(description="Part of the number or recipient, the phone, or the whole email.")


class OrderSortField(graphene.Enum):
    NUMBER = "number"
    CREATED_AT = "created_at"
    TOTAL = "total"

    @property
    def description(self):
        return {
            OrderSortField.NUMBER: "By the order's number.",
            OrderSortField.CREATED_AT: "By when it sold.",
            OrderSortField.TOTAL: "By what was paid.",
        }[self]


class OrderSortingInput(graphene.InputObjectType):
    field = OrderSortField(required=True)
    direction = OrderDirection(required=True)


class OrderCountableConnection(CountableConnection):
    class Meta:
        node = Order


def _value(enum_member):
    return getattr(enum_member, "value", enum_member)


def resolve_orders(info, filter=None, sort_by=None, **args):
    query_requires_permission(info, VIEW_ORDERS)
    filter = filter or {}
    date_from, date_to = date_range(filter.get("created"), "created")
    cart = filter.get("cart")
    if cart is not None and not Cart.objects.filter(code=cart).exists():
        raise invalid(f"No cart with the code {cart!r}.", "cart")
    search = filter.get("search") or ""
    if len(search) > MAX_SEARCH:
        raise invalid(f"A search is at most {MAX_SEARCH} characters.", "search")
    sort_by = sort_by or {"field": "created_at", "direction": "DESC"}
    orders = selectors.order_list(
        channel=_value(filter.get("channel")),
        cart_code=cart,
        statuses=[_value(status) for status in filter.get("status") or []],
        date_from=date_from,
        date_to=date_to,
        search=search,
        sort_field=_value(sort_by["field"]),
        descending=_value(sort_by["direction"]) == "DESC",
    )
    return paginate(with_order_relations(orders), args, OrderCountableConnection)


def orders_field():
    return graphene.relay.ConnectionField(
        OrderCountableConnection,
        filter=OrderFilterInput(),
        sort_by=OrderSortingInput(description="Newest first unless given."),
        description="Every order, online and at the carts: staff with orders.view_order only.",
    )
