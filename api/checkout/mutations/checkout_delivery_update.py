import graphene

from api.checkout.inputs import CheckoutDeliveryInput
from api.checkout.lookups import locking_by_token
from api.checkout.types import Checkout, ShippingRegion, amounts_only
from api.core.mutations import BaseMutation
from api.core.nodes import instance_from_id
from carts.models import Cart
from core.errors import NotFound, ValidationFailed
from orders import models
from orders.services.checkout import checkout_delivery_update


class CheckoutDeliveryUpdate(BaseMutation):
    """Choose how the pieces reach the buyer: shipped to an address in a region, or picked up at a
    cart."""

    class Arguments:
        token = graphene.UUID(required=True, description="The checkout's token.")
        input = CheckoutDeliveryInput(required=True)

    checkout = graphene.Field(Checkout)

    staff_only = False
    # The service is one transaction of its own; the rest here only reads.
    atomic = False
    error_fields = {"shippingRegion": "shippingRegion", "pickupLocation": "pickupCart"}

    @staticmethod
    def resolve_checkout(root, info):
        return amounts_only(root.checkout, info)

    @classmethod
    def perform(cls, info, *, token, input):
        method = getattr(input.method, "value", input.method)
        region = location = None
        if method == "shipping":
            if not input.shipping_region:
                raise ValidationFailed("Choose a shipping region.", field="shippingRegion", code="REQUIRED")
            region = instance_from_id(
                input.shipping_region,
                ShippingRegion,
                models.ShippingRegion.objects.filter(active=True),
                field="shippingRegion",
            )
        else:
            if not input.pickup_cart:
                raise ValidationFailed("Choose a cart to pick up at.", field="pickupCart", code="REQUIRED")
            cart = (
                Cart.objects.select_related("location").filter(code=input.pickup_cart, is_active=True).first()
            )
            if cart is None:
                raise NotFound(f"No cart with the code {input.pickup_cart!r}.", field="pickupCart")
            location = cart.location
        # The service reads the checkout behind the token once, locked.
        checkout = locking_by_token(
            checkout_delivery_update,
            token,
            method=method,
            shipping_region=region,
            recipient_name=(input.recipient_name or "").strip() if region else "",
            shipping_address=(input.shipping_address or "").strip() if region else "",
            pickup_location=location,
        )
        return cls(checkout=checkout)
