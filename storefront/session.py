"""What the storefront keeps in the tourist's session: her basket's token and where she came from.

Attribution (docs/checkout.md): a scan of a cart's QR code keeps the cart's location and its operator
then for 30 days; a campaign link keeps the campaign (and its cart). Checkouts made in the session
carry them.
"""

import datetime
from dataclasses import dataclass

from django.utils import timezone

CHECKOUT_KEY = "storefront_checkout"
ATTRIBUTION_KEY = "storefront_attribution"
ATTRIBUTION_DAYS = 30


@dataclass(frozen=True)
class Attribution:
    location_id: int | None = None
    operator_user_id: int | None = None
    campaign_id: int | None = None


def checkout_token(session) -> str | None:
    return session.get(CHECKOUT_KEY)


def checkout_token_set(session, token) -> None:
    session[CHECKOUT_KEY] = str(token)


def checkout_token_clear(session) -> None:
    session.pop(CHECKOUT_KEY, None)


def attribution(session, *, now=None) -> Attribution:
    """What the session remembers, or an empty Attribution once 30 days have passed."""
    data = session.get(ATTRIBUTION_KEY)
    if not data:
        return Attribution()
    now = now or timezone.now()
    if datetime.datetime.fromisoformat(data["until"]) < now:
        return Attribution()
    return Attribution(
        location_id=data.get("location_id"),
        operator_user_id=data.get("operator_user_id"),
        campaign_id=data.get("campaign_id"),
    )


def attribution_remember(session, *, location_id=None, operator_user_id=None, campaign_id=None, now=None):
    """Keep this scan (a cart) or link (a campaign) for 30 days; a cart scan keeps an earlier
    campaign, a campaign without a cart keeps the cart scanned before."""
    now = now or timezone.now()
    before = attribution(session, now=now)
    if location_id is None:
        location_id, operator_user_id = before.location_id, before.operator_user_id
    if campaign_id is None:
        campaign_id = before.campaign_id
    session[ATTRIBUTION_KEY] = {
        "location_id": location_id,
        "operator_user_id": operator_user_id,
        "campaign_id": campaign_id,
        "until": (now + datetime.timedelta(days=ATTRIBUTION_DAYS)).isoformat(),
    }
    if session.get_expiry_age() < ATTRIBUTION_DAYS * 86400:
        session.set_expiry(datetime.timedelta(days=ATTRIBUTION_DAYS))
    return attribution(session, now=now)


WECHAT_OPENID_KEY = "storefront_wechat_openid"
WECHAT_OAUTH_KEY = "storefront_wechat_oauth"


def wechat_openid(session) -> str:
    """The tourist's openid at the official account (JSAPI payments inside WeChat), once known."""
    return session.get(WECHAT_OPENID_KEY, "")


def wechat_openid_set(session, openid: str) -> None:
    session[WECHAT_OPENID_KEY] = openid
