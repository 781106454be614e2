import gc
from contextlib import contextmanager

import graphene

from api.core.mutations import BaseMutation
from api.core.nodes import pk_from_id
from api.core.permissions import require_cart_operator
from api.pos.inputs import PosSyncInput
from api.pos.text import storable
from api.pos.types import PosSyncResult, Shift, result_dict
from carts.models import Cart
from carts.services import RefundDraft, SaleDraft, SaleLineDraft, pos_sync
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
        shift_ids = {}
        results = pos_sync(
            cart=cart,
            device_id=input.device_id,
            sales=[_sale(sale, shift_ids) for sale in input.sales],
            refunds=[_refund(refund) for refund in refunds],
            actor=info.context.user,
        )
        return cls(results=[result_dict(result) for result in results])

    @classmethod
    def mutate(cls, root, info, **data):
        with _collector_paused():
            payload = super().mutate(root, info, **data)
        if payload.results is None:
            payload.results = []  # a refused batch still answers the non-null list
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
    )


_UNDECODED = object()


def _refund(refund) -> RefundDraft:
    return RefundDraft(
        client_uuid=refund.client_uuid,
        sale_uuid=refund.sale_uuid,
        shift_id=pk_from_id(refund.shift, Shift),
        device_time=refund.device_time,
        reason=refund.reason,
    )
