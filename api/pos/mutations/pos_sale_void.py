import graphene

from api.pos.mutations.pos_sale_review import PosSaleDecide
from orders.models import OrderHold


class PosSaleVoid(PosSaleDecide):
    """Void a held cart sale: refunded whole (its split reversed in the ledger, never paid), the
    pieces back at the cart. Staff with the review permission (carts.review_possale)."""

    class Arguments:
        id = graphene.ID(required=True, description="The held PosSale.")
        note = graphene.String(required=True, description="Why it is void; shown with the decision.")

    decision = OrderHold.Status.VOIDED
