"""Who is told that a payment succeeded. payments sits below orders and never imports it: at start-up
orders registers its handler here (OrdersConfig.ready), and payment_sync_from_intent calls every
registered handler once, when it first records a payment's success, whoever learned of it (the
webhook, the browser's return, the test card, a cancel that found the payment made). A handler
runs inside the caller's transaction: if it raises, the caller's work rolls back with it (the
webhook answers 500 and Stripe delivers the event again).
"""

from collections.abc import Callable

PaymentSucceededHandler = Callable[..., object]  # called as handler(payment=payment)

_payment_succeeded_handlers: list[PaymentSucceededHandler] = []


def payment_succeeded_handler_register(handler: PaymentSucceededHandler) -> None:
    """Call handler(payment=...) whenever a payment's success is first recorded (once per handler,
    however often its app is made ready)."""
    if handler not in _payment_succeeded_handlers:
        _payment_succeeded_handlers.append(handler)


def payment_succeeded_handler_unregister(handler: PaymentSucceededHandler) -> None:
    if handler in _payment_succeeded_handlers:
        _payment_succeeded_handlers.remove(handler)


def payment_succeeded_handlers_call(*, payment) -> None:
    for handler in tuple(_payment_succeeded_handlers):
        handler(payment=payment)
