"""The online sale through the API, step by step, as a storefront would drive it (tests/api)."""

from payments.models import Payment
from payments.services import payment_confirm_test_card
from tests.api.conftest import gid

CHECKOUT_FIELDS = """
fragment CheckoutFields on Checkout {
  id token status email phone quantity isAvailable reservedUntil
  lines {
    id quantity quantityAvailable isAvailable variant { sku }
    unitPrice { amountFen } totalPrice { amountFen }
  }
  subtotalPrice { amountFen } shippingPrice { amountFen } totalPrice { amountFen currency }
  delivery {
    method recipientName shippingAddress
    shippingRegion { code price { amountFen } } pickupCart { code }
  }
  payment { paymentIntentId amount { amountFen } status }
  order { number }
}
"""

ORDER_FIELDS = """
fragment OrderFields on Order {
  id number token channel status email phone
  lines {
    id sku productName variantName quantity unitPrice { amountFen } totalPrice { amountFen }
    quantityRefunded refunded { amountFen }
  }
  subtotal { amountFen } shippingPrice { amountFen } total { amountFen } refunded { amountFen }
  delivery { method recipientName shippingAddress shippingRegion { code } pickupCart { code } }
  fulfilmentStatus trackingNumber
  refunds { amount { amountFen } reason }
}
"""

CHECKOUT_CREATE = (
    """
mutation Create($input: CheckoutCreateInput!) {
  checkoutCreate(input: $input) { checkout { ...CheckoutFields } errors { field code message } }
}
"""
    + CHECKOUT_FIELDS
)

CHECKOUT_LINES_ADD = (
    """
mutation Add($token: UUID!, $lines: [CheckoutLineInput!]!) {
  checkoutLinesAdd(token: $token, lines: $lines) {
    checkout { ...CheckoutFields }
    errors { field code message }
  }
}
"""
    + CHECKOUT_FIELDS
)

CHECKOUT_LINES_UPDATE = (
    """
mutation Update($token: UUID!, $lines: [CheckoutLineUpdateInput!]!) {
  checkoutLinesUpdate(token: $token, lines: $lines) {
    checkout { ...CheckoutFields }
    errors { field code message }
  }
}
"""
    + CHECKOUT_FIELDS
)

CHECKOUT_DELIVERY_UPDATE = (
    """
mutation Delivery($token: UUID!, $input: CheckoutDeliveryInput!) {
  checkoutDeliveryUpdate(token: $token, input: $input) {
    checkout { ...CheckoutFields }
    errors { field code message }
  }
}
"""
    + CHECKOUT_FIELDS
)

CHECKOUT_PAYMENT_CREATE = (
    """
mutation Pay($token: UUID!) {
  checkoutPaymentCreate(token: $token) {
    checkout { ...CheckoutFields }
    payment { id paymentIntentId clientSecret amount { amountFen currency } status }
    errors { field code message }
  }
}
"""
    + CHECKOUT_FIELDS
)

CHECKOUT_COMPLETE = (
    """
mutation Complete($token: UUID!) {
  checkoutComplete(token: $token) {
    checkout { status order { number } }
    order { ...OrderFields }
    errors { field code message }
  }
}
"""
    + ORDER_FIELDS
)

CHECKOUT_QUERY = (
    "query Checkout($token: UUID!) { checkout(token: $token) { ...CheckoutFields } }" + CHECKOUT_FIELDS
)

ORDER_BY_TOKEN = "query Order($token: UUID) { order(token: $token) { ...OrderFields } }" + ORDER_FIELDS
ORDER_BY_ID = "query Order($id: ID) { order(id: $id) { ...OrderFields } }" + ORDER_FIELDS

ORDER_FULFILL = (
    """
mutation Fulfill($id: ID!, $trackingNumber: String) {
  orderFulfill(id: $id, trackingNumber: $trackingNumber) {
    order { ...OrderFields }
    errors { field code message }
  }
}
"""
    + ORDER_FIELDS
)

ORDER_REFUND = (
    """
mutation Refund($id: ID!, $lines: [OrderRefundLineInput!], $reason: String) {
  orderRefund(id: $id, lines: $lines, reason: $reason) {
    order { ...OrderFields }
    refund { id reference amount { amountFen } reason }
    errors { field code message }
  }
}
"""
    + ORDER_FIELDS
)

CONTACT = {"email": "tourist@example.com", "phone": "13900000000"}


def shipping(region) -> dict:
    return {
        "method": "SHIPPING",
        "shippingRegion": gid("ShippingRegion", region),
        "recipientName": "李华",
        "shippingAddress": "青海省西宁市城西区 1 号",
    }


def create_checkout(gql, lines, **contact) -> dict:
    """checkoutCreate with these (variant, quantity) pairs; answers the checkout (asserts no errors)."""
    variables = {
        "input": {
            "lines": [{"variantId": gid("ProductVariant", variant), "quantity": n} for variant, n in lines],
            **(contact or CONTACT),
        }
    }
    payload = gql(CHECKOUT_CREATE, variables)["data"]["checkoutCreate"]
    assert payload["errors"] == []
    return payload["checkout"]


def pay(gql, token: str, card: str = "pm_card_visa") -> dict:
    """checkoutPaymentCreate, then the card confirmed as Stripe.js would in the browser."""
    payload = gql(CHECKOUT_PAYMENT_CREATE, {"token": token})["data"]["checkoutPaymentCreate"]
    assert payload["errors"] == []
    payment = Payment.objects.get(provider_reference=payload["payment"]["paymentIntentId"])
    payment_confirm_test_card(payment=payment, payment_method=card)
    return payload


def paid_order(gql, lines, delivery: dict) -> dict:
    """An order bought through the API: create, delivery, payment, test card, complete."""
    checkout = create_checkout(gql, lines)
    payload = gql(CHECKOUT_DELIVERY_UPDATE, {"token": checkout["token"], "input": delivery})
    assert payload["data"]["checkoutDeliveryUpdate"]["errors"] == []
    pay(gql, checkout["token"])
    completed = gql(CHECKOUT_COMPLETE, {"token": checkout["token"]})["data"]["checkoutComplete"]
    assert completed["errors"] == []
    return completed["order"]
