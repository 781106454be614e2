"""Input types of the POS mutations (docs/pos.md names them)."""

import graphene
from graphql import IntValueNode, StringValueNode
from graphql.language import ValueNode

from api.core.scalars import Fen
from api.pos.types import PosPaymentMethod


class PosInteger(graphene.Scalar):
    """A number a tablet sends in a sale: taken as sent, of any size (even not a whole number), and
    checked by posSyncSales sale by sale: one out of range or malformed rejects only its own sale,
    never the batch (GraphQL's Int would refuse the whole request beyond 32 bits)."""

    @staticmethod
    def serialize(value):
        return value

    @staticmethod
    def parse_value(value):
        return value

    @staticmethod
    def parse_literal(node: ValueNode, _variables=None):
        if isinstance(node, IntValueNode):
            return int(node.value)
        return getattr(node, "value", None)


class PosDeviceTime(graphene.Scalar):
    """A tablet's clock reading (ISO 8601), read exactly as graphene's DateTime reads it. One that
    DateTime refuses reaches posSyncSales as null and rejects only its own sale ("device time
    missing"), never the batch."""

    @staticmethod
    def serialize(value):
        return value.isoformat()

    @staticmethod
    def parse_value(value):
        if not isinstance(value, str):
            return None
        try:
            return graphene.DateTime.parse_value(value)
        except Exception:  # graphene words its refusal as a GraphQLError: here it is a null
            return None

    @classmethod
    def parse_literal(cls, node: ValueNode, _variables=None):
        return cls.parse_value(node.value) if isinstance(node, StringValueNode) else None


class _Values(dict):
    """What a sync input arrives as: the coerced dict itself, its fields read as attributes (None
    when left out), as graphene's own container offers them. Graphene's sets one attribute per field
    on every object; a batch of 200 sales makes ~1,000 of them (about 3 ms)."""

    __slots__ = ()
    _fields: frozenset = frozenset()

    def __getattr__(self, name):
        if name in self._fields:
            return self.get(name)
        raise AttributeError(name)


def _values_of(input_type: type[graphene.InputObjectType]) -> type[graphene.InputObjectType]:
    """For an input type whose Meta.container is a new _Values class: its fields are input_type's."""
    container = input_type._meta.container
    if not issubclass(container, _Values) or container is _Values:
        raise TypeError(f"{input_type.__name__} needs Meta.container = _container(...)")
    container._fields = frozenset(input_type._meta.fields)
    return input_type


def _container(name: str) -> type[_Values]:
    return type(name, (_Values,), {"__slots__": ()})


class ShiftOpenInput(graphene.InputObjectType):
    cart = graphene.String(required=True, description="The cart's code.")
    device_id = graphene.String(required=True, description="The tablet's id, kept in its storage.")
    opening_cash_fen = Fen(required=True, description="Cash counted in the drawer at opening.")


class ShiftCloseInput(graphene.InputObjectType):
    shift = graphene.ID(required=True)
    counted_cash_fen = Fen(required=True, description="Cash counted in the drawer at closing.")


@_values_of
class PosSaleLineInput(graphene.InputObjectType):
    class Meta:
        container = _container("PosSaleLineInput")

    sku = graphene.String(required=True)
    quantity = PosInteger(required=True)
    unit_price_fen = PosInteger(required=True, description="The price per piece the tablet showed.")
    discount_fen = PosInteger(description="Off the whole line; 0 when left out.")
    discount_reason = graphene.String()


@_values_of
class PosPaymentInput(graphene.InputObjectType):
    class Meta:
        container = _container("PosPaymentInput")

    method = PosPaymentMethod(required=True)
    amount_fen = PosInteger(required=True, description="What was paid: the sale's total.")
    tendered_fen = PosInteger(description="Cash handed over (cash only); the change is worked out from it.")
    provider_reference = graphene.String(
        description="The provider payment that paid it (posPaymentQrCreate's reference), when the "
        "tablet showed a QR code for the amount: checked against the provider's record."
    )


@_values_of
class PosSaleInput(graphene.InputObjectType):
    class Meta:
        container = _container("PosSaleInput")

    client_uuid = graphene.String(required=True, description="Made on the tablet; one order per UUID.")
    shift = graphene.ID(required=True)
    device_time = PosDeviceTime(required=True, description="When the sale happened, by the tablet's clock.")
    receipt_number = graphene.String(
        required=True, description="<CART>-<DEVICE4>-<SEQ>, printed on the receipt."
    )
    lines = graphene.List(graphene.NonNull(PosSaleLineInput), required=True)
    payment = PosPaymentInput(required=True)


class PosRefundLineInput(graphene.InputObjectType):
    sku = graphene.String(required=True)
    quantity = PosInteger(required=True, description="Pieces of this SKU given back (at least 1).")


@_values_of
class PosRefundInput(graphene.InputObjectType):
    class Meta:
        container = _container("PosRefundInput")

    client_uuid = graphene.String(required=True)
    sale_uuid = graphene.String(required=True, description="The client UUID of the sale refunded.")
    shift = graphene.ID(required=True, description="The shift the refund happened in.")
    device_time = graphene.DateTime(required=True)
    reason = graphene.String(required=True)
    lines = graphene.List(
        graphene.NonNull(PosRefundLineInput),
        description="The pieces given back, per SKU; left out: everything of the sale not yet refunded.",
    )


class PosMethodTotalInput(graphene.InputObjectType):
    method = PosPaymentMethod(required=True)
    amount_fen = graphene.Int(required=True)
    count = graphene.Int(required=True)


class PosZPiecesInput(graphene.InputObjectType):
    sku = graphene.String(required=True)
    quantity = graphene.Int(required=True)
    amount_fen = graphene.Int(required=True)


class PosZReportInput(graphene.InputObjectType):
    """The Z report the tablet worked out for a shift it closed (the server compares its own)."""

    sales_count = graphene.Int(required=True)
    gross_fen = graphene.Int(required=True)
    discount_fen = graphene.Int(required=True)
    net_fen = graphene.Int(required=True)
    refunds_count = graphene.Int(required=True)
    refunds_fen = graphene.Int(required=True)
    totals_by_method = graphene.List(graphene.NonNull(PosMethodTotalInput), required=True)
    refunds_by_method = graphene.List(graphene.NonNull(PosMethodTotalInput), required=True)
    opening_cash_fen = graphene.Int(required=True)
    expected_cash_fen = graphene.Int(required=True)
    counted_cash_fen = graphene.Int()
    variance_fen = graphene.Int()
    pieces = graphene.List(
        graphene.NonNull(PosZPiecesInput), description="The pieces sold, per SKU (less refunded ones)."
    )


class PosShiftInput(graphene.InputObjectType):
    """A shift the tablet opened (and, once closed, closed) under an id of its own; sent until the
    server answered for it. A sale or refund names it by that id in its `shift`."""

    client_uuid = graphene.String(required=True, description="Made on the tablet; one shift per UUID.")
    operator = graphene.String(required=True, description="The username of the operator who opened it.")
    opened_at = PosDeviceTime(required=True, description="By the tablet's clock.")
    opening_cash_fen = PosInteger(required=True)
    closed_at = PosDeviceTime(description="By the tablet's clock; with countedCashFen once closed.")
    counted_cash_fen = PosInteger()
    z_report = PosZReportInput(description="The tablet's own Z report, sent with the close.")


class PosOfflineSignInInput(graphene.InputObjectType):
    """An operator the tablet lets sign in offline: her username and the token it keeps for her."""

    username = graphene.String(required=True)
    token = graphene.String(required=True)


@_values_of
class PosSyncInput(graphene.InputObjectType):
    class Meta:
        container = _container("PosSyncInput")

    cart = graphene.String(required=True, description="The cart's code.")
    device_id = graphene.String(required=True)
    sales = graphene.List(graphene.NonNull(PosSaleInput), required=True)
    refunds = graphene.List(graphene.NonNull(PosRefundInput))
    shifts = graphene.List(
        graphene.NonNull(PosShiftInput),
        description="Shifts opened or closed on the tablet, taken before the sales, in the order sent.",
    )
    offline_sign_ins = graphene.List(
        graphene.NonNull(PosOfflineSignInInput),
        description="The operators this tablet lets sign in offline (at most 20); the answer's "
        "offlineSignInsRevoked names those it must forget.",
    )
