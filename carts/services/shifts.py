"""Shifts: an operator's session at a cart on one tablet, opened and closed with a cash count."""

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from carts.models import Cart, Operator, Shift
from core.errors import InvalidState, PermissionDenied, ValidationFailed
from core.validation import max_length

DEVICE_ID_MAX = max_length(Shift, "device_id")
NOTE_MAX = max_length(Shift, "note")


def whole(value, minimum: int = 0) -> bool:
    """An integer (not a bool) of at least minimum."""
    return isinstance(value, int) and not isinstance(value, bool) and value >= minimum


def _storable(text: str) -> bool:
    """No NUL and no lone surrogate: PostgreSQL would refuse the statement."""
    if "\x00" in text:
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def check_device_id(device_id) -> str:
    device_id = device_id.strip() if isinstance(device_id, str) else ""
    if not device_id or len(device_id) > DEVICE_ID_MAX or not _storable(device_id):
        raise ValidationFailed(
            _("设备编号必须是 1 到 %(max)d 个字符。") % {"max": DEVICE_ID_MAX}, field="deviceId"
        )
    return device_id


@transaction.atomic
def shift_open(
    *,
    cart: Cart,
    operator: Operator,
    device_id: str,
    opening_cash_fen: int,
    opened_at: datetime.datetime | None = None,
) -> Shift:
    """Open a shift on this tablet with the counted opening cash. One open shift per cart and tablet;
    the operator must work this cart. opened_at is for recording a past shift (the demo), else now."""
    device_id = check_device_id(device_id)
    if not whole(opening_cash_fen):
        raise ValidationFailed(_("开班现金必须是不小于 0 的整数（分）。"), field="openingCashFen")
    # Serializes shift changes at this cart (pos_sync takes the same lock).
    cart = Cart.objects.select_for_update().get(pk=cart.pk)
    if not cart.is_active:
        raise InvalidState(_("零售车「%(cart)s」已停止营业。") % {"cart": cart.name_zh}, field="cart")
    if not operator.user.is_active or not operator.carts.filter(pk=cart.pk).exists():
        raise PermissionDenied(_("这辆零售车不归您负责。"), field="cart")
    if Shift.objects.filter(cart=cart, device_id=device_id, status=Shift.Status.OPEN).exists():
        raise InvalidState(_("这台设备在这辆零售车上已经有一个未交班的班次。"), field="deviceId")
    try:
        with transaction.atomic():
            return Shift.objects.create(
                cart=cart,
                operator=operator,
                device_id=device_id,
                opening_cash_fen=opening_cash_fen,
                opened_at=opened_at or timezone.now(),
            )
    except IntegrityError as error:  # the partial unique index, should the lock ever be bypassed
        raise InvalidState(_("这台设备在这辆零售车上已经有一个未交班的班次。"), field="deviceId") from error


@transaction.atomic
def shift_close(
    *,
    shift: Shift,
    counted_cash_fen: int,
    actor,
    note: str = "",
    closed_at: datetime.datetime | None = None,
) -> Shift:
    """Close the shift with the cash counted in the till; closing a closed shift is refused."""
    if not whole(counted_cash_fen):
        raise ValidationFailed(_("清点现金必须是不小于 0 的整数（分）。"), field="countedCashFen")
    note = (note or "").strip()
    if len(note) > NOTE_MAX or not _storable(note):
        raise ValidationFailed(_("不能超过 %(max)d 个字。") % {"max": NOTE_MAX}, field="note")
    locked = Shift.objects.select_for_update().get(pk=shift.pk)
    if locked.status == Shift.Status.CLOSED:
        raise InvalidState(_("这个班次已经交班了。"), field="shift")
    closed_at = closed_at or timezone.now()
    if closed_at < locked.opened_at:
        raise ValidationFailed(_("交班时间不能早于开班时间。"), field="closedAt")
    locked.status = Shift.Status.CLOSED
    locked.closed_at = closed_at
    locked.counted_cash_fen = counted_cash_fen
    locked.closed_by = actor
    locked.note = note
    locked.save(update_fields=["status", "closed_at", "counted_cash_fen", "closed_by", "note"])
    for name in ("status", "closed_at", "counted_cash_fen", "closed_by", "note"):
        setattr(shift, name, getattr(locked, name))
    return locked
