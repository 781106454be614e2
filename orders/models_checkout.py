"""Online buying before an order exists: checkouts (baskets), shipping regions and campaign links.

A checkout becomes an order once its payment has succeeded (orders.services.checkout). While it
waits for that payment its pieces are reserved (inventory.StockHold) until reserved_until.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.i18n import localized


class ShippingRegion(models.Model):
    """Where the programme ships to, at the flat rate staff set for it."""

    code = models.SlugField(_("代码"), max_length=40, unique=True)
    name_zh = models.CharField(_("名称（中文）"), max_length=100)
    name_en = models.CharField(_("名称（英文）"), max_length=100, blank=True)
    price_fen = models.PositiveIntegerField(_("运费（分）"))
    active = models.BooleanField(_("启用"), default=True)
    position = models.PositiveIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("配送地区")
        verbose_name_plural = _("配送地区")
        ordering = ["position", "pk"]

    def __str__(self):
        return self.name_zh

    @property
    def name(self):
        return localized(self, "name")


class Campaign(models.Model):
    """A link staff hand out (a livestream, a poster): sales that came through it are counted by it."""

    code = models.SlugField(_("代码"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=200)
    # Optional: a campaign run by a cart's operator credits that cart (and her commission).
    attributed_location = models.ForeignKey(
        "inventory.Location",
        verbose_name=_("归属零售车"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="campaigns",
    )
    active = models.BooleanField(_("启用"), default=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("推广活动")
        verbose_name_plural = _("推广活动")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.name


class Checkout(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("选购中")
        AWAITING_PAYMENT = "awaiting_payment", _("待付款")
        COMPLETED = "completed", _("已完成")
        # Paid after its reservation ran out and the pieces were gone: the payment was refunded.
        FAILED = "failed", _("未能完成")

    token = models.UUIDField(_("令牌"), default=uuid.uuid4, unique=True, editable=False)
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.OPEN)
    email = models.EmailField(_("邮箱"), blank=True)
    phone = models.CharField(_("电话"), max_length=30, blank=True)
    language = models.CharField(_("语言"), max_length=10, blank=True)
    delivery_method = models.CharField(_("交付方式"), max_length=10, blank=True)  # Order.Delivery
    shipping_region = models.ForeignKey(
        ShippingRegion, verbose_name=_("配送地区"), on_delete=models.PROTECT, null=True, blank=True
    )
    recipient_name = models.CharField(_("收件人"), max_length=100, blank=True)
    shipping_address = models.TextField(_("收货地址"), blank=True)
    pickup_location = models.ForeignKey(
        "inventory.Location",
        verbose_name=_("自提零售车"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # The cart whose QR code brought the tourist here, and its operator at the time of the scan.
    attributed_location = models.ForeignKey(
        "inventory.Location",
        verbose_name=_("归属零售车"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    attributed_operator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("提成归属"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    campaign = models.ForeignKey(
        Campaign,
        verbose_name=_("推广活动"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    reserved_until = models.DateTimeField(_("保留至"), null=True, blank=True, db_index=True)
    # A checkout holds its pieces for one reservation period from its first hold, however often it
    # is paid for again or changed; and the client that started it, for the limit of unpaid holds one
    # client may start (orders.services.checkout_holds).
    hold_started_at = models.DateTimeField(_("开始保留"), null=True, blank=True)
    hold_client = models.CharField(_("保留的客户端"), max_length=64, blank=True, editable=False)
    payment = models.OneToOneField(
        "payments.Payment",
        verbose_name=_("支付"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="checkout",
    )
    order = models.OneToOneField(
        "orders.Order",
        verbose_name=_("订单"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="checkout",
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("结算")
        verbose_name_plural = _("结算")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(order__isnull=True) | Q(status="completed"), name="checkout_order_only_completed"
            ),
        ]
        indexes = [
            models.Index(
                fields=["hold_client", "hold_started_at"],
                name="checkout_holds_by_client",
                condition=~Q(hold_client=""),
            ),
        ]

    def __str__(self):
        return str(self.token)


class CheckoutLine(models.Model):
    checkout = models.ForeignKey(
        Checkout, verbose_name=_("结算"), on_delete=models.CASCADE, related_name="lines"
    )
    variant = models.ForeignKey(
        "catalog.Variant", verbose_name=_("规格/SKU"), on_delete=models.PROTECT, related_name="+"
    )
    quantity = models.PositiveIntegerField(_("数量"))

    class Meta:
        verbose_name = _("结算明细")
        verbose_name_plural = _("结算明细")
        ordering = ["checkout", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["checkout", "variant"], name="checkoutline_one_per_variant"),
            models.CheckConstraint(condition=Q(quantity__gt=0), name="checkoutline_quantity_positive"),
        ]

    def __str__(self):
        return f"{self.variant_id} × {self.quantity}"


class OrderRefund(models.Model):
    """Money given back on an order (whole or some lines): through Stripe online, in hand at a cart."""

    order = models.ForeignKey(
        "orders.Order", verbose_name=_("订单"), on_delete=models.PROTECT, related_name="refunds"
    )
    reference = models.CharField(_("退款编号"), max_length=120, unique=True)
    amount_fen = models.PositiveIntegerField(_("金额（分）"))
    reason = models.CharField(_("原因"), max_length=300, blank=True)
    # payments.Refund's Stripe id for an online refund; empty at a cart.
    stripe_refund_id = models.CharField(_("Stripe 退款"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("退款时间"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("经办人"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )
    ledger_posted_at = models.DateTimeField(_("入账时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("退款记录")
        verbose_name_plural = _("退款记录")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(
                fields=["created_at"], name="orderrefund_unposted", condition=Q(ledger_posted_at__isnull=True)
            ),
        ]

    def __str__(self):
        return self.reference


class OrderRefundLine(models.Model):
    refund = models.ForeignKey(
        OrderRefund, verbose_name=_("退款"), on_delete=models.CASCADE, related_name="lines"
    )
    order_line = models.ForeignKey(
        "orders.OrderLine", verbose_name=_("订单明细"), on_delete=models.PROTECT, related_name="refund_lines"
    )
    quantity = models.PositiveIntegerField(_("数量"))
    amount_fen = models.PositiveIntegerField(_("金额（分）"))

    class Meta:
        verbose_name = _("退款明细")
        verbose_name_plural = _("退款明细")
        ordering = ["refund", "pk"]

    def __str__(self):
        return f"{self.order_line_id} × {self.quantity}"
