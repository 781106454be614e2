"""Every write to stock. Quantities change only through inventory.services.movements.record_movements.

Requests that may be retried (a tablet on a flaky connection, a double click) carry an idempotency
key: a second call with the same key returns what the first one made and writes nothing.
"""

import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeGuard

from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from artisans.models import Artisan
from catalog.models import Variant
from core.errors import InsufficientStock, InvalidState, ValidationFailed
from inventory.models import (
    Intake,
    IntakeLine,
    Location,
    Movement,
    StockCount,
    StockCountLine,
    Transfer,
    TransferLine,
)
from inventory.selectors import base_location
from inventory.services.movements import lock_levels, record_movements

NOTE_MAX = 300


@dataclass(frozen=True)
class LineQuantity:
    variant: Variant
    quantity: int


@dataclass(frozen=True)
class ReceivedLine:
    variant: Variant
    quantity_received: int
    note: str = ""


@dataclass(frozen=True)
class CountedLine:
    variant: Variant
    counted: int


def _is_int(value) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def _check_lines(lines: Sequence, *, quantity: Callable[[Any], object], minimum: int) -> None:
    """Lines are refused whole: empty, a quantity below minimum or not an integer, a variant twice."""
    if not lines:
        raise ValidationFailed(_("请至少填写一行。"), field="lines")
    seen = set()
    for line in lines:
        sku = line.variant.sku
        value = quantity(line)
        if not _is_int(value) or value < minimum:
            params = {"sku": sku, "minimum": minimum}
            raise ValidationFailed(
                _("%(sku)s 的数量必须是不小于 %(minimum)d 的整数。") % params, field="lines", params=params
            )
        if line.variant.pk in seen:
            raise ValidationFailed(
                _("%(sku)s 重复出现，请合并为一行。") % {"sku": sku}, field="lines", params={"sku": sku}
            )
        seen.add(line.variant.pk)


def _check_active(location: Location, *, field: str) -> None:
    if not location.is_active:
        raise ValidationFailed(_("库位「%(name)s」已停用。") % {"name": location.name_zh}, field=field)


def _check_text(value: str, *, field: str, max_length: int = NOTE_MAX) -> None:
    if len(value) > max_length:
        raise ValidationFailed(_("不能超过 %(max)d 个字。") % {"max": max_length}, field=field)


def _key(idempotency_key: str | None, *, max_length: int) -> str | None:
    if not idempotency_key:
        return None
    _check_text(idempotency_key, field="idempotency_key", max_length=max_length)
    return idempotency_key


def _replay(model: type[models.Model], idempotency_key: str | None):
    """What an earlier call with this key made, if there was one."""
    if idempotency_key is None:
        return None
    return model._default_manager.filter(idempotency_key=idempotency_key).first()


def _create_keyed(model: type[models.Model], **fields):
    """Insert the row carrying the idempotency key before anything else is written.

    A concurrent call with the same key waits on the unique index until ours commits, then fails
    inside this savepoint and returns our row instead: (row, created).
    """
    if fields.get("idempotency_key") is None:
        return model._default_manager.create(**fields), True
    try:
        with transaction.atomic():
            return model._default_manager.create(**fields), True
    except IntegrityError:
        existing = _replay(model, fields["idempotency_key"])
        if existing is None:
            raise
        return existing, False


@transaction.atomic
def location_create(*, code: str, kind: str, name_zh: str, name_en: str, address_zh: str = "") -> Location:
    try:
        validate_slug(code)
    except ValidationError:
        raise ValidationFailed(_("编号只能包含字母、数字、连字符和下划线。"), field="code") from None
    if kind not in Location.Kind.values:
        raise ValidationFailed(_("未知的库位类型。"), field="kind")
    if not name_zh.strip():
        raise ValidationFailed(_("请填写中文名称。"), field="name_zh")
    if Location.objects.filter(code=code).exists():
        raise ValidationFailed(_("编号 %(code)s 已被使用。") % {"code": code}, field="code")
    # intake lands at "the" base; a second one would make that ambiguous.
    if kind == Location.Kind.BASE and Location.objects.filter(kind=kind, is_active=True).exists():
        raise ValidationFailed(_("已经有一个总库。"), field="kind")
    return Location.objects.create(
        code=code, kind=kind, name_zh=name_zh, name_en=name_en, address_zh=address_zh
    )


@transaction.atomic
def intake_create(
    *,
    artisan: Artisan,
    lines: list[LineQuantity],
    actor,
    location: Location | None = None,
    note: str = "",
    received_at: datetime.datetime | None = None,
    idempotency_key: str | None = None,
) -> Intake:
    """An artisan hands pieces over on consignment: INTAKE movements at the base (or location)."""
    idempotency_key = _key(idempotency_key, max_length=80)
    if existing := _replay(Intake, idempotency_key):
        return existing
    _check_lines(lines, quantity=lambda line: line.quantity, minimum=1)
    for line in lines:
        if line.variant.artisan_id != artisan.pk:
            raise ValidationFailed(
                _("%(sku)s 不是%(artisan)s的作品。") % {"sku": line.variant.sku, "artisan": artisan.name_zh},
                field="lines",
                params={"sku": line.variant.sku},
            )
    location = location or base_location()
    _check_active(location, field="location")
    _check_text(note, field="note")
    intake, created = _create_keyed(
        Intake,
        artisan=artisan,
        location=location,
        received_at=received_at or timezone.now(),
        received_by=actor,
        note=note,
        idempotency_key=idempotency_key,
    )
    if not created:
        return intake
    IntakeLine.objects.bulk_create(
        [IntakeLine(intake=intake, variant=line.variant, quantity=line.quantity) for line in lines]
    )
    record_movements(
        location=location,
        kind=Movement.Kind.INTAKE,
        changes=[(line.variant.pk, line.quantity) for line in lines],
        actor=actor,
        intake=intake,
    )
    return intake


@transaction.atomic
def transfer_create(
    *,
    source: Location,
    destination: Location,
    lines: list[LineQuantity],
    actor,
    note: str = "",
    idempotency_key: str | None = None,
) -> Transfer:
    """Send stock and dispatch it at once: it leaves the source now and arrives on transfer_receive."""
    idempotency_key = _key(idempotency_key, max_length=80)
    if existing := _replay(Transfer, idempotency_key):
        return existing
    _check_lines(lines, quantity=lambda line: line.quantity, minimum=1)
    if source.pk == destination.pk:
        raise ValidationFailed(_("发出和接收库位不能相同。"), field="destination")
    _check_active(source, field="source")
    _check_active(destination, field="destination")
    _check_text(note, field="note")
    transfer, created = _create_keyed(
        Transfer,
        source=source,
        destination=destination,
        dispatched_at=timezone.now(),
        dispatched_by=actor,
        note=note,
        idempotency_key=idempotency_key,
    )
    if not created:
        return transfer
    # What is available is read from the locked rows themselves: a check before the lock would let
    # two transfers both see the same five pieces.
    levels = lock_levels(location=source, variant_ids=[line.variant.pk for line in lines])
    for line in lines:
        level = levels[line.variant.pk]
        available = level.quantity - level.allocated
        if line.quantity > available:
            params = {"sku": line.variant.sku, "available": max(available, 0), "requested": line.quantity}
            raise InsufficientStock(
                _("库存不足：%(sku)s 可调出 %(available)d 件，需要 %(requested)d 件。") % params,
                field="lines",
                params=params,
            )
    TransferLine.objects.bulk_create(
        [TransferLine(transfer=transfer, variant=line.variant, quantity_sent=line.quantity) for line in lines]
    )
    record_movements(
        location=source,
        kind=Movement.Kind.TRANSFER_OUT,
        changes=[(line.variant.pk, -line.quantity) for line in lines],
        actor=actor,
        transfer=transfer,
    )
    return transfer


@transaction.atomic
def transfer_receive(*, transfer: Transfer, lines: list[ReceivedLine], actor) -> Transfer:
    """Record what arrived, line by line; what went missing stays on the lines as a discrepancy."""
    # Locked so that two receipts of one transfer cannot both pass the status check.
    transfer = Transfer.objects.select_for_update().select_related("destination").get(pk=transfer.pk)
    if transfer.status != Transfer.Status.DISPATCHED:
        raise InvalidState(_("这批调拨已经接收过了。"), field="transfer")
    _check_lines(lines, quantity=lambda line: line.quantity_received, minimum=0)
    sent = {line.variant_id: line for line in transfer.lines.all()}
    answered = {line.variant.pk for line in lines}
    if answered != set(sent):
        skus = sorted(line.variant.sku for line in lines if line.variant.pk not in sent)
        if not skus:
            skus = sorted(Variant.objects.filter(pk__in=set(sent) - answered).values_list("sku", flat=True))
        raise ValidationFailed(
            _("请逐行填写本批调拨的实收数量（%(skus)s）。") % {"skus": "、".join(skus)},
            field="lines",
            params={"skus": skus},
        )
    for line in lines:
        _check_text(line.note, field="lines")
        transfer_line = sent[line.variant.pk]
        transfer_line.quantity_received = line.quantity_received
        transfer_line.discrepancy_note = line.note
    TransferLine.objects.bulk_update(list(sent.values()), ["quantity_received", "discrepancy_note"])
    record_movements(
        location=transfer.destination,
        kind=Movement.Kind.TRANSFER_IN,
        changes=[(line.variant.pk, line.quantity_received) for line in lines],
        actor=actor,
        transfer=transfer,
    )
    transfer.status = Transfer.Status.RECEIVED
    transfer.received_at = timezone.now()
    transfer.received_by = actor
    transfer.save(update_fields=["status", "received_at", "received_by"])
    return transfer


@transaction.atomic
def stock_count_submit(
    *,
    location: Location,
    lines: list[CountedLine],
    actor,
    note: str = "",
    idempotency_key: str | None = None,
) -> StockCount:
    """A physical count: each variance against the books becomes a COUNT_CORRECTION movement."""
    idempotency_key = _key(idempotency_key, max_length=80)
    if existing := _replay(StockCount, idempotency_key):
        return existing
    _check_lines(lines, quantity=lambda line: line.counted, minimum=0)
    _check_active(location, field="location")
    _check_text(note, field="note")
    count, created = _create_keyed(
        StockCount,
        location=location,
        counted_at=timezone.now(),
        counted_by=actor,
        note=note,
        idempotency_key=idempotency_key,
    )
    if not created:
        return count
    # Expected is read under the lock, so a sale recorded while the count is submitted is either
    # in the books before it or corrected after it, never half of each.
    levels = lock_levels(location=location, variant_ids=[line.variant.pk for line in lines])
    count_lines = StockCountLine.objects.bulk_create(
        [
            StockCountLine(
                count=count,
                variant=line.variant,
                expected=levels[line.variant.pk].quantity,
                counted=line.counted,
            )
            for line in lines
        ]
    )
    record_movements(
        location=location,
        kind=Movement.Kind.COUNT_CORRECTION,
        changes=[(line.variant_id, line.variance) for line in count_lines],
        actor=actor,
        count=count,
    )
    return count


@transaction.atomic
def stock_adjust(
    *,
    variant: Variant,
    location: Location,
    quantity: int,
    reason: str,
    actor,
    idempotency_key: str | None = None,
) -> Movement:
    """A one-off correction (a piece damaged, found, given as a sample) with the reason on record."""
    idempotency_key = _key(idempotency_key, max_length=120)
    if existing := _replay(Movement, idempotency_key):
        return existing
    if not _is_int(quantity) or quantity == 0:
        raise ValidationFailed(_("调整数量必须是非零整数。"), field="quantity")
    if not reason or not reason.strip():
        raise ValidationFailed(_("请填写调整原因。"), field="reason")
    _check_text(reason, field="reason")
    _check_active(location, field="location")
    level = lock_levels(location=location, variant_ids=[variant.pk])[variant.pk]
    # A retry racing its original waits on the same row: look again now that we hold it.
    if existing := _replay(Movement, idempotency_key):
        return existing
    # Taking away more than is there is a mistake; adding to a negative cart balance is allowed.
    if quantity < 0 and level.quantity + quantity < 0:
        params = {"sku": variant.sku, "on_hand": level.quantity, "requested": -quantity}
        raise InsufficientStock(
            _("库存不足：%(sku)s 在库 %(on_hand)d 件，不能减少 %(requested)d 件。") % params,
            field="quantity",
            params=params,
        )
    [movement] = record_movements(
        location=location,
        kind=Movement.Kind.ADJUSTMENT,
        changes=[(variant.pk, quantity)],
        actor=actor,
        reason=reason.strip(),
        idempotency_key=idempotency_key,
    )
    return movement
