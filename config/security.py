"""The Content-Security-Policy of every page: scripts only from here (and Stripe.js), the few inline
scripts we write (the tablet's import map) only with this response's nonce, nothing framing us.

Django 5.2 has no CSP of its own (6.0 adds one); this middleware is that policy in a dozen lines.
"""

import secrets
from urllib.parse import urlsplit

from payments.stripe_client import api_base, is_real_stripe, payments_available

STRIPE_FRAMES = "https://js.stripe.com https://hooks.stripe.com"


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def _policy(nonce: str) -> str:
    if is_real_stripe():
        stripe_scripts, stripe_api, stripe_frames = (
            "https://js.stripe.com",
            "https://api.stripe.com",
            STRIPE_FRAMES,
        )
    elif payments_available():  # localstripe serves its Stripe.js stand-in and its API from one origin
        stripe_scripts = stripe_api = stripe_frames = _origin(api_base())
    else:  # no payments taken: no Stripe at all
        stripe_scripts = stripe_api = ""
        stripe_frames = "'none'"
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src 'self' 'nonce-{nonce}' {stripe_scripts}".rstrip(),
            "style-src 'self' 'unsafe-inline'",  # style attributes (charts, QR sheets); no script
            "img-src 'self' data: blob:",
            "font-src 'self' data:",
            f"connect-src 'self' {stripe_api}".rstrip(),
            f"frame-src {stripe_frames}",
            "worker-src 'self'",
            "manifest-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    )


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.csp_nonce = secrets.token_urlsafe(16)
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", _policy(request.csp_nonce))
        return response
