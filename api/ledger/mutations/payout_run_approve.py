import graphene

from api.core.mutations import BaseMutation
from api.core.nodes import instance_from_id
from api.ledger.types import PayoutRun
from ledger import models
from ledger.services import payout_run_approve


class PayoutRunApprove(BaseMutation):
    """Approve a payout run as its second staff member: the payouts in it that await approval are
    released (its Stripe payouts are sent, its bank and cash payouts may be exported and confirmed).
    Staff with the ledger.approve_payoutrun permission only; the run's creator, or whoever entered a
    new payee's details, is refused with SECOND_APPROVER_REQUIRED. Approving again changes nothing."""

    class Arguments:
        id = graphene.ID(required=True, description="The payout run's ID.")

    payout_run = graphene.Field(PayoutRun)

    # Django's permission, the one the admin's approve page checks (before any ID is looked up).
    permissions = ("ledger.approve_payoutrun",)

    @classmethod
    def perform(cls, info, *, id):
        user = info.context.user
        run = instance_from_id(id, PayoutRun, models.PayoutRun.objects.all(), field="id")
        return cls(payout_run=payout_run_approve(run=run, actor=user))
