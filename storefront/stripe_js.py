"""Which Stripe.js the payment page loads: Stripe's own with a real key, else the mock localstripe
serves at <STRIPE_API_BASE>/js.stripe.com/v3/ (docs/payments.md)."""

from django.conf import settings

from payments.stripe_client import api_base, is_real_stripe

STRIPE_JS = "https://js.stripe.com/v3/"


def stripe_js_url() -> str:
    return STRIPE_JS if is_real_stripe() else f"{api_base()}/js.stripe.com/v3/"


def card_form_enabled() -> bool:
    """Stripe.js's card form needs the publishable key of the account."""
    return bool(settings.STRIPE_PUBLISHABLE_KEY)


def offers_test_card() -> bool:
    """The server-side test card: never with a live key."""
    return not settings.STRIPE_SECRET_KEY.startswith(("sk_live_", "rk_live_"))
