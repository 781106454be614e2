"""`manage.py check --deploy`: the client's address must come from a header the site says it trusts."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def client_ip_header_check(app_configs, **kwargs):
    if settings.CLIENT_IP_HEADER:
        return []
    return [
        Warning(
            "CLIENT_IP_HEADER is not set. Behind the TLS proxy that SECURE_PROXY_SSL_HEADER expects, "
            "every client has the proxy's address: sign-in throttling and the checkout limits would "
            "treat everyone as one client.",
            hint="Set CLIENT_IP_HEADER to the header your proxy sets with the client's address "
            "(X-Forwarded-For, with CLIENT_IP_PROXY_COUNT proxies; or X-Real-IP), or to REMOTE_ADDR "
            "when nothing is in front of the web server.",
            id="accounts.W001",
        )
    ]
