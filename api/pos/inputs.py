"""Input types of the POS mutations (docs/pos.md names them)."""

import graphene

from api.pos.types import PosPaymentMethod


class ShiftOpenInput(graphene.InputObjectType):
    cart = graphene.String(required=True, description="The cart's code.")
    device_id = graphene.String(required=True, description="The tablet's id, kept in its storage.")
    opening_cash_fen = graphene.Int(required=True, description="Cash counted in the drawer at opening.")


class ShiftCloseInput(graphene.InputObjectType):
    shift = graphene.ID(required=True)
    counted_cash_fen = graphene.Int(required=True, description="Cash counted in the drawer at closing.")


class PosSaleLineInput(graphene.InputObjectType):
    sku = graphene.String(required=True)
    quantity = graphene.Int(required=True)
    unit_price_fen = graphene.Int(required=True, description="The price per piece the tablet showed.")
    discount_fen = graphene.Int(description="Off the whole line; 0 when left out.")
    discount_reason = graphene.String()


class PosPaymentInput(graphene.InputObjectType):
    method = PosPaymentMethod(required=True)
    amount_fen = graphene.Int(required=True, description="What was paid: the sale's total.")
    tendered_fen = graphene.Int(description="Cash handed over (cash only); the change is worked out from it.")


class PosSaleInput(graphene.InputObjectType):
    client_uuid = graphene.String(required=True, description="Made on the tablet; one order per UUID.")
    shift = graphene.ID(required=True)
    device_time = graphene.DateTime(
        required=True, description="When the sale happened, by the tablet's clock."
    )
    receipt_number = graphene.String(
        required=True, description="<CART>-<DEVICE4>-<SEQ>, printed on the receipt."
    )
    lines = graphene.List(graphene.NonNull(PosSaleLineInput), required=True)
    payment = PosPaymentInput(required=True)


class PosRefundInput(graphene.InputObjectType):
    client_uuid = graphene.String(required=True)
    sale_uuid = graphene.String(required=True, description="The client UUID of the sale refunded whole.")
    shift = graphene.ID(required=True, description="The shift the refund happened in.")
    device_time = graphene.DateTime(required=True)
    reason = graphene.String(required=True)


class PosSyncInput(graphene.InputObjectType):
    cart = graphene.String(required=True, description="The cart's code.")
    device_id = graphene.String(required=True)
    sales = graphene.List(graphene.NonNull(PosSaleInput), required=True)
    refunds = graphene.List(graphene.NonNull(PosRefundInput))
