import graphene

from api.core.mutations import BaseMutation
from api.core.nodes import pk_from_id
from api.core.permissions import require_cart_operator
from api.pos.inputs import PosSyncInput
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
        cart = Cart.objects.select_related("location").filter(code=input.cart).first()
        require_cart_operator(info, cart)
        refunds = input.refunds or []
        if len(input.sales) + len(refunds) > MAX_BATCH:
            raise ValidationFailed(f"Send at most {MAX_BATCH} sales and refunds at a time.", field="sales")
        results = pos_sync(
            cart=cart,
            device_id=input.device_id,
            sales=[_sale(sale) for sale in input.sales],
            refunds=[_refund(refund) for refund in refunds],
            actor=info.context.user,
        )
        return cls(results=[result_dict(result) for result in results])

    @classmethod
    def mutate(cls, root, info, **data):
        payload = super().mutate(root, info, **data)
        if payload.results is None:
            payload.results = []  # a refused batch still answers the non-null list
        return payload


def _sale(sale) -> SaleDraft:
    payment = sale.payment
    return SaleDraft(
        client_uuid=sale.client_uuid,
        # Decoded here without a query; pos_sync loads the batch's shifts of this cart in one, and
        # rejects a sale whose shift is unknown or another cart's (None included).
        shift_id=pk_from_id(sale.shift, Shift),
        device_time=sale.device_time,
        receipt_number=sale.receipt_number,
        lines=[
            SaleLineDraft(
                sku=line.sku,
                quantity=line.quantity,
                unit_price_fen=line.unit_price_fen,
                discount_fen=line.discount_fen or 0,
                discount_reason=line.discount_reason or "",
            )
            for line in sale.lines
        ],
        payment_method=payment.method.value,
        amount_fen=payment.amount_fen,
        tendered_fen=payment.tendered_fen,
    )


def _refund(refund) -> RefundDraft:
    return RefundDraft(
        client_uuid=refund.client_uuid,
        sale_uuid=refund.sale_uuid,
        shift_id=pk_from_id(refund.shift, Shift),
        device_time=refund.device_time,
        reason=refund.reason,
    )
