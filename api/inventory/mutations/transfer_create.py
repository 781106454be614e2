import graphene

from api.core.mutations import BaseMutation
from api.inventory.inputs import StockLineInput, location_of, variants_of
from api.inventory.types import Transfer
from inventory.services import LineQuantity, transfer_create


class TransferCreateInput(graphene.InputObjectType):
    source = graphene.ID(required=True, description="The location the stock leaves.")
    destination = graphene.ID(required=True, description="The location it is sent to.")
    lines = graphene.List(graphene.NonNull(StockLineInput), required=True)
    note = graphene.String(default_value="")
    idempotency_key = graphene.String(description="A retry with the same key returns the first transfer.")


class TransferCreate(BaseMutation):
    """Send stock from one location to another; it leaves the source at once. Staff with
    inventory.add_transfer."""

    class Arguments:
        input = TransferCreateInput(required=True)

    transfer = graphene.Field(Transfer)

    permissions = ("inventory.add_transfer",)

    @classmethod
    def perform(cls, info, *, input):
        source = location_of(input.source, field="source")
        destination = location_of(input.destination, field="destination")
        variants = variants_of(input.lines)
        transfer = transfer_create(
            source=source,
            destination=destination,
            lines=[
                LineQuantity(variant=variant, quantity=line.quantity)
                for line, variant in zip(input.lines, variants, strict=True)
            ],
            actor=info.context.user,
            note=input.note or "",
            idempotency_key=input.idempotency_key,
        )
        return cls(transfer=transfer)
