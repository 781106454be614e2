"""Which Stripe.js the payment page loads: Stripe's own with a real key, else the mock localstripe
serves at <STRIPE_API_BASE>/js.stripe.com/v3/ (docs/payments.md)."""

from django.conf import settings

from payments.stripe_client import api_base, is_live_key, is_real_stripe, payments_available

STRIPE_JS = "https://js.stripe.com/v3/"


def stripe_js_url() -> str:
    return STRIPE_JS if is_real_stripe() else f"{api_base()}/js.stripe.com/v3/"


def card_form_enabled() -> bool:
    """Stripe.js's card form needs the publishable key of the account (and payments taken at all)."""
    return bool(settings.STRIPE_PUBLISHABLE_KEY) and payments_available()


def offers_test_card() -> bool:
    """The server-side test card: only where payments are taken (never the fake Stripe in
    production) and never with a live key."""
    return payments_available() and not is_live_key()
