"""What every provider does, in one shape (payments.providers)."""

import abc
import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import import_module

from django.db.models import TextChoices

from payments.errors import PaymentUnavailable
from payments.models import Payment, Provider


class Scene(TextChoices):
    """Where the tourist pays, which decides how (payments.providers' create)."""

    CARD = "card"  # Stripe's card form, in any browser
    H5 = "h5"  # a phone's browser: WeChat Pay H5, Alipay wap.pay (a redirect to the wallet)
    NATIVE = "native"  # a desktop: a QR code the phone scans (WeChat Pay Native, Alipay page.pay)
    JSAPI = "jsapi"  # inside WeChat's own browser, with an official account's appid
    # A QR code for the amount shown by the seller (the cart's tablet): Alipay's precreate. WeChat Pay's
    # Native is that already (the tablet asks it with NATIVE).
    MERCHANT_QR = "merchant_qr"


@dataclass(frozen=True)
class Created:
    """A payment made at the provider: its reference and the tourist's next step."""

    provider_reference: str
    next_step: str  # NextStep
    next_step_value: str = ""
    client_secret: str = ""
    status: str = Payment.Status.CREATED
    methods: Sequence[str] = ()


@dataclass(frozen=True)
class ProviderState:
    """What the provider says of one payment (a query's answer or a notification's content)."""

    provider_reference: str
    amount_fen: int | None
    currency: str
    status: str  # Payment.Status
    failure_code: str = ""


@dataclass(frozen=True)
class NotificationReceived:
    """A verified (and decrypted) notification: its id, its content as received, and the payment's
    state it reports (None for a notification about something else, e.g. a refund)."""

    notification_id: str
    payload: Mapping
    state: ProviderState | None = None
    extra: Mapping = field(default_factory=dict)


@dataclass(frozen=True)
class BillLine:
    """One line of a provider's daily bill: a payment that succeeded that day, or a refund made that
    day. amount_fen is the payment's amount or the refund's; fee_fen the provider's fee on it as
    billed (negative for a refund: returned), None where the bill does not say."""

    provider_reference: str  # our out_trade_no
    is_refund: bool
    amount_fen: int
    fee_fen: int | None = None
    refund_reference: str = ""  # the refund's number at the provider (ours where it keeps ours)
    at: datetime.datetime | None = None


class PaymentProvider(abc.ABC):
    name: str  # Provider

    @abc.abstractmethod
    def available(self) -> bool:
        """Payments can be taken: settings complete (a fake only where allowed)."""

    @abc.abstractmethod
    def scenes(self) -> tuple[str, ...]:
        """The scenes this provider serves as configured."""

    @abc.abstractmethod
    def create(
        self,
        *,
        reference: str,
        out_trade_no: str,
        amount_fen: int,
        description: str,
        scene: str,
        email: str = "",
        methods: Sequence[str] | None = None,
        client_ip: str = "",
        openid: str = "",
    ) -> Created:
        """Make the payment at the provider (raises PaymentProviderError, ValidationFailed)."""

    @abc.abstractmethod
    def query(self, *, payment: Payment) -> ProviderState:
        """Ask the provider for the payment's state (a notification that never came)."""

    @abc.abstractmethod
    def cancel(self, *, payment: Payment) -> ProviderState:
        """Close an unpaid payment; one found paid meanwhile answers its paid state."""

    @abc.abstractmethod
    def refund(self, *, payment: Payment, amount_fen: int, reason: str, key: str) -> str:
        """Refund amount_fen (checked by us first); the provider's refund id. key: idempotency."""

    @abc.abstractmethod
    def fee(self, *, payment: Payment) -> int:
        """The provider's fee on a paid payment, in fen."""


class WalletProvider(PaymentProvider):
    """A wallet (WeChat Pay, Alipay): it tells of a payment by a signed notification to our endpoint
    and publishes a daily bill. (Stripe tells through its webhooks, payments.webhooks, and has no
    bill to reconcile here.)"""

    @abc.abstractmethod
    def bill(self, *, day: datetime.date) -> list[BillLine]:
        """The provider's daily bill for day (a business date), as lines; [] when it has none
        (nothing happened that day). Raises PaymentProviderError."""

    @abc.abstractmethod
    def notification_parse(self, *, headers: Mapping[str, str], body: bytes) -> NotificationReceived:
        """Verify and read a signed notification (raises WebhookSignatureInvalid)."""


_MODULES = {
    Provider.STRIPE: "payments.providers.stripe",
    Provider.WECHAT_PAY: "payments.providers.wechat_pay",
    Provider.ALIPAY: "payments.providers.alipay",
}


@cache
def _provider(name: str) -> PaymentProvider:
    return import_module(_MODULES[Provider(name)]).provider


def wallet_get(name: str) -> WalletProvider:
    """provider_get for a wallet's notification or bill; PaymentUnavailable for any other name."""
    provider = provider_get(name)
    if not isinstance(provider, WalletProvider):
        raise PaymentUnavailable()
    return provider


def provider_get(name: str) -> PaymentProvider:
    """The provider called name (a Provider value); PaymentUnavailable for an unknown one."""
    if name not in _MODULES:
        raise PaymentUnavailable()
    return _provider(name)


def providers_available() -> list[str]:
    """The providers that take payments here, in the order the checkout offers them by default."""
    return [name for name in _MODULES if provider_get(name).available()]
