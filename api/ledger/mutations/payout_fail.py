import graphene

from api.core.mutations import BaseMutation
from api.core.nodes import instance_from_id
from api.ledger.types import Payout
from ledger import models
from ledger.services import payout_fail


class PayoutFail(BaseMutation):
    """Mark a payout that did not reach her as failed, with the reason: its amount goes back to her
    balance, available at once; again changes nothing; a paid one is refused. Staff with
    ledger.change_payout (the admin's "mark failed" action)."""

    class Arguments:
        id = graphene.ID(required=True)
        reason = graphene.String(required=True, description="Why it did not reach her (shown to staff).")

    payout = graphene.Field(Payout)

    permissions = ("ledger.change_payout",)

    @classmethod
    def perform(cls, info, *, id, reason):
        payout = instance_from_id(id, Payout, models.Payout.objects.all(), field="id")
        return cls(payout=payout_fail(payout=payout, reason=reason, actor=info.context.user))
