"""The one place that builds a Stripe client.

A secret key without an API base means real Stripe. Without a key, or with STRIPE_API_BASE set,
it is a localstripe: the demo's on http://127.0.0.1:8420 unless STRIPE_API_BASE says otherwise.
A localstripe takes payments only where LOCALSTRIPE_ALLOWED (DEBUG, the demo, the tests): in
production without a real Stripe key online payment is unavailable (payments_available), never fake.
"""

import http.client
import io
import select
import ssl
import urllib.parse
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


def payments_available() -> bool:
    """Online payment can be taken: real Stripe with a secret key, or a localstripe where allowed."""
    if is_real_stripe():
        return bool(settings.STRIPE_SECRET_KEY)
    return settings.LOCALSTRIPE_ALLOWED


def is_live_key() -> bool:
    return settings.STRIPE_SECRET_KEY.startswith(("sk_live_", "rk_live_"))


def get_client() -> stripe.StripeClient:
    return _client(settings.STRIPE_SECRET_KEY or LOCALSTRIPE_KEY, api_base())


@lru_cache(maxsize=8)
def _client(secret_key: str, base: str) -> stripe.StripeClient:
    proxies = requests.utils.get_environ_proxies(base)
    wanted = {scheme: proxies[scheme] for scheme in ("http", "https") if scheme in proxies}
    # Through a proxy, requests' client (which speaks to proxies); else a plain keep-alive one.
    http_client = _RequestsClient(wanted) if wanted else _KeepAliveClient()
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

    def __init__(self, proxy: dict):
        super().__init__(proxy=proxy or None)

    # RequestsClient makes one session a thread from `_session` (when it is None, requests.Session()).
    @property
    def _session(self) -> requests.Session:
        session = requests.Session()
        session.trust_env = False
        return session

    @_session.setter
    def _session(self, value) -> None:
        pass


class _KeepAliveClient(stripe.HTTPClient):
    """stripe-python's HTTP client over http.client: one kept-alive connection a thread and host,
    certificates checked against stripe-python's CA bundle as its own clients do. requests and
    urllib3 cost several times the CPU of the call itself, and a checkout makes two a flow. A
    connection the server has closed meanwhile is noticed before it is reused (as urllib3 does),
    so a request is never sent twice; a failed request is an APIConnectionError (retried by
    stripe-python where it retries: real Stripe, with its idempotency keys)."""

    name = "http.client"
    TIMEOUT_SECONDS = 80  # stripe-python's default for its clients

    def __init__(self):
        super().__init__(verify_ssl_certs=True)
        self._ssl_context = None

    def request(self, method, url, headers, post_data=None, *, _usage=None):
        return self._request(method, url, headers, post_data)

    def request_stream(self, method, url, headers, post_data=None, *, _usage=None):
        content, status, answer_headers = self._request(method, url, headers, post_data)
        return io.BytesIO(content), status, answer_headers

    def _connection(self, scheme: str, netloc: str) -> http.client.HTTPConnection:
        connections = getattr(self._thread_local, "connections", None)
        if connections is None:
            connections = self._thread_local.connections = {}
        connection = connections.get((scheme, netloc))
        if connection is not None and connection.sock is not None and _dropped(connection.sock):
            connection.close()
        if connection is None:
            if scheme == "https":
                if self._ssl_context is None:
                    self._ssl_context = ssl.create_default_context(cafile=stripe.ca_bundle_path)
                connection = http.client.HTTPSConnection(
                    netloc, timeout=self.TIMEOUT_SECONDS, context=self._ssl_context
                )
            else:
                connection = http.client.HTTPConnection(netloc, timeout=self.TIMEOUT_SECONDS)
            connections[(scheme, netloc)] = connection
        return connection

    def _request(self, method: str, url: str, headers, post_data):
        parts = urllib.parse.urlsplit(url)
        target = parts.path + (f"?{parts.query}" if parts.query else "")
        if isinstance(post_data, str):
            post_data = post_data.encode("utf-8")
        connection = self._connection(parts.scheme, parts.netloc)
        try:
            connection.request(method.upper(), target, body=post_data, headers=dict(headers or {}))
            response = connection.getresponse()
            content = response.read()
        except (OSError, http.client.HTTPException) as error:
            connection.close()
            raise stripe.APIConnectionError(
                f"Unexpected error communicating with Stripe. ({type(error).__name__}: {error})",
                should_retry=not isinstance(error, ssl.SSLCertVerificationError),
            ) from error
        if response.will_close:
            connection.close()
        return content, response.status, requests.structures.CaseInsensitiveDict(response.getheaders())

    def close(self):
        for connection in (getattr(self._thread_local, "connections", None) or {}).values():
            connection.close()
        self._thread_local.connections = {}


def _dropped(sock) -> bool:
    """The kept-alive connection was closed by the server (or has unread bytes, which an idle
    HTTP/1.1 connection never should): reconnect rather than send on it."""
    try:
        poller = select.poll()
        poller.register(sock, select.POLLIN)
        return bool(poller.poll(0))
    except (OSError, ValueError):
        return True


def client_api_base(client: stripe.StripeClient) -> str:
    """The API address a built client really sends to (for tests that must stay on loopback)."""
    return client._requestor._options.base_addresses["api"]
