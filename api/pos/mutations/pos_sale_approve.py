import graphene

from api.pos.mutations.pos_sale_review import PosSaleDecide
from orders.models import OrderHold


class PosSaleApprove(PosSaleDecide):
    """Approve a held cart sale: her share becomes payable, its holding period counted from when the
    server received the sale. Staff with the review permission (carts.review_possale)."""

    class Arguments:
        id = graphene.ID(required=True, description="The held PosSale.")
        note = graphene.String(description="Why it is plausible after all (kept with the decision).")

    decision = OrderHold.Status.APPROVED
