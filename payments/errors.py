"""What payments refuses, as core domain errors, so callers never need to catch stripe's own."""

from django.utils.translation import gettext_lazy as _

from core.errors import DomainError, InvalidState, ValidationFailed


class PaymentProviderError(DomainError):
    """Stripe answered with an error (or could not be reached)."""

    code = "PAYMENT_PROVIDER_ERROR"
    default_message = _("支付服务暂时无法完成此操作，请稍后再试。")


class PaymentUnavailable(DomainError):
    """No real payment provider is configured (production without a Stripe key): nothing is taken."""

    code = "PAYMENT_UNAVAILABLE"
    default_message = _("网上付款暂不可用，请稍后再试，或到零售车购买。")


class RefundExceedsPayment(ValidationFailed):
    code = "REFUND_EXCEEDS_PAYMENT"
    field = "amount"
    default_message = _("退款金额超过了可退金额。")


class PaymentMismatch(InvalidState):
    """Stripe's intent does not match our record (other amount, currency or intent)."""

    code = "PAYMENT_MISMATCH"
    default_message = _("支付记录与 Stripe 不一致。")


class WebhookSignatureInvalid(ValidationFailed):
    code = "INVALID_SIGNATURE"
    field = "signature"
    default_message = _("Webhook 签名无效。")
