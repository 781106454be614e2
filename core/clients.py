"""Who is asking: the client's IP address and a key for its device, for sign-in throttling and for the
limits on what one client may hold.

The address is REMOTE_ADDR unless CLIENT_IP_HEADER names the header the site's own proxy sets; then
only that header is read, and of an X-Forwarded-For list only the entry CLIENT_IP_PROXY_COUNT places
from the right (the one the outermost trusted proxy saw): anything to its left was written by the
client and proves nothing. A header that is missing or malformed falls back to REMOTE_ADDR.
"""

import ipaddress

from django.conf import settings
from django.utils.crypto import salted_hmac

USER_AGENT_MAX = 255


def _address(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def client_ip(request) -> str | None:
    """The client's IP address as the configured, trusted source tells it (None if there is none)."""
    remote = _address(request.META.get("REMOTE_ADDR", "") or "")
    header = settings.CLIENT_IP_HEADER
    if not header or header.upper() == "REMOTE_ADDR":  # (REMOTE_ADDR: said outright, no proxy)
        return remote
    value = request.META.get("HTTP_" + header.upper().replace("-", "_"), "")
    entries = [entry for entry in value.split(",") if entry.strip()]
    count = settings.CLIENT_IP_PROXY_COUNT
    if len(entries) < count:
        return remote
    return _address(entries[-count]) or remote


def client_user_agent(request) -> str:
    return (request.META.get("HTTP_USER_AGENT", "") or "")[:USER_AGENT_MAX]


def client_key(request) -> str:
    """A stable, keyed digest of the client (its address and user agent): enough to count what one
    client does without storing either."""
    material = f"{client_ip(request) or ''}\n{client_user_agent(request)}"
    return salted_hmac("gongfang.client", material, algorithm="sha256").hexdigest()
