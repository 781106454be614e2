"""The payment providers behind one interface (Saleor's gateway pattern): one module per provider,
each a PaymentProvider; payments.services calls them and records what they say, so the checkout and
the ledger never ask which provider took the money.

    provider = provider_get(Payment.Provider.WECHAT_PAY)
    created = provider.create(reference=..., out_trade_no=..., amount_fen=..., scene=Scene.NATIVE)
    state = provider.query(payment=payment)          # a ProviderState, recorded by payment_sync
"""

from payments.providers.base import (
    BillLine,
    Created,
    NotificationReceived,
    PaymentProvider,
    ProviderState,
    Scene,
    WalletProvider,
    provider_get,
    providers_available,
    wallet_get,
)

__all__ = [
    "BillLine",
    "Created",
    "NotificationReceived",
    "PaymentProvider",
    "ProviderState",
    "Scene",
    "provider_get",
    "providers_available",
    "WalletProvider",
    "wallet_get",
]
