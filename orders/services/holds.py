"""Held sales: recorded and in the books, but their split waits for a person (OrderHold).

A sale is held when it is written (order_holds_create, by the caller that judged it implausible).
Its posting then credits the artisan's share as held: in the books, shown to her as under review,
never available, never in a payout run. order_hold_decide is the one service that moves a hold on:
approved (the share becomes payable, its holding period counted from the server's receipt) or voided
(the whole sale refunded: reversed in the ledger, the pieces back through the inventory services).
"""

from collections.abc import Mapping, Sequence

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import InvalidState, NotFound, ValidationFailed
from core.validation import max_length
from ledger.services import sale_splits_release
from orders.models import Order, OrderHold
from orders.services.posting import line_reference
from orders.services.refunds import REASON_MAX, REFUNDABLE, order_refund_whole

NOTE_MAX = max_length(OrderHold, "note")
Status = OrderHold.Status


def order_holds_create(*, reasons: Mapping[int, Sequence[str]]) -> None:
    """Hold these orders ({order id: the reasons, e.g. a cart sale's flags}), in the caller's
    transaction, before their posting is scheduled: one INSERT."""
    if not reasons:
        return
    now = timezone.now()
    OrderHold.objects.bulk_create(
        [OrderHold(order_id=order_id, reasons=list(why), created_at=now) for order_id, why in reasons.items()]
    )


@transaction.atomic
def order_hold_decide(*, order: Order, decision: str, actor, note: str = "") -> OrderHold:
    """Approve or void a held sale; a void needs a note (why). Deciding a hold that is not held any
    more is refused (INVALID_STATE), so two staff clicking at once decide it once."""
    if decision not in (Status.APPROVED, Status.VOIDED):
        raise ValidationFailed(_("只能批准或作废。"), field="decision")
    note = note.strip() if isinstance(note, str) else ""
    if len(note) > NOTE_MAX:
        raise ValidationFailed(_("不能超过 %(max)d 个字。") % {"max": NOTE_MAX}, field="note")
    if "\x00" in note or not _encodable(note):
        raise ValidationFailed(_("说明里有无法保存的字符。"), field="note")
    if decision == Status.VOIDED and not note:
        raise ValidationFailed(_("作废需要写明原因。"), field="note")
    hold = OrderHold.objects.select_for_update().filter(order_id=order.pk).first()
    if hold is None:
        raise NotFound(_("这笔销售没有被暂扣。"), field="id")
    if hold.status != Status.HELD:
        raise InvalidState(
            _("这笔销售已经审核过了（%(status)s）。") % {"status": hold.get_status_display()},
            field="id",
        )
    # Waits for a posting run that holds the order: then ledger_posted_at says whether it was posted
    # (held: release it now) or not (the posting reads the decision and posts it as decided).
    locked = Order.objects.select_for_update(of=("self",)).get(pk=order.pk)
    now = timezone.now()
    hold.status, hold.decided_at, hold.decided_by, hold.note = decision, now, actor, note
    hold.save(update_fields=["status", "decided_at", "decided_by", "note"])
    if decision == Status.APPROVED:
        if locked.ledger_posted_at is not None:
            line_ids = locked.lines.values_list("pk", flat=True)
            references = [line_reference(locked.number, pk) for pk in line_ids]
            sale_splits_release(references=references, released_at=now)
    elif locked.status in REFUNDABLE:
        # Reversed as a whole refund (the ledger takes the share back out of the held part), the
        # pieces back at the cart; a sale refunded at the cart already has nothing left to reverse.
        reason = (_("作废：%(note)s") % {"note": note})[:REASON_MAX]
        order_refund_whole(order=locked, actor=actor, reason=reason)
    order.status = locked.status
    return hold


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
