import graphene

from api.core.mutations import BaseMutation
from api.inventory.inputs import location_of, variants_of
from api.inventory.types import Stock, StockMovement
from inventory import models
from inventory.services import stock_adjust


class StockAdjustInput(graphene.InputObjectType):
    variant = graphene.ID(required=True)
    location = graphene.ID(required=True)
    quantity = graphene.Int(required=True, description="Signed change: negative takes pieces away.")
    reason = graphene.String(required=True)
    idempotency_key = graphene.String(description="A retry with the same key returns the first movement.")


class StockAdjust(BaseMutation):
    """Correct the stock of one variant at one location, with the reason on record. Staff with
    inventory.add_movement."""

    class Arguments:
        input = StockAdjustInput(required=True)

    movement = graphene.Field(StockMovement)
    stock = graphene.Field(Stock, description="The stock line after the adjustment.")

    # What the admin's adjustment form asks: an adjustment is a movement added by hand.
    permissions = ("inventory.add_movement",)

    @classmethod
    def perform(cls, info, *, input):
        [variant] = variants_of([input], field="variant")
        location = location_of(input.location, field="location")
        movement = stock_adjust(
            variant=variant,
            location=location,
            quantity=input.quantity,
            reason=input.reason,
            actor=info.context.user,
            idempotency_key=input.idempotency_key,
        )
        stock = models.StockLevel.objects.select_related("variant", "location").get(
            variant=movement.variant_id, location=movement.location_id
        )
        return cls(movement=movement, stock=stock)
