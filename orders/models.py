"""Orders: every sale, from the online channel or from a cart, with its lines as they were sold.

A line keeps a snapshot of what was sold (SKU, names, the artisan, the list price at the time) so
that later edits of the catalogue never change a past sale.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.i18n import localized
from core.money import CURRENCY


class Order(models.Model):
    class Channel(models.TextChoices):
        ONLINE = "online", _("网店")
        CART = "cart", _("零售车")

    class Status(models.TextChoices):
        PAID = "paid", _("已付款")
        PARTIALLY_REFUNDED = "partially_refunded", _("部分退款")
        REFUNDED = "refunded", _("已退款")

    class Delivery(models.TextChoices):
        COUNTER = "counter", _("车旁交付")  # a cart sale: handed over on the spot
        SHIPPING = "shipping", _("快递")
        PICKUP = "pickup", _("零售车自提")

    class Fulfilment(models.TextChoices):
        UNFULFILLED = "unfulfilled", _("待发货")
        SHIPPED = "shipped", _("已发货")
        PICKED_UP = "picked_up", _("已自提")
        HANDED_OVER = "handed_over", _("已交付")

    number = models.CharField(_("订单号"), max_length=100)  # unique: Meta
    channel = models.CharField(_("渠道"), max_length=10, choices=Channel.choices)
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices)
    location = models.ForeignKey(
        "inventory.Location",
        verbose_name=_("出库库位"),
        on_delete=models.PROTECT,
        related_name="orders",
    )
    # The cart an online sale is credited to (its QR code was scanned), for the storefront and ledger.
    attributed_location = models.ForeignKey(
        "inventory.Location",
        verbose_name=_("归属库位"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="attributed_orders",
        db_index=False,  # partial, in Meta
    )
    currency = models.CharField(_("币种"), max_length=3, default=CURRENCY)
    subtotal_fen = models.PositiveIntegerField(_("原价合计（分）"))
    discount_fen = models.PositiveIntegerField(_("优惠（分）"), default=0)
    total_fen = models.PositiveIntegerField(_("实收（分）"))
    paid_at = models.DateTimeField(_("付款时间"), null=True, blank=True, db_index=True)
    refunded_at = models.DateTimeField(_("退款时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    needs_reconciliation = models.BooleanField(_("待核对"), default=False)
    # Whose commission the sale carries: the shift's operator at a cart; for an online sale, the
    # operator of the cart whose QR code the tourist scanned (None: the programme fund takes it).
    operator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("提成归属"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        # Nothing reads orders by operator (only deleting a user would scan for them); every cart
        # sale would pay for the index.
        db_index=False,
    )
    # Online orders only: the link in the confirmation email (/orders/<token>/).
    token = models.UUIDField(_("查询令牌"), null=True, blank=True)  # unique where set: Meta
    email = models.EmailField(_("邮箱"), blank=True, db_default="")
    phone = models.CharField(_("电话"), max_length=30, blank=True, db_default="")
    language = models.CharField(_("语言"), max_length=10, blank=True, db_default="")
    campaign = models.ForeignKey(
        "orders.Campaign",
        verbose_name=_("推广活动"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="orders",
        db_index=False,  # partial, in Meta
    )
    delivery_method = models.CharField(
        _("交付方式"), max_length=10, choices=Delivery.choices, db_default="counter"
    )
    shipping_region = models.ForeignKey(
        "orders.ShippingRegion",
        verbose_name=_("配送地区"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="orders",
        db_index=False,  # partial, in Meta
    )
    recipient_name = models.CharField(_("收件人"), max_length=100, blank=True, db_default="")
    shipping_address = models.TextField(_("收货地址"), blank=True, db_default="")
    shipping_fen = models.PositiveIntegerField(_("运费（分）"), db_default=0)
    fulfilment_status = models.CharField(
        _("交付状态"), max_length=12, choices=Fulfilment.choices, db_default="handed_over"
    )
    tracking_number = models.CharField(_("快递单号"), max_length=64, blank=True, db_default="")
    fulfilled_at = models.DateTimeField(_("交付时间"), null=True, blank=True)
    # The online payment (payments.Payment) this order was paid by; None for a cart sale.
    payment = models.OneToOneField(
        "payments.Payment",
        verbose_name=_("支付"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="order",
    )
    # Set once the split of every line is in the ledger (orders.services.posting); a sweep posts
    # what a lost task left behind.
    ledger_posted_at = models.DateTimeField(_("入账时间"), null=True, blank=True)
    # Set when the confirmation email went out (orders.services.confirmation): it is sent once.
    confirmation_sent_at = models.DateTimeField(_("确认邮件发送时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("订单")
        verbose_name_plural = _("订单")
        ordering = ["-paid_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(total_fen=F("subtotal_fen") - F("discount_fen") + F("shipping_fen")),
                name="order_total_is_subtotal_less_discount_plus_shipping",
            ),
            # Constraints rather than unique=True: no varchar_pattern_ops twin for number (nothing
            # searches it by prefix), and no entry for the token of every cart sale, which has none.
            models.UniqueConstraint(fields=["number"], name="order_number_unique"),
            models.UniqueConstraint(
                fields=["token"], name="order_token_unique", condition=Q(token__isnull=False)
            ),
        ]
        # Every cart sale is an order, so each index costs every sale an insertion. The online-only
        # keys are NULL on cart sales: their indexes hold only the rows that have one.
        indexes = [
            models.Index(
                fields=["attributed_location"],
                name="order_attributed_location",
                condition=Q(attributed_location__isnull=False),
            ),
            models.Index(fields=["campaign"], name="order_campaign", condition=Q(campaign__isnull=False)),
            models.Index(
                fields=["shipping_region"],
                name="order_shipping_region",
                condition=Q(shipping_region__isnull=False),
            ),
            models.Index(
                fields=["paid_at"], name="order_unposted", condition=Q(ledger_posted_at__isnull=True)
            ),
            # The confirmation sweep's read every five minutes: the few online orders still unsent,
            # not a scan of every cart sale.
            models.Index(
                fields=["paid_at"],
                name="order_unconfirmed",
                condition=Q(confirmation_sent_at__isnull=True, channel="online"),
            ),
        ]

    def __str__(self):
        return self.number


class OrderLine(models.Model):
    order = models.ForeignKey(Order, verbose_name=_("订单"), on_delete=models.CASCADE, related_name="lines")
    # No index: nothing reads lines by variant, and a variant is never deleted (catalog admin).
    variant = models.ForeignKey(
        "catalog.Variant",
        verbose_name=_("规格/SKU"),
        on_delete=models.PROTECT,
        related_name="order_lines",
        db_index=False,
    )
    artisan = models.ForeignKey(
        "artisans.Artisan",
        verbose_name=_("手工艺人"),
        on_delete=models.PROTECT,
        related_name="order_lines",
    )
    sku = models.CharField(_("SKU"), max_length=40)
    product_name_zh = models.CharField(_("商品（中文）"), max_length=200)
    product_name_en = models.CharField(_("商品（英文）"), max_length=200, blank=True)
    variant_name_zh = models.CharField(_("规格（中文）"), max_length=100, blank=True)
    variant_name_en = models.CharField(_("规格（英文）"), max_length=100, blank=True)
    quantity = models.PositiveIntegerField(_("数量"))
    list_price_fen = models.PositiveIntegerField(_("标价（分）"))
    unit_price_fen = models.PositiveIntegerField(_("单价（分）"))
    discount_fen = models.PositiveIntegerField(_("优惠（分）"), default=0)
    discount_reason = models.CharField(_("优惠原因"), max_length=200, blank=True)
    total_fen = models.PositiveIntegerField(_("小计（分）"))
    # Pieces of this line the books did not have at the location when it was sold (a cart sale is
    # recorded anyway): what the next count there has to explain.
    shortfall = models.PositiveIntegerField(_("账面缺货"), default=0)
    refunded_quantity = models.PositiveIntegerField(_("已退数量"), db_default=0)
    refunded_fen = models.PositiveIntegerField(_("已退金额（分）"), db_default=0)

    class Meta:
        verbose_name = _("订单明细")
        verbose_name_plural = _("订单明细")
        ordering = ["order", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="orderline_quantity_positive"),
            models.CheckConstraint(
                condition=Q(discount_fen__lte=F("unit_price_fen") * F("quantity")),
                name="orderline_discount_within_line",
            ),
            models.CheckConstraint(
                condition=Q(total_fen=F("unit_price_fen") * F("quantity") - F("discount_fen")),
                name="orderline_total_is_price_times_quantity_less_discount",
            ),
            models.CheckConstraint(
                condition=Q(shortfall__lte=F("quantity")), name="orderline_shortfall_within_line"
            ),
            models.CheckConstraint(
                condition=Q(refunded_quantity__lte=F("quantity")), name="orderline_refunded_within_quantity"
            ),
            models.CheckConstraint(
                condition=Q(refunded_fen__lte=F("total_fen")), name="orderline_refunded_within_total"
            ),
        ]

    def __str__(self):
        return f"{self.sku} × {self.quantity}"

    @property
    def product_name(self):
        return localized(self, "product_name")

    @property
    def variant_name(self):
        return localized(self, "variant_name")


from orders.models_checkout import (  # noqa: E402  (registered with the app through this module)
    Campaign,
    Checkout,
    CheckoutLine,
    OrderRefund,
    OrderRefundLine,
    ShippingRegion,
)

__all__ = [
    "Campaign",
    "Checkout",
    "CheckoutLine",
    "Order",
    "OrderLine",
    "OrderRefund",
    "OrderRefundLine",
    "ShippingRegion",
]


class OrderHold(models.Model):
    """A sale whose split is held: recorded and in the books, shown to the artisan as under review,
    never available or paid until staff approve it (or void it: reversed, the pieces back).

    Written with the sale when it is implausible (a cart sale's flags: carts.services.sync_policy);
    orders.services.order_hold_decide is the one writer of its status afterwards."""

    class Status(models.TextChoices):
        HELD = "held", _("待审核")
        APPROVED = "approved", _("已批准")
        VOIDED = "voided", _("已作废")

    order = models.OneToOneField(Order, verbose_name=_("订单"), on_delete=models.PROTECT, related_name="hold")
    status = models.CharField(_("审核状态"), max_length=10, choices=Status.choices, default=Status.HELD)
    reasons = models.JSONField(_("原因"), default=list)  # the sale's flags that hold it
    created_at = models.DateTimeField(_("暂扣时间"), default=timezone.now)
    decided_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审核人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    note = models.CharField(_("审核说明"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("暂扣审核")
        verbose_name_plural = _("暂扣审核")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["created_at"], name="orderhold_waiting", condition=Q(status="held"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="held", decided_at__isnull=True)
                | (~Q(status="held") & Q(decided_at__isnull=False)),
                name="orderhold_decided_when_not_held",
            )
        ]

    def __str__(self):
        return f"{self.order} ({self.get_status_display()})"


class LedgerOutbox(models.Model):
    """Orders and refunds whose ledger posting is owed, written in the transaction that made them.

    The Celery task enqueued after the commit drains its row; should the enqueue be lost (the broker
    down, the web worker killed after the commit), the next task and the short beat drain pick the row
    up within seconds (orders.services.posting)."""

    order_ids = models.JSONField(_("订单"), default=list)
    refund_ids = models.JSONField(_("退款"), default=list)
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)

    class Meta:
        verbose_name = _("待入账")
        verbose_name_plural = _("待入账")
        ordering = ["pk"]

    def __str__(self):
        return f"{len(self.order_ids)} / {len(self.refund_ids)}"
