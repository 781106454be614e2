import gc
from contextlib import contextmanager

import graphene

from api.core.mutations import BaseMutation
from api.core.nodes import pk_from_id
from api.core.permissions import require_cart_operator
from api.pos.inputs import PosSyncInput
from api.pos.offline_sign_ins import offline_sign_ins_revoked
from api.pos.text import storable
from api.pos.types import PosShiftSyncResult, PosSyncResult, Shift, result_dict
from carts.models import Cart
from carts.selectors import closed_shifts_with_device_z, shift_pks_by_uuid
from carts.services import (
    RefundDraft,
    RefundLineDraft,
    SaleDraft,
    SaleLineDraft,
    ShiftDraft,
    pos_sync,
    shift_z_reconcile,
    shifts_sync,
)
from carts.services.sync_types import parse_uuid
from core.errors import ValidationFailed

# A tablet sends at most 200 at a time; the limit only keeps one request from holding the cart's
# lock (and a worker) for long.
MAX_BATCH = 1000


class PosSyncSales(BaseMutation):
    """Record a tablet's queued sales (and refunds), exactly once per client UUID. Each answers on its
    own: recorded, duplicate, recorded with flags, or rejected with a reason; a malformed sale never
    fails the batch. The cart's own operator only."""

    class Arguments:
        input = PosSyncInput(required=True)

    results = graphene.List(
        graphene.NonNull(PosSyncResult),
        required=True,
        description="One per sale in the order sent, then one per refund.",
    )
    shift_results = graphene.List(
        graphene.NonNull(PosShiftSyncResult), required=True, description="One per shift, in the order sent."
    )
    offline_sign_ins_revoked = graphene.List(
        graphene.NonNull(graphene.String),
        required=True,
        description="Usernames of the offline sign-ins sent that the tablet must forget: her PIN "
        "changed, she was disabled or no longer works this cart, or her token expired.",
    )

    staff_only = False
    error_fields = {"device_id": "deviceId"}

    @classmethod
    def perform(cls, info, *, input):
        # The request's variables may hold a NUL (a sale with one is rejected alone): not in a query.
        code = input.cart if storable(input.cart) else None
        cart = Cart.objects.select_related("location").filter(code=code).first() if code else None
        require_cart_operator(info, cart)
        refunds = input.refunds or []
        if len(input.sales) + len(refunds) > MAX_BATCH:
            raise ValidationFailed(f"Send at most {MAX_BATCH} sales and refunds at a time.", field="sales")
        revoked = offline_sign_ins_revoked(cart=cart, sign_ins=input.offline_sign_ins)
        shift_results, closing = shifts_sync(
            cart=cart,
            device_id=input.device_id,
            drafts=[_shift(shift) for shift in input.shifts or []],
            actor=info.context.user,
        )
        # A sale or refund names a shift made on the tablet by its UUID, else by its global ID.
        shift_ids = shift_pks_by_uuid(
            cart=cart,
            uuids={ref for ref in (s["shift"] for s in (*input.sales, *refunds)) if parse_uuid(ref)},
        )
        results = pos_sync(
            cart=cart,
            device_id=input.device_id,
            sales=[_sale(sale, shift_ids) for sale in input.sales],
            refunds=[_refund(refund, shift_ids) for refund in refunds],
            actor=info.context.user,
            shifts_closing=closing,
        )
        # The server's Z report of every closed shift of the batch against the tablet's.
        touched = set(closing) | {pk for pk in shift_ids.values() if pk is not None}
        for result in shift_results:
            if result.shift is not None and result.shift.pk in touched:
                shift_z_reconcile(shift=result.shift)
        for shift in closed_shifts_with_device_z(
            cart=cart, pks=touched - {r.shift.pk for r in shift_results if r.shift}
        ):
            shift_z_reconcile(shift=shift)
        return cls(
            results=[result_dict(result) for result in results],
            shift_results=shift_results,
            offline_sign_ins_revoked=revoked,
        )

    @classmethod
    def mutate(cls, root, info, **data):
        with _collector_paused():
            payload = super().mutate(root, info, **data)
        if payload.results is None:
            payload.results = []  # a refused batch still answers the non-null lists
        if payload.shift_results is None:
            payload.shift_results = []
        if payload.offline_sign_ins_revoked is None:
            payload.offline_sign_ins_revoked = []
        return payload


@contextmanager
def _collector_paused():
    """No cyclic garbage collection while a batch is recorded (the commit and its enqueue included).

    A batch makes ~10,000 container objects, many alive until its end: the collector would run about
    ten times in it, moving them into the older generations and so setting off full collections of the
    whole process (Django, the schema), ~8 ms a batch. Paused, the first allocation afterwards runs
    one young collection, which frees the batch's cycles, so memory stays as it was. Only reference
    cycles wait, and only for the length of one request.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _sale(sale, shift_ids: dict) -> SaleDraft:
    # The input objects are dicts (api.pos.inputs._Values): read by key, optional fields with get.
    payment = sale["payment"]
    shift = sale["shift"]
    shift_id = shift_ids.get(shift, _UNDECODED)
    if shift_id is _UNDECODED:
        # Decoded here without a query (once per ID in the batch); pos_sync loads the batch's shifts
        # of this cart in one, and rejects a sale whose shift is unknown or another cart's (None
        # included).
        shift_id = shift_ids[shift] = pk_from_id(shift, Shift)
    return SaleDraft(
        client_uuid=sale["client_uuid"],
        shift_id=shift_id,
        device_time=sale["device_time"],
        receipt_number=sale["receipt_number"],
        lines=[
            SaleLineDraft(
                sku=line["sku"],
                quantity=line["quantity"],
                unit_price_fen=line["unit_price_fen"],
                discount_fen=line.get("discount_fen") or 0,
                discount_reason=line.get("discount_reason") or "",
            )
            for line in sale["lines"]
        ],
        payment_method=payment["method"].value,
        amount_fen=payment["amount_fen"],
        tendered_fen=payment.get("tendered_fen"),
        provider_reference=payment.get("provider_reference"),
    )


_UNDECODED = object()


def _refund(refund, shift_ids: dict) -> RefundDraft:
    shift_id = shift_ids[refund.shift] if refund.shift in shift_ids else pk_from_id(refund.shift, Shift)
    return RefundDraft(
        client_uuid=refund.client_uuid,
        sale_uuid=refund.sale_uuid,
        shift_id=shift_id,
        device_time=refund.device_time,
        reason=refund.reason,
        lines=None
        if refund.lines is None
        else [RefundLineDraft(sku=line.sku, quantity=line.quantity) for line in refund.lines],
    )


def _shift(shift) -> ShiftDraft:
    z = shift.z_report
    return ShiftDraft(
        client_uuid=shift.client_uuid,
        operator_username=shift.operator,
        opened_at=shift.opened_at,
        opening_cash_fen=shift.opening_cash_fen,
        closed_at=shift.closed_at,
        counted_cash_fen=shift.counted_cash_fen,
        z_report=None if z is None else _z_dict(z),
    )


def _z_dict(z) -> dict:
    """The tablet's Z report as stored: the API's names, methods in upper case."""
    figures = {
        name: z.get(key)
        for key, name in (
            ("sales_count", "salesCount"),
            ("gross_fen", "grossFen"),
            ("discount_fen", "discountFen"),
            ("net_fen", "netFen"),
            ("refunds_count", "refundsCount"),
            ("refunds_fen", "refundsFen"),
            ("opening_cash_fen", "openingCashFen"),
            ("expected_cash_fen", "expectedCashFen"),
            ("counted_cash_fen", "countedCashFen"),
            ("variance_fen", "varianceFen"),
        )
    }
    for key, name in (("totals_by_method", "totalsByMethod"), ("refunds_by_method", "refundsByMethod")):
        figures[name] = [
            {"method": row["method"].value.upper(), "amountFen": row["amount_fen"], "count": row["count"]}
            for row in z.get(key) or []
        ]
    if z.get("pieces") is not None:
        figures["pieces"] = [
            {"sku": row["sku"], "quantity": row["quantity"], "amountFen": row["amount_fen"]}
            for row in z["pieces"]
        ]
    return figures
