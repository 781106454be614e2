"""The one place that builds a Stripe client.

A secret key without an API base means real Stripe. Without a key, or with STRIPE_API_BASE set,
it is a localstripe: the demo's on http://127.0.0.1:8420 unless STRIPE_API_BASE says otherwise.
A localstripe takes payments only where LOCALSTRIPE_ALLOWED (DEBUG, the demo, the tests): in
production without a real Stripe key online payment is unavailable (payments_available), never fake.

Requests go through stripe-python's own requests client. Certificates are checked against
`stripe.ca_bundle_path` (stripe-python's setting; its own bundle unless changed), proxies come from
the environment (HTTPS_PROXY, NO_PROXY) as with any requests session.
"""

from functools import lru_cache

import stripe
from django.conf import settings

LOCALSTRIPE_KEY = "sk_test_local"
LOCALSTRIPE_DEFAULT_BASE = "http://127.0.0.1:8420"


def api_base() -> str:
    """Where requests go: STRIPE_API_BASE, else real Stripe with a key, else the demo's localstripe."""
    if settings.STRIPE_API_BASE:
        return settings.STRIPE_API_BASE.rstrip("/")
    return stripe.DEFAULT_API_BASE if settings.STRIPE_SECRET_KEY else LOCALSTRIPE_DEFAULT_BASE


def is_real_stripe() -> bool:
    return api_base() == stripe.DEFAULT_API_BASE


def payments_available() -> bool:
    """Online payment can be taken: real Stripe with a secret key, or a localstripe where allowed."""
    if is_real_stripe():
        return bool(settings.STRIPE_SECRET_KEY)
    return settings.LOCALSTRIPE_ALLOWED


def is_live_key() -> bool:
    return settings.STRIPE_SECRET_KEY.startswith(("sk_live_", "rk_live_"))


def client_options(base: str) -> dict:
    """StripeClient's options for an API address. Real Stripe: two retries, each carrying the
    idempotency key stripe-python adds. localstripe ignores idempotency keys, so a retried POST
    could act twice: never retry."""
    if base == stripe.DEFAULT_API_BASE:
        return {"max_network_retries": 2}
    return {"base_addresses": {"api": base}, "max_network_retries": 0}


def get_client() -> stripe.StripeClient:
    return _client(settings.STRIPE_SECRET_KEY or LOCALSTRIPE_KEY, api_base())


@lru_cache(maxsize=8)
def _client(secret_key: str, base: str) -> stripe.StripeClient:
    # Built once per key and address: RequestsClient keeps a requests session (its connection
    # pool) per thread and reuses it for every call, so the connection to Stripe stays open.
    return stripe.StripeClient(secret_key, http_client=stripe.RequestsClient(), **client_options(base))
