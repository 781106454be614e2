"""The one place that builds a Stripe client.

A secret key without an API base means real Stripe. Without a key, or with STRIPE_API_BASE set,
it is a localstripe: the demo's on http://127.0.0.1:8420 unless STRIPE_API_BASE says otherwise.
"""

from functools import lru_cache

import requests
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


def get_client() -> stripe.StripeClient:
    return _client(settings.STRIPE_SECRET_KEY or LOCALSTRIPE_KEY, api_base())


@lru_cache(maxsize=8)
def _client(secret_key: str, base: str) -> stripe.StripeClient:
    http_client = _RequestsClient(base)
    if base == stripe.DEFAULT_API_BASE:
        # Real Stripe: retried requests carry an idempotency key stripe-python adds itself.
        return stripe.StripeClient(secret_key, http_client=http_client, max_network_retries=2)
    # localstripe ignores idempotency keys, so a retried POST could act twice: never retry.
    return stripe.StripeClient(
        secret_key, http_client=http_client, base_addresses={"api": base}, max_network_retries=0
    )


class _RequestsClient(stripe.RequestsClient):
    """stripe-python's own requests client, with the proxy settings (HTTPS_PROXY, NO_PROXY) for the
    API's address read from the environment once, here: a requests session that trusts the
    environment reads them again on every request, a fifth of a Stripe call's CPU. (stripe-python
    sets the CA bundle itself, so the environment has nothing else to give.)"""

    def __init__(self, base: str):
        proxies = requests.utils.get_environ_proxies(base)
        wanted = {scheme: proxies[scheme] for scheme in ("http", "https") if scheme in proxies}
        super().__init__(proxy=wanted or None)

    # RequestsClient makes one session a thread from `_session` (when it is None, requests.Session()).
    @property
    def _session(self) -> requests.Session:
        session = requests.Session()
        session.trust_env = False
        return session

    @_session.setter
    def _session(self, value) -> None:
        pass


def client_api_base(client: stripe.StripeClient) -> str:
    """The API address a built client really sends to (for tests that must stay on loopback)."""
    return client._requestor._options.base_addresses["api"]
