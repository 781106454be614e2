"""Online payments through the providers (payments.providers: Stripe, WeChat Pay, Alipay), their
refunds, and the signed notifications received.

payments sits below orders: a Payment knows its order or checkout only as `reference`, a plain
string the caller chose. Amounts are integer fen.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class Provider(models.TextChoices):
    STRIPE = "stripe", _("银行卡（Stripe）")
    WECHAT_PAY = "wechat_pay", _("微信支付")
    ALIPAY = "alipay", _("支付宝")


class NextStep(models.TextChoices):
    """What the tourist does next to pay (the provider's answer to a created payment)."""

    CLIENT_SECRET = "client_secret", _("在本页填写银行卡")
    REDIRECT = "redirect", _("跳转到支付页面")
    QR_CODE = "qr_code", _("扫描二维码")
    JSAPI = "jsapi", _("在微信内支付")


class Payment(models.Model):
    """One payment at one provider (a Stripe PaymentIntent, a WeChat Pay or Alipay trade). Its
    status is the provider's, recorded by payments.services.payment_sync."""

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
    provider = models.CharField(
        _("支付渠道"), max_length=20, choices=Provider.choices, default=Provider.STRIPE
    )
    # Stripe's PaymentIntent id; for WeChat Pay and Alipay our out_trade_no, which they key on.
    provider_reference = models.CharField(_("渠道单号"), max_length=64)
    client_secret = models.CharField(max_length=200, blank=True)
    next_step = models.CharField(_("下一步"), max_length=20, choices=NextStep.choices, blank=True)
    # The redirect URL, the QR code's content, or JSAPI's parameters (JSON); Stripe's is client_secret.
    next_step_value = models.TextField(blank=True)
    payment_method_types = models.JSONField(_("支付方式"), default=list)
    email = models.EmailField(_("邮箱"), blank=True)
    refunded_fen = models.PositiveIntegerField(_("已退款（分）"), default=0)
    # The provider's fee (Stripe's balance transaction, the wallets' rate); None until read.
    fee_fen = models.PositiveIntegerField(_("手续费（分）"), null=True, blank=True)
    # The fee as the provider's daily bill shows it (reconciliation); None until billed.
    billed_fee_fen = models.IntegerField(_("账单手续费（分）"), null=True, blank=True)
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
            models.UniqueConstraint(
                fields=["provider", "provider_reference"], name="payment_provider_reference"
            ),
        ]

    def __str__(self):
        return f"{self.reference} · {self.provider_reference}"

    @property
    def refundable_fen(self) -> int:
        return self.amount_fen - self.refunded_fen if self.status in self.PAID_STATUSES else 0


class Refund(models.Model):
    payment = models.ForeignKey(
        Payment, verbose_name=_("支付"), on_delete=models.PROTECT, related_name="refunds"
    )
    amount_fen = models.PositiveIntegerField(_("金额（分）"))
    # The provider's refund id (Stripe's re_…; for the wallets our out_refund_no).
    provider_refund_id = models.CharField(_("渠道退款单号"), max_length=64, unique=True)
    reason = models.CharField(_("原因"), max_length=200, blank=True)
    # Sent to the provider as its idempotency key (Stripe's Idempotency-Key, the wallets' out_refund_no
    # is derived from it), and unique here: a refund asked for twice is answered from this table.
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
        return self.provider_refund_id


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


class PaymentNotification(models.Model):
    """A signed notification from WeChat Pay or Alipay, verified, kept as received (decrypted), once
    per provider and notification id (they deliver one again until answered)."""

    provider = models.CharField(_("支付渠道"), max_length=20, choices=Provider.choices)
    notification_id = models.CharField(_("通知编号"), max_length=100)
    payment = models.ForeignKey(
        Payment, verbose_name=_("支付"), on_delete=models.PROTECT, related_name="notifications", null=True
    )
    payload = models.JSONField(_("内容"))
    created = models.DateTimeField(_("接收时间"), auto_now_add=True)
    processed_at = models.DateTimeField(_("处理时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("支付通知")
        verbose_name_plural = _("支付通知")
        ordering = ["-created", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["provider", "notification_id"], name="payment_notification_once"),
        ]

    def __str__(self):
        return f"{self.provider} {self.notification_id}"


class ProviderBill(models.Model):
    """A provider's daily bill, read and compared with our payments (payments.reconciliation)."""

    provider = models.CharField(_("支付渠道"), max_length=20, choices=Provider.choices)
    day = models.DateField(_("账单日期"))
    payments_count = models.PositiveIntegerField(_("支付笔数"), default=0)
    refunds_count = models.PositiveIntegerField(_("退款笔数"), default=0)
    mismatches_count = models.PositiveIntegerField(_("差异笔数"), default=0)
    reconciled_at = models.DateTimeField(_("对账时间"))

    class Meta:
        verbose_name = _("渠道账单")
        verbose_name_plural = _("渠道账单")
        ordering = ["-day", "provider"]
        constraints = [models.UniqueConstraint(fields=["provider", "day"], name="provider_bill_once_a_day")]

    def __str__(self):
        return f"{self.get_provider_display()} {self.day}"


class BillMismatch(models.Model):
    """Where a provider's daily bill and our records disagree, kept until a person has it checked
    (payments.reconciliation.bill_mismatch_resolve: the provider asked, the answer recorded)."""

    class Kind(models.TextChoices):
        PAID_THERE_ONLY = "paid_there_only", _("渠道已收款，本系统未记录")
        AMOUNT_DIFFERS = "amount_differs", _("金额不一致")
        REFUNDED_THERE_ONLY = "refunded_there_only", _("渠道已退款，本系统未记录")
        HERE_ONLY = "here_only", _("本系统已收款，渠道账单没有")

    provider = models.CharField(_("支付渠道"), max_length=20, choices=Provider.choices)
    day = models.DateField(_("账单日期"))
    kind = models.CharField(_("差异"), max_length=24, choices=Kind.choices)
    provider_reference = models.CharField(_("渠道单号"), max_length=64)
    payment = models.ForeignKey(
        Payment, verbose_name=_("支付"), on_delete=models.PROTECT, related_name="bill_mismatches", null=True
    )
    there_fen = models.BigIntegerField(_("渠道金额（分）"), null=True, blank=True)
    here_fen = models.BigIntegerField(_("本系统金额（分）"), null=True, blank=True)
    # The bill's refunds of the payment that day: [{"reference": ..., "amount_fen": ...}].
    bill_refunds = models.JSONField(_("账单退款"), default=list, blank=True)
    found_at = models.DateTimeField(_("发现时间"), auto_now_add=True)
    checked_at = models.DateTimeField(_("核查时间"), null=True, blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("核查人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    note = models.TextField(_("核查结果"), blank=True)
    resolved_at = models.DateTimeField(_("解决时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("对账差异")
        verbose_name_plural = _("对账差异")
        ordering = ["-day", "provider", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "day", "provider_reference", "kind"], name="bill_mismatch_once"
            )
        ]

    def __str__(self):
        return f"{self.day} {self.provider_reference} {self.get_kind_display()}"
