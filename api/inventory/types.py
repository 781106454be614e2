import graphene

from api.artisans.types import Artisan
from api.catalog.types import ProductVariant
from api.core.connections import CountableConnection, paginate
from api.core.permissions import can_see_location, permission_error
from api.core.types import Money
from inventory import models, selectors

LocationKind = graphene.Enum.from_enum(
    models.Location.Kind, name="LocationKind", description="The base or a cart."
)
TransferStatus = graphene.Enum.from_enum(
    models.Transfer.Status, name="TransferStatus", description="In transit, or received."
)
MovementKind = graphene.Enum.from_enum(
    models.Movement.Kind, name="StockMovementKind", description="What changed the stock."
)


class Stock(graphene.ObjectType):
    """A variant's stock at one location."""

    class Meta:
        interfaces = (graphene.relay.Node,)

    variant = graphene.Field(ProductVariant, required=True)
    location = graphene.Field(lambda: Location, required=True)
    quantity = graphene.Int(
        required=True, description="On hand; negative after an offline sale of a piece the books missed."
    )
    allocated = graphene.Int(required=True, description="Held for online orders.")
    available = graphene.Int(required=True, description="On hand minus allocated, never below zero.")


class StockConnection(CountableConnection):
    class Meta:
        node = Stock


class Location(graphene.ObjectType):
    """Where stock sits: the base (the workshop's store room) or a cart."""

    class Meta:
        interfaces = (graphene.relay.Node,)

    code = graphene.String(required=True)
    kind = graphene.Field(LocationKind, required=True)
    name = graphene.String(required=True)
    name_zh = graphene.String(required=True)
    name_en = graphene.String(required=True)
    address_zh = graphene.String(required=True)
    is_active = graphene.Boolean(required=True)
    stocks = graphene.relay.ConnectionField(StockConnection, description="Its stock lines, by SKU.")

    @staticmethod
    def resolve_stocks(root, info, **args):
        # A location is reached through other objects too (a transfer's source): only staff and the
        # operators of its own carts read its stock, whichever way they came.
        if not can_see_location(info, root, "inventory.view_stocklevel"):
            raise permission_error(
                "Only staff who may see stock and this location's operators see its stock."
            )
        connection = paginate(selectors.stock_at_location(location=root), args, StockConnection)
        for edge in connection.edges:
            edge.node.location = root  # the parent itself: no query per line
        return connection


class LocationConnection(CountableConnection):
    class Meta:
        node = Location


def _lines_with_variants(lines):
    return lines.select_related("variant__product", "variant__artisan").order_by("variant__sku")


class IntakeLine(graphene.ObjectType):
    variant = graphene.Field(ProductVariant, required=True)
    quantity = graphene.Int(required=True)


class Intake(graphene.ObjectType):
    """Pieces an artisan handed to the programme on consignment."""

    class Meta:
        interfaces = (graphene.relay.Node,)

    artisan = graphene.Field(Artisan, required=True)
    location = graphene.Field(Location, required=True)
    received_at = graphene.DateTime(required=True)
    note = graphene.String(required=True)
    lines = graphene.List(graphene.NonNull(IntakeLine), required=True)

    @staticmethod
    def resolve_lines(root, info):
        return _lines_with_variants(root.lines)


class TransferLine(graphene.ObjectType):
    variant = graphene.Field(ProductVariant, required=True)
    quantity_sent = graphene.Int(required=True)
    quantity_received = graphene.Int(description="Null until the transfer is received.")
    discrepancy = graphene.Int(description="Received minus sent: negative when pieces went missing.")
    discrepancy_note = graphene.String(required=True)


class Transfer(graphene.ObjectType):
    """Stock sent from one location to another: it leaves on dispatch and arrives on receipt."""

    class Meta:
        interfaces = (graphene.relay.Node,)

    source = graphene.Field(Location, required=True)
    destination = graphene.Field(Location, required=True)
    status = graphene.Field(TransferStatus, required=True)
    dispatched_at = graphene.DateTime(required=True)
    received_at = graphene.DateTime()
    note = graphene.String(required=True)
    lines = graphene.List(graphene.NonNull(TransferLine), required=True)

    @staticmethod
    def resolve_lines(root, info):
        return _lines_with_variants(root.lines)


class StockCountLine(graphene.ObjectType):
    variant = graphene.Field(ProductVariant, required=True)
    expected = graphene.Int(required=True, description="On hand in the books when the count was submitted.")
    counted = graphene.Int(required=True)
    variance = graphene.Int(required=True, description="Counted minus expected.")


class VarianceRow(graphene.ObjectType):
    sku = graphene.String(required=True)
    product_name = graphene.String(required=True)
    expected = graphene.Int(required=True)
    counted = graphene.Int(required=True)
    variance = graphene.Int(required=True)
    variance_value = graphene.Field(Money, required=True, description="The variance at today's price.")

    @staticmethod
    def resolve_variance_value(root, info):
        return Money.of(root.variance_value_fen)


class VarianceReport(graphene.ObjectType):
    rows = graphene.List(graphene.NonNull(VarianceRow), required=True)
    total_expected = graphene.Int(required=True)
    total_counted = graphene.Int(required=True)
    total_variance = graphene.Int(required=True)
    total_variance_value = graphene.Field(Money, required=True)

    @staticmethod
    def resolve_total_variance_value(root, info):
        return Money.of(root.total_variance_value_fen)


class StockCount(graphene.ObjectType):
    """A physical count at a location; each variance became a correcting movement."""

    class Meta:
        interfaces = (graphene.relay.Node,)

    location = graphene.Field(Location, required=True)
    counted_at = graphene.DateTime(required=True)
    note = graphene.String(required=True)
    lines = graphene.List(graphene.NonNull(StockCountLine), required=True)
    variance_report = graphene.Field(VarianceReport, required=True)

    @staticmethod
    def resolve_lines(root, info):
        return _lines_with_variants(root.lines)

    @staticmethod
    def resolve_variance_report(root, info):
        return selectors.count_variance_report(count=root)


class StockMovement(graphene.ObjectType):
    """One change to the stock of a variant at a location. Never changed afterwards."""

    class Meta:
        interfaces = (graphene.relay.Node,)

    variant = graphene.Field(ProductVariant, required=True)
    location = graphene.Field(Location, required=True)
    kind = graphene.Field(MovementKind, required=True)
    quantity = graphene.Int(required=True, description="Signed: negative when stock left.")
    reason = graphene.String(required=True)
    created_at = graphene.DateTime(required=True)
