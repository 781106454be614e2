"""Stripe Connect transfers to an artisan's connected account: a thin client, nothing stored here.

The ledger makes a payout's row and key first, then calls stripe_transfer_create with that key; a retry
calls stripe_transfer_find (by transfer group) before sending again, so a transfer is made once even
when the answer to the first call was lost. localstripe has no Connect: the tests run against the
Stripe-compatible fake in tests/fakes/.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field

import stripe
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from core.errors import DomainError


class ConnectUnavailable(Exception):
    """Stripe could not be reached or did not answer (network, rate limit, its own error): try again."""


class ConnectRefused(DomainError):
    """Stripe refused the transfer (unknown or closed account, bad request): retrying will not help."""

    code = "TRANSFER_REFUSED"
    default_message = _("Stripe 拒绝了这笔转账。")


@dataclass(frozen=True)
class Transfer:
    id: str
    amount_fen: int
    currency: str
    destination: str
    transfer_group: str
    metadata: dict = field(default_factory=dict)
    amount_reversed_fen: int = 0


def _client() -> stripe.StripeClient:
    base = getattr(settings, "STRIPE_API_BASE", "")
    return stripe.StripeClient(
        settings.STRIPE_SECRET_KEY or "sk_test_local",
        base_addresses={"api": base} if base else None,
        # Our own retry looks the transfer up first; the client must not resend blindly.
        max_network_retries=0,
    )


def _call(send):
    try:
        return send()
    except (stripe.APIConnectionError, stripe.RateLimitError, stripe.APIError) as error:
        raise ConnectUnavailable(str(error)) from error
    except stripe.AuthenticationError as error:
        raise ConnectUnavailable(f"Stripe rejected our key: {error}") from error
    except stripe.StripeError as error:
        message = getattr(error, "user_message", None) or str(error)
        raise ConnectRefused(message, params={"stripe_code": getattr(error, "code", None)}) from error


def _transfer(obj) -> Transfer:
    obj = obj.to_dict() if hasattr(obj, "to_dict") else obj
    return Transfer(
        id=obj["id"],
        amount_fen=int(obj["amount"]),
        currency=str(obj["currency"]).upper(),
        destination=obj.get("destination") or "",
        transfer_group=obj.get("transfer_group") or "",
        metadata=dict(obj.get("metadata") or {}),
        amount_reversed_fen=int(obj.get("amount_reversed") or 0),
    )


def stripe_transfer_create(
    *,
    amount_fen: int,
    currency: str,
    destination: str,
    idempotency_key: str,
    metadata: Mapping[str, str],
    transfer_group: str | None = None,
) -> Transfer:
    """Send amount_fen to a connected account. The transfer group defaults to the idempotency key,
    which is what stripe_transfer_find looks for."""
    params = {
        "amount": amount_fen,
        "currency": currency.lower(),
        "destination": destination,
        "transfer_group": transfer_group or idempotency_key,
        "metadata": {str(k): str(v) for k, v in metadata.items()},
    }
    obj = _call(
        lambda: _client().v1.transfers.create(params=params, options={"idempotency_key": idempotency_key})
    )
    return _transfer(obj)


def stripe_transfer_find(
    *, transfer_group: str, metadata: Mapping[str, str] | None = None
) -> Transfer | None:
    """The transfer of this group (whose metadata holds these pairs, if given), or None."""
    wanted = {str(k): str(v) for k, v in (metadata or {}).items()}
    page = _call(lambda: _client().v1.transfers.list(params={"transfer_group": transfer_group, "limit": 100}))
    for obj in page.data:
        found = _transfer(obj)
        if found.transfer_group == transfer_group and wanted.items() <= found.metadata.items():
            return found
    return None


def stripe_transfer_reverse(*, transfer_id: str, idempotency_key: str, amount_fen: int | None = None) -> int:
    """Take (part of) a transfer back from the connected account; returns the amount reversed."""
    params = {} if amount_fen is None else {"amount": amount_fen}
    obj = _call(
        lambda: _client().v1.transfers.reversals.create(
            transfer_id, params=params, options={"idempotency_key": idempotency_key}
        )
    )
    return int(obj.to_dict()["amount"])
