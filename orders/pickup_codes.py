"""The pickup code of an online order to collect at a cart, and what its order QR code says.

The code is six digits derived from the order's secret token with the site's key (no column to fill,
so every paid order has one): the tourist reads it on her order page, the cart's tablet asks for it
before handing the pieces over. The QR code on her page names only the order number (it is shown at
the cart; it must not unlock the order page, which shows the code).
"""

import hashlib

from django.utils.crypto import constant_time_compare, salted_hmac

PICKUP_CODE_DIGITS = 6
ORDER_QR_PREFIX = "GONGFANG-ORDER:"


def order_pickup_code(*, order) -> str:
    """Six digits; an order without a token (a cart sale) has none."""
    if not order.token:
        return ""
    digest = salted_hmac("orders.pickup_code", str(order.token), algorithm="sha256").hexdigest()
    return str(int(digest[:12], 16) % 10**PICKUP_CODE_DIGITS).zfill(PICKUP_CODE_DIGITS)


def order_pickup_code_matches(*, order, code: str) -> bool:
    expected = order_pickup_code(order=order)
    return bool(expected) and constant_time_compare(expected, (code or "").strip())


def order_pickup_code_digest(*, order) -> str:
    """What the tablet keeps to check a code offline: SHA-256 of "<number>:<code>" in hex. The
    cart's operator holds the pieces anyway; the check guards the tourist against a mistake or a
    stranger at the counter, not against the operator."""
    return hashlib.sha256(f"{order.number}:{order_pickup_code(order=order)}".encode()).hexdigest()


def order_qr_text(*, order) -> str:
    return f"{ORDER_QR_PREFIX}{order.number}"
