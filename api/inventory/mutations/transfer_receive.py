import graphene

from api.core.mutations import BaseMutation
from api.core.nodes import pk_from_id
from api.core.permissions import (
    has_permission,
    require_location_access,
    require_permission_or_operator,
)
from api.inventory.inputs import TransferReceiveLineInput, variants_of
from api.inventory.types import Transfer
from core.errors import NotFound
from inventory import models
from inventory.services import ReceivedLine, transfer_receive


class TransferReceive(BaseMutation):
    """Record what arrived of a transfer, line by line; differences stay on the lines. Staff with
    inventory.change_transfer (what the admin's receipt asks), or the operator of the destination cart
    (restock on the tablet)."""

    class Arguments:
        id = graphene.ID(required=True)
        lines = graphene.List(graphene.NonNull(TransferReceiveLineInput), required=True)

    transfer = graphene.Field(Transfer)

    staff_only = False
    error_fields = {"transfer": "id"}
    permission = "inventory.change_transfer"

    @classmethod
    def perform(cls, info, *, id, lines):
        require_permission_or_operator(info, cls.permission)
        pk = pk_from_id(id, Transfer)
        transfer = models.Transfer.objects.select_related("destination").filter(pk=pk).first() if pk else None
        if transfer is None:
            if not has_permission(info.context.user, cls.permission):
                # An operator is not told whether a transfer to someone else's cart exists.
                require_location_access(info, None, cls.permission)
            raise NotFound(f"No Transfer with the ID {id!r}.", field="id")
        require_location_access(info, transfer.destination, cls.permission)
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
