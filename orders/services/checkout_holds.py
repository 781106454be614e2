"""What one checkout, and one client, may hold: the rules that keep pieces from being hoarded.

- A checkout holds its pieces for one reservation period (CHECKOUT_RESERVATION_MINUTES) from its
  first hold. Paying again, changing the basket or the delivery and paying anew: all hold until the
  same moment. Past it the checkout can still be paid for, without a hold (checkout_completion).
- A checkout has at most CHECKOUT_PIECES_MAX pieces.
- A client (IP address and user agent, core.clients.client_key) may start holds for at most
  CHECKOUT_HOLDS_PER_CLIENT checkouts it has not paid for within CHECKOUT_HOLDS_WINDOW_MINUTES.
"""

import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import ValidationFailed
from orders.models import Checkout

UNPAID = (Checkout.Status.OPEN, Checkout.Status.AWAITING_PAYMENT)


def hold_ends_at(started_at: datetime.datetime) -> datetime.datetime:
    """The end of the one reservation period of a checkout whose first hold began at started_at."""
    return started_at + datetime.timedelta(minutes=settings.CHECKOUT_RESERVATION_MINUTES)


def checkout_pieces_check(quantities: dict[int, int]) -> None:
    """Refuse a basket of more pieces than one checkout may have (TOO_MANY_PIECES on lines)."""
    total = sum(quantities.values())
    most = settings.CHECKOUT_PIECES_MAX
    if total > most:
        raise ValidationFailed(
            _("一次结算最多 %(most)d 件作品，这里有 %(total)d 件。请分开下单，或联系我们。")
            % {"most": most, "total": total},
            field="lines",
            code="TOO_MANY_PIECES",
            params={"most": most, "total": total},
        )


def client_holds_check(*, client: str, checkout: Checkout, now: datetime.datetime) -> None:
    """Refuse a first hold for checkout when its client has started as many unpaid ones lately
    (TOO_MANY_CHECKOUTS), saying when it may try again. No client (a call from our own code): no limit."""
    if not client:
        return
    window = datetime.timedelta(minutes=settings.CHECKOUT_HOLDS_WINDOW_MINUTES)
    most = settings.CHECKOUT_HOLDS_PER_CLIENT
    started = list(
        Checkout.objects.filter(hold_client=client, hold_started_at__gt=now - window, status__in=UNPAID)
        .exclude(pk=checkout.pk)
        .order_by("-hold_started_at")
        .values_list("hold_started_at", flat=True)[:most]
    )
    if len(started) < most:
        return
    oldest = started[-1]
    assert oldest is not None  # hold_started_at__gt leaves out the checkouts without one
    free_at = timezone.localtime(oldest + window, ZoneInfo(settings.BUSINESS_TIME_ZONE))
    raise ValidationFailed(
        _(
            "这台设备已有 %(most)d 个未付款的结算在保留作品。请先为其中一个付款，或在 %(time)s"
            "（北京时间）之后再试。"
        )
        % {"most": most, "time": free_at.strftime("%H:%M")},
        field=None,
        code="TOO_MANY_CHECKOUTS",
        params={"most": most},
    )
