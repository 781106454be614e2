"""Types of the online sale: the checkout with its lines, totals and availability, shipping regions
and the payment the browser completes with Stripe.js. Orders are in api/checkout/order_types.py."""

import graphene
from django.utils import timezone
from graphql import FieldNode

from api.catalog.types import ProductVariant
from api.core.types import Money
from core.errors import NotFound
from inventory import selectors as inventory_selectors
from inventory.models import Location, StockHold
from orders import models
from orders.services.checkout import checkout_source_location, checkout_totals_known, reservation_reference
from payments import models as payment_models
from payments.providers import Scene

CheckoutStatus = graphene.Enum.from_enum(
    models.Checkout.Status, name="CheckoutStatus", description="Where a checkout stands."
)
DeliveryMethod = graphene.Enum(
    "DeliveryMethod",
    [("SHIPPING", "shipping"), ("PICKUP", "pickup")],
    description="Shipped home, or picked up at a cart.",
)
PaymentStatus = graphene.Enum.from_enum(
    payment_models.Payment.Status, name="PaymentStatus", description="The gateway's status of a payment."
)


class ShippingRegion(graphene.ObjectType):
    """Where the programme ships to, at a flat rate."""

    class Meta:
        interfaces = (graphene.relay.Node,)

    code = graphene.String(required=True)
    name = graphene.String(required=True, description="In the reader's language (Accept-Language).")
    name_zh = graphene.String(required=True)
    name_en = graphene.String(required=True)
    price = graphene.Field(Money, required=True)

    @staticmethod
    def resolve_price(root, info):
        return Money.of(root.price_fen)


class PickupCart(graphene.ObjectType):
    """A cart where an order can be picked up."""

    code = graphene.String(required=True)
    name = graphene.String(required=True, description="In the reader's language (Accept-Language).")
    site_name = graphene.String(required=True, description="The scenic area, in the reader's language.")

    @staticmethod
    def resolve_site_name(root, info):
        return root.site.name


PaymentGateway = graphene.Enum.from_enum(
    payment_models.Provider, name="PaymentGateway", description="Who takes the money."
)
# The scenes a tourist's checkout may ask for: MERCHANT_QR is the seller's (the cart tablet's QR code
# for the amount, api.pos), never the storefront's.
PaymentScene = graphene.Enum(
    "PaymentScene",
    [(scene.name, scene.value) for scene in Scene if scene is not Scene.MERCHANT_QR],
    description="Where the tourist pays: CARD (Stripe's card form), H5 (a phone's browser), NATIVE (a QR "
    "code on a desktop), JSAPI (inside WeChat, with an official account).",
)
PaymentNextStep = graphene.Enum.from_enum(
    payment_models.NextStep, name="PaymentNextStep", description="What the tourist does next to pay."
)


class Payment(graphene.ObjectType):
    """One payment at one gateway: Stripe's is confirmed in the browser with `clientSecret`
    (Stripe.js); a wallet's next step is `nextStep` with `nextStepValue` (a URL to open, a QR code's
    content, or JSAPI's signed parameters as JSON)."""

    class Meta:
        interfaces = (graphene.relay.Node,)

    payment_intent_id = graphene.String(
        required=True, description="The gateway's reference: Stripe's pi_…, a wallet's out_trade_no."
    )
    client_secret = graphene.String(
        required=True, description="For Stripe.js `confirmPayment`; empty for a wallet."
    )
    gateway = graphene.Field(PaymentGateway, required=True)
    next_step = graphene.Field(PaymentNextStep)
    next_step_value = graphene.String(required=True)
    amount = graphene.Field(Money, required=True)
    status = graphene.Field(PaymentStatus, required=True)

    @staticmethod
    def resolve_payment_intent_id(root, info):
        return root.provider_reference

    @staticmethod
    def resolve_gateway(root, info):
        return root.provider

    @staticmethod
    def resolve_next_step(root, info):
        return root.next_step or None

    @staticmethod
    def resolve_amount(root, info):
        return Money.of(root.amount_fen)


class CheckoutLine(graphene.ObjectType):
    class Meta:
        interfaces = (graphene.relay.Node,)

    variant = graphene.Field(ProductVariant, required=True)
    quantity = graphene.Int(required=True)
    unit_price = graphene.Field(Money, required=True)
    total_price = graphene.Field(Money, required=True)
    quantity_available = graphene.Int(
        required=True,
        description="Pieces this checkout can have at its source (the pickup cart, else the base), "
        "counting what it holds itself.",
    )
    is_available = graphene.Boolean(required=True, description="All of `quantity` can be had.")

    @staticmethod
    def resolve_unit_price(root, info):
        return Money.of(root.unit_price_fen)

    @staticmethod
    def resolve_total_price(root, info):
        return Money.of(root.total_fen)

    @staticmethod
    def resolve_quantity_available(root, info):
        return checkout_view(root.checkout).available(root.variant_id)

    @staticmethod
    def resolve_is_available(root, info):
        return checkout_view(root.checkout).available(root.variant_id) >= root.quantity


class CheckoutDelivery(graphene.ObjectType):
    method = graphene.Field(DeliveryMethod, required=True)
    shipping_region = graphene.Field(ShippingRegion)
    recipient_name = graphene.String(required=True)
    shipping_address = graphene.String(required=True)
    pickup_cart = graphene.Field(PickupCart)


class Checkout(graphene.ObjectType):
    """A tourist's basket on its way to an order; whoever holds its token may read and change it."""

    class Meta:
        interfaces = (graphene.relay.Node,)

    token = graphene.UUID(required=True)
    status = graphene.Field(CheckoutStatus, required=True)
    email = graphene.String(required=True)
    phone = graphene.String(required=True)
    lines = graphene.List(graphene.NonNull(CheckoutLine), required=True)
    quantity = graphene.Int(required=True, description="Pieces in the basket.")
    subtotal_price = graphene.Field(Money, required=True)
    shipping_price = graphene.Field(Money, required=True)
    total_price = graphene.Field(Money, required=True)
    delivery = graphene.Field(CheckoutDelivery, description="Null until chosen.")
    is_available = graphene.Boolean(required=True, description="Every line can be had in full.")
    reserved_until = graphene.DateTime(description="While awaiting payment, its pieces are held until then.")
    payment = graphene.Field(Payment, description="The latest payment made for it.")
    order = graphene.Field("api.checkout.order_types.Order", description="Once completed.")

    @staticmethod
    def resolve_lines(root, info):
        return checkout_view(root).lines

    @staticmethod
    def resolve_quantity(root, info):
        return sum(line.quantity for line in checkout_view(root).lines)

    @staticmethod
    def resolve_subtotal_price(root, info):
        return Money.of(checkout_view(root).totals.subtotal_fen)

    @staticmethod
    def resolve_shipping_price(root, info):
        return Money.of(checkout_view(root).totals.shipping_fen)

    @staticmethod
    def resolve_total_price(root, info):
        return Money.of(checkout_view(root).totals.total_fen)

    @staticmethod
    def resolve_is_available(root, info):
        view = checkout_view(root)
        return all(view.available(line.variant_id) >= line.quantity for line in view.lines)

    @staticmethod
    def resolve_delivery(root, info):
        if not root.delivery_method:
            return None
        cart = getattr(root.pickup_location, "cart", None) if root.pickup_location_id else None
        return CheckoutDelivery(
            method=root.delivery_method,
            shipping_region=root.shipping_region,
            recipient_name=root.recipient_name,
            shipping_address=root.shipping_address,
            pickup_cart=cart,
        )


class CheckoutView:
    """A checkout's lines with their prices (and, when asked, their availability), worked out once
    per request."""

    def __init__(self, checkout):
        self.checkout = checkout
        # Asked only for amounts (amounts_only): the lines' variants, not their products and artisans.
        related = ("variant",) if getattr(checkout, _AMOUNTS_ONLY, False) else None
        self.totals = checkout_totals_known(checkout, related=related)
        self.lines = []
        for priced in self.totals.lines:
            line = priced.line
            line.checkout = checkout
            line.variant = priced.variant
            line.unit_price_fen = priced.unit_price_fen
            line.total_fen = priced.total_fen
            self.lines.append(line)
        self._available = None

    def available(self, variant_id: int) -> int:
        if self._available is None:
            self._available = _available(self.checkout, [line.variant_id for line in self.lines])
        return self._available.get(variant_id, 0)


def _available(checkout, variant_ids: list[int]) -> dict[int, int]:
    """{variant id: pieces this checkout can have}: at its source (counting its own live hold
    there), or before a delivery is chosen, at the best-stocked active location."""
    source = _source_location_id(checkout)
    if source is None:
        active = Location.objects.filter(is_active=True).values_list("pk", flat=True)
        by_pair = inventory_selectors.available_quantities(variant_ids=variant_ids, location_ids=list(active))
        available: dict[int, int] = {}
        for (variant_id, _location), quantity in by_pair.items():
            available[variant_id] = max(available.get(variant_id, 0), quantity)
        return available
    by_pair = inventory_selectors.available_quantities(variant_ids=variant_ids, location_ids=[source])
    own = _own_holds(checkout, source)
    return {pk: by_pair.get((pk, source), 0) + own.get(pk, 0) for pk in variant_ids}


_AMOUNTS_ONLY = "gongfang_api_amounts_only"


def amounts_only(checkout, info):
    """The checkout a payload answers, marked when the query asks of it no `lines` (directly, not
    through a fragment): then its totals are worked out without the lines' products and artisans,
    which only the lines' own fields read."""
    if checkout is not None and all(
        node.selection_set is not None
        and all(
            isinstance(selection, FieldNode) and selection.name.value != "lines"
            for selection in node.selection_set.selections
        )
        for node in info.field_nodes
    ):
        setattr(checkout, _AMOUNTS_ONLY, True)
    return checkout


def checkout_view(checkout) -> CheckoutView:
    view = getattr(checkout, "gongfang_api_view", None)
    if view is None:
        view = checkout.gongfang_api_view = CheckoutView(checkout)
    return view


def _source_location_id(checkout) -> int | None:
    try:
        location = checkout_source_location(checkout)
    except NotFound:  # shipping without an active base: nothing is available
        return -1
    return location.pk if location is not None else None


def _own_holds(checkout, location_id: int) -> dict[int, int]:
    """What this checkout's own live reservation holds at its source, by variant: it is counted in
    `allocated` there, yet it is this checkout's to have."""
    if checkout.status != models.Checkout.Status.AWAITING_PAYMENT:
        return {}
    held: dict[int, int] = {}
    rows = StockHold.objects.filter(
        reference=reservation_reference(checkout),
        location_id=location_id,
        kind=StockHold.Kind.RESERVATION,
        released_at__isnull=True,
        expires_at__gt=timezone.now(),
    ).values_list("variant_id", "quantity")
    for variant_id, quantity in rows:
        held[variant_id] = held.get(variant_id, 0) + quantity
    return held
