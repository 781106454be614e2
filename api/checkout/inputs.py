import graphene

from api.checkout.types import DeliveryMethod


class CheckoutLineInput(graphene.InputObjectType):
    variant_id = graphene.ID(required=True, description="A ProductVariant's ID.")
    quantity = graphene.Int(required=True, description="Pieces (at least 1).")


class CheckoutLineUpdateInput(graphene.InputObjectType):
    variant_id = graphene.ID(required=True, description="A ProductVariant's ID.")
    quantity = graphene.Int(required=True, description="The new quantity; 0 removes the line.")


class CheckoutCreateInput(graphene.InputObjectType):
    lines = graphene.List(graphene.NonNull(CheckoutLineInput), required=True)
    email = graphene.String(description="For the confirmation email.")
    phone = graphene.String(description="For the courier or the cart's operator.")


class CheckoutDeliveryInput(graphene.InputObjectType):
    method = DeliveryMethod(required=True)
    shipping_region = graphene.ID(description="SHIPPING: a ShippingRegion's ID (see shippingRegions).")
    recipient_name = graphene.String(description="SHIPPING: who receives the parcel.")
    shipping_address = graphene.String(description="SHIPPING: the full postal address.")
    pickup_cart = graphene.String(description="PICKUP: the cart's code (see pickupCarts).")


class OrderRefundLineInput(graphene.InputObjectType):
    order_line_id = graphene.ID(required=True, description="An OrderLine's ID.")
    quantity = graphene.Int(required=True, description="Pieces of that line to refund.")
