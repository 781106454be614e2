"""`manage.py check --deploy`: production without a real Stripe account takes no payments, and says so."""

from django.conf import settings
from django.core.checks import Tags, Warning, register

from payments.stripe_client import api_base, is_real_stripe


@register(Tags.security, deploy=True)
def stripe_configured_check(app_configs, **kwargs):
    if not is_real_stripe() or not settings.STRIPE_SECRET_KEY:
        return [
            Warning(
                "Online payment is unavailable: STRIPE_SECRET_KEY is not set, or STRIPE_API_BASE sends "
                f"requests to {api_base()} instead of Stripe. Checkout refuses to take payments.",
                hint="Set STRIPE_SECRET_KEY (and STRIPE_PUBLISHABLE_KEY, STRIPE_WEBHOOK_SECRET) and leave "
                "STRIPE_API_BASE unset; the fake Stripe (localstripe) is for DEBUG and the demo only.",
                id="payments.W001",
            )
        ]
    if not settings.STRIPE_WEBHOOK_SECRET:
        return [
            Warning(
                "STRIPE_WEBHOOK_SECRET is not set: Stripe's webhooks are refused, so a payment whose "
                "tourist closed the page is only found by the reservation expiry.",
                id="payments.W002",
            )
        ]
    return []
