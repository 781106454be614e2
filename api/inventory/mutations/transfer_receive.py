import graphene

from api.core.mutations import BaseMutation
from api.core.nodes import instance_from_id
from api.inventory.inputs import TransferReceiveLineInput, variants_of
from api.inventory.types import Transfer
from inventory import models
from inventory.services import ReceivedLine, transfer_receive


class TransferReceive(BaseMutation):
    """Record what arrived of a transfer, line by line; differences stay on the lines. Staff only."""

    class Arguments:
        id = graphene.ID(required=True)
        lines = graphene.List(graphene.NonNull(TransferReceiveLineInput), required=True)

    transfer = graphene.Field(Transfer)

    error_fields = {"transfer": "id"}

    @classmethod
    def perform(cls, info, *, id, lines):
        transfer = instance_from_id(id, Transfer, models.Transfer.objects.all(), field="id")
        variants = variants_of(lines)
        transfer = transfer_receive(
            transfer=transfer,
            lines=[
                ReceivedLine(variant=variant, quantity_received=line.quantity_received, note=line.note or "")
                for line, variant in zip(lines, variants, strict=True)
            ],
            actor=info.context.user,
        )
        return cls(transfer=transfer)
