import graphene

from api.core.mutations import BaseMutation
from api.core.scalars import Fen
from api.ledger.types import PayoutRun
from ledger.services import payout_run_create


class PayoutRunCreateInput(graphene.InputObjectType):
    run_date = graphene.Date(
        required=True, description="The run's day; a second run for it pays nobody again."
    )
    minimum_fen = Fen(description="The least balance paid, in fen; the programme's setting if null.")


class PayoutRunCreate(BaseMutation):
    """Make a payout run now: one payout for each artisan whose available balance reaches the minimum.
    Starting a run for a day that has one returns that run. Staff with ledger.add_payoutrun."""

    class Arguments:
        input = PayoutRunCreateInput(required=True)

    payout_run = graphene.Field(PayoutRun)

    permissions = ("ledger.add_payoutrun",)

    @classmethod
    def perform(cls, info, *, input):
        run = payout_run_create(
            run_date=input["run_date"], minimum_fen=input.get("minimum_fen"), actor=info.context.user
        )
        return cls(payout_run=run)
