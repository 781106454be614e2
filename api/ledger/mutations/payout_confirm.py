import graphene

from api.core.mutations import BaseMutation
from api.core.nodes import instance_from_id
from api.ledger.types import Payout
from ledger import models
from ledger.services import payout_confirm


class PayoutConfirm(BaseMutation):
    """Confirm a bank or cash payout as paid (at paidAt, default now); again changes nothing. Staff with
    ledger.change_payout."""

    class Arguments:
        id = graphene.ID(required=True)
        paid_at = graphene.DateTime()

    payout = graphene.Field(Payout)

    # The admin's "confirm paid" action needs the change permission.
    permissions = ("ledger.change_payout",)

    @classmethod
    def perform(cls, info, *, id, paid_at=None):
        payout = instance_from_id(id, Payout, models.Payout.objects.all(), field="id")
        payout = payout_confirm(payout=payout, actor=info.context.user, paid_at=paid_at)
        return cls(payout=payout)
