"""Staff's decision on a held cart sale: approve it (payable) or void it (reversed, pieces back);
and their check of a refund held for review."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from carts.models import PosRefund, PosSale
from core.errors import InvalidState, ValidationFailed
from core.validation import max_length
from orders.models import OrderHold
from orders.services.holds import order_hold_decide

Decision = OrderHold.Status
REFUND_NOTE_MAX = max_length(PosRefund, "review_note")


@transaction.atomic
def pos_sale_review(*, sale: PosSale, decision: str, actor, note: str = "") -> PosSale:
    """Approve or void a held sale (orders.services.order_hold_decide moves its hold); refused
    (INVALID_STATE) when it was decided before, (NOT_FOUND) when it was never held."""
    order_hold_decide(order=sale.order, decision=decision, actor=actor, note=note)
    return sale


@transaction.atomic
def pos_refund_review(*, refund: PosRefund, actor, note: str = "") -> PosRefund:
    """Staff have checked a refund held for review (an old sale's): it is marked reviewed, by whom
    and when. The money and pieces went back when it was recorded; a refund that was wrong is settled
    with the operator, not by undoing it here. Refused (INVALID_STATE) when it is not held."""
    locked = PosRefund.objects.select_for_update().get(pk=refund.pk)
    if locked.review_status != PosRefund.Review.HELD:
        raise InvalidState(_("这笔退款不在待审核状态。"), field="refund")
    note = (note or "").strip()
    if len(note) > REFUND_NOTE_MAX:
        raise ValidationFailed(_("不能超过 %(max)d 个字。") % {"max": REFUND_NOTE_MAX}, field="note")
    locked.review_status = PosRefund.Review.REVIEWED
    locked.reviewed_by = actor
    locked.reviewed_at = timezone.now()
    locked.review_note = note
    locked.save(update_fields=["review_status", "reviewed_by", "reviewed_at", "review_note"])
    return locked
