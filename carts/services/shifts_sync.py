"""Shifts made on a tablet (docs/pos.md, "Shifts made on the tablet"): opened and closed there, with
or without a connection, under an id (a UUID) the tablet made, and sent with its sales.

The server takes each shift once per UUID. Its times are the tablet's claims: kept as sent
(`device_opened_at`, `device_closed_at`), but a time ahead of the server's clock is taken as the
server's time and a closing before the opening as the opening, with the flag `device_time_adjusted`
(the shift's sales are checked against the times kept). Cash beyond POS_SHIFT_CASH_MAX_FEN rejects
the shift. The tablet's own Z report travels with the close; once the shift's sales are in, the
server works out its own and keeps every figure that differs (`z_differences`), for staff to see.
"""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from carts.models import Cart, Operator, Shift
from carts.selectors import ZReport, z_report
from carts.services.shifts import check_device_id, whole
from carts.services.sync_policy import device_time_tolerance
from carts.services.sync_types import SyncStatus, aware, parse_uuid

FLAG_TIME_ADJUSTED = "device_time_adjusted"
FLAG_CLOSED_WITHOUT_COUNT = "closed_without_count"
Z_SCALARS = (
    "salesCount",
    "grossFen",
    "discountFen",
    "netFen",
    "refundsCount",
    "refundsFen",
    "openingCashFen",
    "expectedCashFen",
    "countedCashFen",
    "varianceFen",
)
Z_VALUE_MAX = 2_147_483_647


class ShiftReason:
    """Why a shift from a tablet is rejected: stable English text, as for sales."""

    MALFORMED_UUID = "malformed shift UUID"
    OTHER_CART_UUID = "shift UUID already used at another cart"
    OPERATOR = "operator unknown or not of this cart"
    DEVICE_TIME = "device time missing"
    CASH_RANGE = "cash out of range"
    CLOSE = "closing time and counted cash go together"
    Z_REPORT = "malformed Z report"


@dataclass(frozen=True)
class ShiftDraft:
    client_uuid: str
    operator_username: str
    opened_at: datetime.datetime | None
    opening_cash_fen: Any  # as sent: checked to be a whole number of fen
    closed_at: datetime.datetime | None = None
    counted_cash_fen: Any = None
    z_report: dict | None = None  # the tablet's Z report, in the API's names (salesCount, …)


@dataclass(frozen=True)
class ShiftSyncResult:
    client_uuid: str
    status: SyncStatus  # recorded | duplicate | rejected
    reason: str | None = None
    shift: Shift | None = None


def cash_max_fen() -> int:
    return int(getattr(settings, "POS_SHIFT_CASH_MAX_FEN", 10_000_000))


@transaction.atomic
def shifts_sync(
    *, cart: Cart, device_id: str, drafts: Sequence[ShiftDraft], actor
) -> tuple[list[ShiftSyncResult], set[int]]:
    """Opens (and closes) the tablet's shifts in the order sent, each once per UUID. Answers a result
    per draft and the ids of the shifts closed now, whose sales may still come in the same batch."""
    device_id = check_device_id(device_id)
    if not drafts:
        return [], set()
    cart = Cart.objects.select_for_update().get(pk=cart.pk)  # shift_open and pos_sync take it too
    received_at = timezone.now()
    usernames = {draft.operator_username for draft in drafts if isinstance(draft.operator_username, str)}
    operators = {
        operator.user.username: operator
        for operator in Operator.objects.filter(
            carts=cart, user__username__in=usernames, user__is_active=True
        ).select_related("user")
    }
    results, closing = [], set()
    for draft in drafts:
        result = _sync_one(
            draft, cart=cart, device_id=device_id, operators=operators, actor=actor, now=received_at
        )
        if (
            result.shift is not None
            and result.shift.status == Shift.Status.CLOSED
            and result.status != "rejected"
        ):
            closing.add(result.shift.pk)
        results.append(result)
    return results, closing


def _rejected(draft: ShiftDraft, reason: str) -> ShiftSyncResult:
    return ShiftSyncResult(client_uuid=str(draft.client_uuid), status=SyncStatus.REJECTED, reason=reason)


def _check(draft: ShiftDraft, operators, *, known: bool) -> str | None:
    """Why the draft is rejected, or None. A shift known already is only checked for its close."""
    if not known and draft.operator_username not in operators:
        return ShiftReason.OPERATOR
    if aware(draft.opened_at) is None:
        return ShiftReason.DEVICE_TIME
    limit = cash_max_fen()
    if not whole(draft.opening_cash_fen) or draft.opening_cash_fen > limit:
        return ShiftReason.CASH_RANGE
    closing = (draft.closed_at is not None, draft.counted_cash_fen is not None)
    if closing[0] != closing[1]:
        return ShiftReason.CLOSE
    if closing[0]:
        if aware(draft.closed_at) is None:
            return ShiftReason.DEVICE_TIME
        if not whole(draft.counted_cash_fen) or draft.counted_cash_fen > limit:
            return ShiftReason.CASH_RANGE
        if draft.z_report is not None and not _z_well_formed(draft.z_report):
            return ShiftReason.Z_REPORT
    return None


def _z_well_formed(z) -> bool:
    if not isinstance(z, dict):
        return False
    values = [z.get(key) for key in Z_SCALARS if z.get(key) is not None]
    for key in ("totalsByMethod", "refundsByMethod"):
        for row in z.get(key) or []:
            values += [row.get("amountFen"), row.get("count")]
    for row in z.get("pieces") or []:
        values += [row.get("quantity"), row.get("amountFen")]
    return all(isinstance(v, int) and not isinstance(v, bool) and abs(v) <= Z_VALUE_MAX for v in values)


def _sync_one(draft: ShiftDraft, *, cart, device_id, operators, actor, now) -> ShiftSyncResult:
    shift_uuid = parse_uuid(draft.client_uuid)
    if shift_uuid is None:
        return _rejected(draft, ShiftReason.MALFORMED_UUID)
    existing = Shift.objects.select_for_update().filter(client_uuid=shift_uuid).first()
    if existing is not None and existing.cart_id != cart.pk:
        return _rejected(draft, ShiftReason.OTHER_CART_UUID)
    reason = _check(draft, operators, known=existing is not None)
    if reason is not None:
        return _rejected(draft, reason)
    status = SyncStatus.DUPLICATE
    shift = existing
    if shift is None:
        shift = _open(
            draft,
            shift_uuid,
            cart=cart,
            device_id=device_id,
            operator=operators[draft.operator_username],
            now=now,
        )
        status = SyncStatus.RECORDED
    if draft.closed_at is not None:
        if shift.status == Shift.Status.OPEN:
            _close(shift, draft, actor=actor, now=now)
            status = SyncStatus.RECORDED
        elif shift.device_z_report is None and draft.z_report is not None:
            # Closed by staff before the tablet's close arrived: their count stands, the tablet's Z is kept.
            shift.device_closed_at = aware(draft.closed_at)
            shift.device_z_report = draft.z_report
            shift.save(update_fields=["device_closed_at", "device_z_report"])
            status = SyncStatus.RECORDED
    return ShiftSyncResult(client_uuid=str(shift_uuid), status=status, shift=shift)


def _open(draft: ShiftDraft, shift_uuid, *, cart, device_id, operator, now) -> Shift:
    claimed = aware(draft.opened_at)
    assert claimed is not None  # _check refused a draft without it
    flags = []
    opened_at = claimed
    if claimed > now + device_time_tolerance():
        opened_at = now
        flags.append(FLAG_TIME_ADJUSTED)
    # This tablet's shift still open on the server (its close lost with the tablet's storage): the new
    # one replaces it. Its cash was never counted: the expected figure stands in, flagged for staff.
    for stale in Shift.objects.select_for_update().filter(
        cart=cart, device_id=device_id, status=Shift.Status.OPEN
    ):
        stale.status = Shift.Status.CLOSED
        stale.closed_at = max(opened_at, stale.opened_at)
        stale.counted_cash_fen = z_report(shift=stale).expected_cash_fen
        stale.flags = [*stale.flags, FLAG_CLOSED_WITHOUT_COUNT]
        stale.save(update_fields=["status", "closed_at", "counted_cash_fen", "flags"])
    return Shift.objects.create(
        cart=cart,
        operator=operator,
        device_id=device_id,
        opening_cash_fen=draft.opening_cash_fen,
        opened_at=opened_at,
        client_uuid=shift_uuid,
        device_opened_at=claimed,
        flags=flags,
    )


def _close(shift: Shift, draft: ShiftDraft, *, actor, now) -> None:
    claimed = aware(draft.closed_at)
    assert claimed is not None  # _check refused a draft without it
    closed_at = min(max(claimed, shift.opened_at), max(now, shift.opened_at))
    if closed_at != claimed and FLAG_TIME_ADJUSTED not in shift.flags:
        shift.flags = [*shift.flags, FLAG_TIME_ADJUSTED]
    shift.status = Shift.Status.CLOSED
    shift.closed_at = closed_at
    shift.device_closed_at = claimed
    shift.counted_cash_fen = draft.counted_cash_fen
    shift.closed_by = actor
    shift.device_z_report = draft.z_report
    shift.save(
        update_fields=[
            "status",
            "closed_at",
            "device_closed_at",
            "counted_cash_fen",
            "closed_by",
            "device_z_report",
            "flags",
        ]
    )


def z_figures(report: ZReport) -> dict:
    """A Z report as the tablet sends its own: the API's names, methods in upper case."""
    figures: dict[str, Any] = {
        "salesCount": report.sales_count,
        "grossFen": report.gross_fen,
        "discountFen": report.discount_fen,
        "netFen": report.net_fen,
        "refundsCount": report.refunds_count,
        "refundsFen": report.refunds_fen,
        "openingCashFen": report.opening_cash_fen,
        "expectedCashFen": report.expected_cash_fen,
        "countedCashFen": report.counted_cash_fen,
        "varianceFen": report.variance_fen,
    }
    for key, rows in (
        ("totalsByMethod", report.totals_by_method),
        ("refundsByMethod", report.refunds_by_method),
    ):
        figures[key] = [
            {"method": m.upper(), "amountFen": row.amount_fen, "count": row.count} for m, row in rows.items()
        ]
    figures["pieces"] = [
        {"sku": p.sku, "quantity": p.quantity, "amountFen": p.amount_fen} for p in report.pieces
    ]
    return figures


def _flat(z: dict) -> dict[str, int | None]:
    flat = {key: z.get(key) for key in Z_SCALARS}
    for key in ("totalsByMethod", "refundsByMethod"):
        for row in z.get(key) or []:
            method = str(row.get("method", "")).upper()
            flat[f"{key}.{method}.amountFen"] = row.get("amountFen", 0)
            flat[f"{key}.{method}.count"] = row.get("count", 0)
    for row in z.get("pieces") or []:
        flat[f"pieces.{row.get('sku')}.quantity"] = row.get("quantity", 0)
        flat[f"pieces.{row.get('sku')}.amountFen"] = row.get("amountFen", 0)
    return flat


def z_differences(*, device: dict, server: dict) -> list[dict]:
    """Every figure where the tablet's Z report and the server's differ: [{field, device, server}]."""
    mine, theirs = _flat(device), _flat(server)
    if "pieces" not in device:  # a tablet that sends no pieces is not compared on them
        theirs = {key: value for key, value in theirs.items() if not key.startswith("pieces.")}
    differences = []
    for key in [*Z_SCALARS, *sorted((set(mine) | set(theirs)) - set(Z_SCALARS))]:
        device_value = mine.get(key, 0 if "." in key else None)
        server_value = theirs.get(key, 0 if "." in key else None)
        if device_value != server_value:
            differences.append({"field": key, "device": device_value, "server": server_value})
    return differences


@transaction.atomic
def shift_z_reconcile(*, shift: Shift) -> Shift:
    """Compares the tablet's Z report of a closed shift with the server's and keeps the differences."""
    if shift.device_z_report is None or shift.status != Shift.Status.CLOSED:
        return shift
    found = z_differences(device=shift.device_z_report, server=z_figures(z_report(shift=shift)))
    if found != shift.z_differences:
        shift.z_differences = found
        shift.save(update_fields=["z_differences"])
    return shift
