"""Staff's decision on a held cart sale: approve it (payable) or void it (reversed, pieces back)."""

from django.db import transaction

from carts.models import PosSale
from orders.models import OrderHold
from orders.services.holds import order_hold_decide

Decision = OrderHold.Status


@transaction.atomic
def pos_sale_review(*, sale: PosSale, decision: str, actor, note: str = "") -> PosSale:
    """Approve or void a held sale (orders.services.order_hold_decide moves its hold); refused
    (INVALID_STATE) when it was decided before, (NOT_FOUND) when it was never held."""
    order_hold_decide(order=sale.order, decision=decision, actor=actor, note=note)
    return sale
