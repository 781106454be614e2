"""Online payments through Stripe PaymentIntents, their refunds, and the webhook events received.

payments sits below orders: a Payment knows its order or checkout only as `reference`, a plain
string the caller chose. Amounts are integer fen.
"""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class Payment(models.Model):
    """One Stripe PaymentIntent. Its status is Stripe's, recorded by payment_sync_from_intent."""

    class Status(models.TextChoices):
        CREATED = "created", _("待支付")
        REQUIRES_ACTION = "requires_action", _("待验证")
        PROCESSING = "processing", _("处理中")
        SUCCEEDED = "succeeded", _("已支付")
        FAILED = "failed", _("支付失败")
        CANCELLED = "cancelled", _("已取消")
        REFUNDED = "refunded", _("已退款")
        PARTIALLY_REFUNDED = "partially_refunded", _("部分退款")

    # Once paid, a payment only moves on through refunds; Stripe's intent stays "succeeded".
    PAID_STATUSES = (Status.SUCCEEDED, Status.PARTIALLY_REFUNDED, Status.REFUNDED)

    reference = models.CharField(_("订单号"), max_length=64, db_index=True)
    amount_fen = models.PositiveIntegerField(_("金额（分）"))
    currency = models.CharField(_("币种"), max_length=3, default="cny")
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.CREATED)
    stripe_payment_intent_id = models.CharField(_("Stripe 支付意向"), max_length=64, unique=True)
    client_secret = models.CharField(max_length=200, blank=True)
    payment_method_types = models.JSONField(_("支付方式"), default=list)
    email = models.EmailField(_("邮箱"), blank=True)
    refunded_fen = models.PositiveIntegerField(_("已退款（分）"), default=0)
    # Stripe's fee on the charge, from its balance transaction; None until read (after success).
    fee_fen = models.PositiveIntegerField(_("手续费（分）"), null=True, blank=True)
    failure_code = models.CharField(_("失败原因"), max_length=64, blank=True)
    created = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated = models.DateTimeField(_("更新时间"), auto_now=True)
    succeeded_at = models.DateTimeField(_("支付时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("支付")
        verbose_name_plural = _("支付")
        ordering = ["-created", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount_fen__gt=0), name="payment_amount_positive"),
            models.CheckConstraint(
                condition=Q(refunded_fen__lte=F("amount_fen")), name="payment_refunded_within_amount"
            ),
        ]

    def __str__(self):
        return f"{self.reference} · {self.stripe_payment_intent_id}"

    @property
    def refundable_fen(self) -> int:
        return self.amount_fen - self.refunded_fen if self.status in self.PAID_STATUSES else 0


class Refund(models.Model):
    payment = models.ForeignKey(
        Payment, verbose_name=_("支付"), on_delete=models.PROTECT, related_name="refunds"
    )
    amount_fen = models.PositiveIntegerField(_("金额（分）"))
    stripe_refund_id = models.CharField(_("Stripe 退款"), max_length=64, unique=True)
    reason = models.CharField(_("原因"), max_length=200, blank=True)
    # Sent to Stripe as its Idempotency-Key, and unique here: localstripe ignores the header, so a
    # refund asked for twice with one key is answered from this table, never sent twice.
    idempotency_key = models.CharField(max_length=80, unique=True)
    created = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("退款")
        verbose_name_plural = _("退款")
        ordering = ["-created", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount_fen__gt=0), name="refund_amount_positive"),
        ]

    def __str__(self):
        return self.stripe_refund_id


class StripeEvent(models.Model):
    """A webhook event received from Stripe, once per event id (Stripe may deliver one twice)."""

    event_id = models.CharField(_("事件编号"), max_length=100, unique=True)
    type = models.CharField(_("事件类型"), max_length=100)
    payload = models.JSONField(_("内容"))
    created = models.DateTimeField(_("接收时间"), auto_now_add=True)
    processed_at = models.DateTimeField(_("处理时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("Stripe 事件")
        verbose_name_plural = _("Stripe 事件")
        ordering = ["-created", "-pk"]

    def __str__(self):
        return f"{self.type} {self.event_id}"
