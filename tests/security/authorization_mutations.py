"""The mutations' half of the authorization matrix (the vocabulary and the queries' half are in
authorization_rules.py). A refused mutation must also leave everything as it was: the test compares
authorization_world.fingerprint() before and after.

Each staff mutation asks for the model permission the admin asks for the same work; the staff roles
hold them as api/roles.py says (so the rows below are that table, seen from outside)."""

import uuid

from tests.security.authorization_rules import (
    ALLOW,
    CART_A_OPERATOR_ONLY,
    CART_B_NAMING_CART_A,
    DENY,
    PUBLIC,
    TOKEN_HOLDER,
    Case,
    cart_a,
    not_expected,
    skus,
    staff_only,
)
from tests.security.authorization_world import TOURIST_EMAIL, gid

PAYLOAD = "errors { field code message }"

# Artisans, the catalogue, online orders: the manager's work.
MANAGER_WORK = staff_only(manager=ALLOW, stock_clerk=DENY, finance=DENY)
# Stock in and out, counts and adjustments: the stock clerk's.
STOCK_WORK = staff_only(manager=DENY, stock_clerk=ALLOW, finance=DENY)
# Payout runs and confirmations: finance's.
FINANCE_WORK = staff_only(manager=DENY, stock_clerk=DENY, finance=ALLOW)


def _mutation(name: str, arguments: str, selection: str) -> str:
    """A mutation document; its variables are declared by the case's `arguments` ("$x: T!, ...")."""
    call = ", ".join(
        f"{part.split(':')[0].strip()[1:]}: {part.split(':')[0].strip()}" for part in arguments.split(",")
    )
    return f"mutation({arguments}) {{ {name}({call}) {{ {selection} {PAYLOAD} }} }}"


def _line_x(w, quantity=1):
    return [{"variant": gid("ProductVariant", w.variant_x), "quantity": quantity}]


def _pickup_hand_over(w, role):
    from orders.models import Order
    from orders.pickup_codes import order_pickup_code

    order = Order.objects.get(number=w.pickup_order["number"])
    return {
        "cart": "chaka",
        "deviceId": "TAB-A",
        "clientUuid": str(uuid.uuid5(uuid.NAMESPACE_URL, f"pickup-{role}")),
        "orderNumber": order.number,
        "pickupCode": order_pickup_code(order=order),
    }


MUTATIONS = {
    "restockTargetSet": Case(
        _mutation("restockTargetSet", "$cart: String!, $coverDays: Int!", "target { cartCode coverDays }"),
        STOCK_WORK,
        lambda w, role: {"cart": "chaka", "coverDays": 10},
        lambda data, w, role: data["target"] == {"cartCode": "chaka", "coverDays": 10} or not_expected(data),
    ),
    "tokenCreate": Case(
        'mutation { tokenCreate(email: "staff-admin", password: "staff-pass-2026") { token '
        + PAYLOAD
        + " } }",
        PUBLIC,
    ),
    "operatorTokenCreate": Case(
        'mutation { operatorTokenCreate(username: "op-a", pin: "2468") { token carts { code } '
        + PAYLOAD
        + " } }",
        PUBLIC,
        check=lambda data, w, role: data["carts"] == [{"code": "chaka"}] or not_expected(data),
    ),
    "artisanCreate": Case(
        _mutation("artisanCreate", "$input: ArtisanCreateInput!", "artisan { code }"),
        MANAGER_WORK,
        lambda w, role: {
            "input": {"code": "new-maker", "nameZh": "新手艺人", "nameLatin": "New", "county": "DULAN"}
        },
    ),
    "artisanUpdate": Case(
        _mutation("artisanUpdate", "$id: ID!, $input: ArtisanUpdateInput!", "artisan { phone }"),
        MANAGER_WORK,
        lambda w, role: {"id": gid("Artisan", w.artisan_x), "input": {"phone": "13900000009"}},
    ),
    "productCreate": Case(
        _mutation("productCreate", "$input: ProductCreateInput!", "product { slug }"),
        MANAGER_WORK,
        lambda w, role: {
            "input": {
                "slug": "new-piece",
                "nameZh": "新作品",
                "nameEn": "New piece",
                "category": gid("Category", w.category),
                "variants": [{"sku": "NEW-1", "priceFen": 100, "artisan": gid("Artisan", w.artisan_x)}],
            }
        },
    ),
    "productUpdate": Case(
        _mutation("productUpdate", "$id: ID!, $input: ProductInput!", "product { nameEn }"),
        MANAGER_WORK,
        lambda w, role: {"id": gid("Product", w.product_x), "input": {"nameEn": "Renamed"}},
    ),
    "checkoutCreate": Case(
        _mutation("checkoutCreate", "$input: CheckoutCreateInput!", "checkout { token }"),
        PUBLIC,
        lambda w, role: {
            "input": {"lines": [{"variantId": gid("ProductVariant", w.variant_x), "quantity": 1}]}
        },
    ),
    "checkoutLinesAdd": Case(
        _mutation(
            "checkoutLinesAdd",
            "$token: UUID!, $lines: [CheckoutLineInput!]!",
            "checkout { lines { variant { sku } } }",
        ),
        TOKEN_HOLDER,
        lambda w, role: {
            "token": w.held_checkout_token(role),
            "lines": [{"variantId": gid("ProductVariant", w.variant_x), "quantity": 1}],
        },
        lambda data, w, role: skus(data["checkout"]["lines"]) == ["PURSE-Y", "YAK-X"] or not_expected(data),
    ),
    "checkoutLinesUpdate": Case(
        _mutation(
            "checkoutLinesUpdate",
            "$token: UUID!, $lines: [CheckoutLineUpdateInput!]!",
            "checkout { quantity }",
        ),
        TOKEN_HOLDER,
        lambda w, role: {
            "token": w.held_checkout_token(role),
            "lines": [{"variantId": gid("ProductVariant", w.variant_y), "quantity": 2}],
        },
        lambda data, w, role: data["checkout"]["quantity"] == 2 or not_expected(data),
    ),
    "checkoutDeliveryUpdate": Case(
        _mutation(
            "checkoutDeliveryUpdate",
            "$token: UUID!, $input: CheckoutDeliveryInput!",
            "checkout { delivery { method } }",
        ),
        TOKEN_HOLDER,
        lambda w, role: {
            "token": w.held_checkout_token(role),
            "input": {"method": "PICKUP", "pickupCart": "feicui", "recipientName": "李华"},
        },
    ),
    "checkoutPaymentCreate": Case(
        _mutation("checkoutPaymentCreate", "$token: UUID!", "payment { status }"),
        TOKEN_HOLDER,
        lambda w, role: {"token": w.held_checkout_token(role, paid=True)},
    ),
    "checkoutComplete": Case(
        _mutation("checkoutComplete", "$token: UUID!", "order { email lines { sku } }"),
        TOKEN_HOLDER,
        lambda w, role: {"token": w.held_checkout_token(role, paid=True)},
        lambda data, w, role: (
            data["order"] == {"email": TOURIST_EMAIL, "lines": [{"sku": "YAK-X"}]} or not_expected(data)
        ),
    ),
    "orderFulfill": Case(
        _mutation("orderFulfill", "$id: ID!, $trackingNumber: String", "order { fulfilmentStatus }"),
        MANAGER_WORK,
        lambda w, role: {"id": w.order["id"], "trackingNumber": "SF1234567890"},
    ),
    "orderRefund": Case(
        _mutation("orderRefund", "$id: ID!, $reason: String", "refund { amount { amountFen } }"),
        MANAGER_WORK,
        lambda w, role: {"id": w.order["id"], "reason": "买家改变主意"},
    ),
    "intakeCreate": Case(
        _mutation("intakeCreate", "$input: IntakeCreateInput!", "intake { id }"),
        STOCK_WORK,
        lambda w, role: {"input": {"artisan": gid("Artisan", w.artisan_x), "lines": _line_x(w)}},
    ),
    "transferCreate": Case(
        _mutation("transferCreate", "$input: TransferCreateInput!", "transfer { id }"),
        STOCK_WORK,
        lambda w, role: {
            "input": {
                "source": gid("Location", w.base),
                "destination": gid("Location", w.cart_a.location),
                "lines": _line_x(w),
            }
        },
    ),
    "transferReceive": Case(
        _mutation(
            "transferReceive",
            "$id: ID!, $lines: [TransferReceiveLineInput!]!",
            "transfer { status destination { code } }",
        ),
        cart_a(manager=DENY, stock_clerk=ALLOW, finance=DENY),
        lambda w, role: {
            "id": gid("Transfer", w.incoming_a),
            "lines": [{"variant": gid("ProductVariant", w.variant_x), "quantityReceived": 2}],
        },
        lambda data, w, role: (
            data["transfer"] == {"status": "RECEIVED", "destination": {"code": w.cart_a.location.code}}
            or not_expected(data)
        ),
    ),
    "stockCountSubmit": Case(
        _mutation("stockCountSubmit", "$input: StockCountInput!", "stockCount { location { code } }"),
        cart_a(manager=DENY, stock_clerk=ALLOW, finance=DENY),
        lambda w, role: {
            "input": {
                "location": gid("Location", w.cart_a.location),
                "lines": [{"variant": gid("ProductVariant", w.variant_x), "counted": 3}],
            }
        },
    ),
    "stockCountSubmit(base)": Case(
        _mutation("stockCountSubmit", "$input: StockCountInput!", "stockCount { location { code } }"),
        STOCK_WORK,
        lambda w, role: {
            "input": {
                "location": gid("Location", w.base),
                "lines": [{"variant": gid("ProductVariant", w.variant_x), "counted": 1}],
            }
        },
    ),
    "stockAdjust": Case(
        _mutation("stockAdjust", "$input: StockAdjustInput!", "stock { quantity }"),
        STOCK_WORK,
        lambda w, role: {
            "input": {
                "variant": gid("ProductVariant", w.variant_x),
                "location": gid("Location", w.cart_a.location),
                "quantity": -1,
                "reason": "损坏",
            }
        },
    ),
    "shiftOpen": Case(
        _mutation("shiftOpen", "$input: ShiftOpenInput!", "shift { cart { code } }"),
        CART_A_OPERATOR_ONLY,
        lambda w, role: {"input": {"cart": "chaka", "deviceId": "TAB-A2", "openingCashFen": 10000}},
    ),
    "shiftClose": Case(
        _mutation("shiftClose", "$input: ShiftCloseInput!", "zReport { openingCashFen countedCashFen }"),
        cart_a(manager=ALLOW, stock_clerk=DENY, finance=DENY),
        lambda w, role: {"input": {"shift": gid("Shift", w.shift_a), "countedCashFen": 62800}},
        lambda data, w, role: (
            data["zReport"] == {"openingCashFen": 50000, "countedCashFen": 62800} or not_expected(data)
        ),
    ),
    "posSyncSales": Case(
        _mutation("posSyncSales", "$input: PosSyncInput!", "results { status }"),
        CART_A_OPERATOR_ONLY,
        lambda w, role: {"input": w.pos_batch(w.cart_a, w.shift_a)},
        lambda data, w, role: data["results"] == [{"status": "RECORDED"}] or not_expected(data),
    ),
    "posSyncSales(A's shift, B's cart)": Case(
        _mutation("posSyncSales", "$input: PosSyncInput!", "results { status orderNumber receiptNumber }"),
        CART_B_NAMING_CART_A,
        lambda w, role: {"input": {**w.pos_batch(w.cart_a, w.shift_a), "cart": "feicui"}},
    ),
    "posSyncSales(A's sale again, B's cart)": Case(
        _mutation("posSyncSales", "$input: PosSyncInput!", "results { status orderNumber receiptNumber }"),
        CART_B_NAMING_CART_A,
        lambda w, role: {"input": w.pos_batch(w.cart_b, w.shift_b, client_uuid=w.receipt_a)},
    ),
    "posSaleSetAside": Case(
        _mutation("posSaleSetAside", "$input: PosSaleSetAsideInput!", "recorded"),
        CART_A_OPERATOR_ONLY,
        lambda w, role: {
            "input": {
                "cart": "chaka",
                "deviceId": "TAB-A",
                "clientUuid": f"set-aside-{role}",
                "reason": "set aside: the server refused it",
                "sale": "{}",
            }
        },
        lambda data, w, role: data["recorded"] is True or not_expected(data),
    ),
    "posPickupHandOver": Case(
        _mutation("posPickupHandOver", "$input: PosPickupHandOverInput!", "orderNumber duplicate"),
        CART_A_OPERATOR_ONLY,
        lambda w, role: {"input": _pickup_hand_over(w, role)},
        lambda data, w, role: (
            data == {"orderNumber": w.pickup_order["number"], "duplicate": False, "errors": []}
            or not_expected(data)
        ),
    ),
    "posPaymentQrCreate": Case(
        _mutation(
            "posPaymentQrCreate",
            "$cart: String!, $clientUuid: String!, $amountFen: Fen!, $method: PosPaymentMethod!",
            "payment { amountFen status }",
        ),
        CART_A_OPERATOR_ONLY,
        lambda w, role: {
            "cart": "chaka",
            "clientUuid": str(uuid.uuid4()),
            "amountFen": 6600,
            "method": "WECHAT",
        },
        lambda data, w, role: (
            data["payment"] == {"amountFen": 6600, "status": "WAITING"} or not_expected(data)
        ),
    ),
    "posPaymentQrCheck": Case(
        _mutation("posPaymentQrCheck", "$cart: String!, $reference: String!", "payment { reference }"),
        CART_A_OPERATOR_ONLY,
        lambda w, role: {"cart": "chaka", "reference": w.qr_payment_a.provider_reference},
        lambda data, w, role: (
            data["payment"] == {"reference": w.qr_payment_a.provider_reference} or not_expected(data)
        ),
    ),
    "posPaymentQrCancel": Case(
        _mutation("posPaymentQrCancel", "$cart: String!, $reference: String!", "payment { status }"),
        CART_A_OPERATOR_ONLY,
        lambda w, role: {"cart": "chaka", "reference": w.qr_payment_a.provider_reference},
        lambda data, w, role: data["payment"] == {"status": "CANCELLED"} or not_expected(data),
    ),
    "posSaleApprove": Case(
        _mutation("posSaleApprove", "$id: ID!", "posSale { reviewStatus }"),
        FINANCE_WORK,
        lambda w, role: {"id": w.held_b["approve"]},
        lambda data, w, role: data["posSale"] == {"reviewStatus": "APPROVED"} or not_expected(data),
    ),
    "posSaleVoid": Case(
        _mutation("posSaleVoid", "$id: ID!, $note: String!", "posSale { reviewStatus }"),
        FINANCE_WORK,
        lambda w, role: {"id": w.held_b["void"], "note": "平板时间被改过"},
        lambda data, w, role: data["posSale"] == {"reviewStatus": "VOIDED"} or not_expected(data),
    ),
    "payoutRunCreate": Case(
        _mutation("payoutRunCreate", "$input: PayoutRunCreateInput!", "payoutRun { runDate }"),
        FINANCE_WORK,
        lambda w, role: {"input": {"runDate": "2026-03-23"}},
    ),
    "payoutRunApprove": Case(
        _mutation("payoutRunApprove", "$id: ID!", "payoutRun { approvalStatus }"),
        # ledger.approve_payoutrun: no role's group holds it (the demo's reviewer holds it alone).
        staff_only(manager=DENY, stock_clerk=DENY, finance=DENY),
        lambda w, role: {"id": gid("PayoutRun", w.payout_run)},
        lambda data, w, role: data["payoutRun"] == {"approvalStatus": "APPROVED"} or not_expected(data),
    ),
    "payoutConfirm": Case(
        _mutation("payoutConfirm", "$id: ID!", "payout { status }"),
        FINANCE_WORK,
        lambda w, role: {"id": gid("Payout", w.payout_x)},
        lambda data, w, role: data["payout"] == {"status": "PAID"} or not_expected(data),
    ),
    "payoutFail": Case(
        _mutation("payoutFail", "$id: ID!, $reason: String!", "payout { status }"),
        FINANCE_WORK,
        lambda w, role: {"id": gid("Payout", w.payout_x), "reason": "银行退回"},
        lambda data, w, role: data["payout"] == {"status": "FAILED"} or not_expected(data),
    ),
}
