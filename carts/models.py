import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.i18n import localized


class Site(models.Model):
    """A tourist scenic area where a cart stands."""

    code = models.SlugField(_("编号"), max_length=40, unique=True)
    name_zh = models.CharField(_("名称（中文）"), max_length=100)
    name_en = models.CharField(_("名称（英文）"), max_length=100)
    county_zh = models.CharField(_("所在县市"), max_length=50, blank=True)
    description_zh = models.TextField(_("介绍（中文）"), blank=True)
    description_en = models.TextField(_("介绍（英文）"), blank=True)

    class Meta:
        verbose_name = _("景区")
        verbose_name_plural = _("景区")
        ordering = ["code"]

    def __str__(self):
        return self.name_zh

    @property
    def name(self):
        return localized(self, "name")


class Cart(models.Model):
    """A mobile retail cart (零售车); its stock sits at its own location."""

    code = models.SlugField(_("编号"), max_length=40, unique=True)
    name_zh = models.CharField(_("名称（中文）"), max_length=100)
    name_en = models.CharField(_("名称（英文）"), max_length=100)
    site = models.ForeignKey(Site, verbose_name=_("景区"), on_delete=models.PROTECT, related_name="carts")
    location = models.OneToOneField(
        "inventory.Location", verbose_name=_("库位"), on_delete=models.PROTECT, related_name="cart"
    )
    is_active = models.BooleanField(_("营业中"), default=True)
    # What a tourist picking up needs, written by staff: the days and hours it stands, and where.
    opens_at = models.TimeField(_("每天开门时间"), null=True, blank=True)
    closes_at = models.TimeField(_("每天收摊时间"), null=True, blank=True)
    open_weekdays = models.CharField(
        _("营业的星期"),
        max_length=7,
        default="1234567",
        db_default="1234567",
        blank=True,
        help_text=_("数字 1（星期一）到 7（星期日），例如 123456 表示星期日不营业。"),
        validators=[
            RegexValidator(r"^1?2?3?4?5?6?7?$", _("营业的星期只能是 1 到 7 的数字，按顺序各写一次。"))
        ],
    )
    directions_zh = models.TextField(_("位置说明（中文）"), blank=True, db_default="")
    directions_en = models.TextField(_("位置说明（英文）"), blank=True, db_default="")

    class Meta:
        verbose_name = _("零售车")
        verbose_name_plural = _("零售车")
        ordering = ["code"]

    def __str__(self):
        return self.name_zh

    @property
    def name(self):
        return localized(self, "name")

    @property
    def directions(self):
        return localized(self, "directions")

    def hours_on(self, day: datetime.date) -> tuple[datetime.time, datetime.time] | None:
        """(opens, closes) on that day, or None when the cart does not stand there that day (or staff
        have not said its hours)."""
        if str(day.isoweekday()) not in self.open_weekdays or self.opens_at is None or self.closes_at is None:
            return None
        return self.opens_at, self.closes_at


class Operator(models.Model):
    """A cart operator (运营员): a user who may act on the carts assigned to her."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登录账户"),
        on_delete=models.CASCADE,
        related_name="operator",
    )
    carts = models.ManyToManyField(Cart, verbose_name=_("负责的零售车"), related_name="operators", blank=True)
    is_trainee = models.BooleanField(_("学员"), default=False)
    # The tablet's sign-in: a 4-6 digit PIN, hashed like a password (set with operator_pin_set).
    pin_hash = models.CharField(_("PIN（已加密）"), max_length=128, blank=True)

    class Meta:
        verbose_name = _("运营员")
        verbose_name_plural = _("运营员")

    def __str__(self):
        return str(self.user)


class PaymentMethod(models.TextChoices):
    """At a cart a payment is recorded, not processed: cash, the programme's merchant QR codes, or a
    card on a separate terminal."""

    CASH = "cash", _("现金")
    WECHAT = "wechat", _("微信支付")
    ALIPAY = "alipay", _("支付宝")
    CARD = "card", _("银行卡")


class Shift(models.Model):
    """One operator's session at one cart on one tablet, opened and closed with a cash count."""

    class Status(models.TextChoices):
        OPEN = "open", _("营业中")
        CLOSED = "closed", _("已交班")

    cart = models.ForeignKey(Cart, verbose_name=_("零售车"), on_delete=models.PROTECT, related_name="shifts")
    operator = models.ForeignKey(
        Operator, verbose_name=_("运营员"), on_delete=models.PROTECT, related_name="shifts"
    )
    device_id = models.CharField(_("设备"), max_length=64)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.OPEN)
    opened_at = models.DateTimeField(_("开班时间"), default=timezone.now)
    opening_cash_fen = models.PositiveIntegerField(_("开班现金（分）"))
    closed_at = models.DateTimeField(_("交班时间"), null=True, blank=True)
    counted_cash_fen = models.PositiveIntegerField(_("交班清点现金（分）"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("交班人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    note = models.CharField(_("备注"), max_length=300, blank=True)
    # A shift opened on a tablet (docs/pos.md, "Shifts made on the tablet"): its id made there, the
    # tablet's clock readings as claims, its own Z report, and where that differs from the server's.
    client_uuid = models.UUIDField(_("平板上的班次编号"), null=True, blank=True, unique=True)
    device_opened_at = models.DateTimeField(_("平板记录的开班时间"), null=True, blank=True)
    device_closed_at = models.DateTimeField(_("平板记录的交班时间"), null=True, blank=True)
    device_z_report = models.JSONField(_("平板的 Z 报表"), null=True, blank=True)
    z_differences = models.JSONField(_("Z 报表差异"), default=list, blank=True)
    flags = models.JSONField(_("标记"), default=list, blank=True)

    class Meta:
        verbose_name = _("班次")
        verbose_name_plural = _("班次")
        ordering = ["-opened_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["cart", "device_id"],
                condition=Q(status="open"),
                name="shift_one_open_per_cart_device",
            ),
            models.CheckConstraint(
                condition=Q(status="open", closed_at__isnull=True, counted_cash_fen__isnull=True)
                | Q(status="closed", closed_at__isnull=False, counted_cash_fen__isnull=False),
                name="shift_closed_with_a_count",
            ),
        ]

    def __str__(self):
        # In the carts' own time zone: "the 9 o'clock shift" is 9 o'clock in Qinghai.
        opened = timezone.localtime(self.opened_at, ZoneInfo(settings.BUSINESS_TIME_ZONE))
        return f"{self.cart} {opened:%Y-%m-%d %H:%M}"


class PosSale(models.Model):
    """A sale recorded on a tablet, once per client UUID however often it is sent; its order holds
    the lines and the stock movements."""

    class Flag(models.TextChoices):
        PRICE_MISMATCH = "price_mismatch", _("价格与当时价目不符")
        NEGATIVE_STOCK = "negative_stock", _("账面库存不足")
        SHIFT_CLOSED = "shift_closed", _("班次已交班")
        # Plausibility (docs/pos.md, "Held sales"): any flag but negative_stock holds the sale's split.
        DEVICE_TIME = "device_time_outside_shift", _("设备时间不在班次内")
        QUANTITY_OVER_STOCK = "quantity_over_stock", _("数量超出车上库存")
        DISCOUNT_OVER_POLICY = "discount_over_policy", _("折扣超出规定")
        DISCOUNT_WITHOUT_REASON = "discount_without_reason", _("大额折扣未写原因")
        # A refund's own: its sale is older than POS_REFUND_REVIEW_AFTER_DAYS (staff check it).
        OLD_SALE = "old_sale", _("退的是超过复核天数的旧销售")
        # The sale names a provider payment (the tablet's QR code) that does not hold: docs/pos.md.
        PAYMENT_UNVERIFIED = "payment_unverified", _("扫码收款未核实")

    order = models.OneToOneField(
        "orders.Order", verbose_name=_("订单"), on_delete=models.PROTECT, related_name="pos_sale"
    )
    client_uuid = models.UUIDField(_("客户端编号"), unique=True)
    device_id = models.CharField(_("设备"), max_length=64)
    shift = models.ForeignKey(
        Shift,
        verbose_name=_("班次"),
        on_delete=models.PROTECT,
        related_name="sales",
    )
    device_time = models.DateTimeField(_("销售时间（设备）"))
    receipt_number = models.CharField(_("小票号"), max_length=80)  # unique: Meta
    payment_method = models.CharField(_("付款方式"), max_length=10, choices=PaymentMethod.choices)
    amount_fen = models.PositiveIntegerField(_("金额（分）"))
    tendered_fen = models.PositiveIntegerField(_("收取现金（分）"), null=True, blank=True)
    change_fen = models.PositiveIntegerField(_("找零（分）"), default=0)
    flags = models.JSONField(_("标记"), default=list, blank=True)
    received_at = models.DateTimeField(_("同步时间"), default=timezone.now)

    class Meta:
        verbose_name = _("零售车销售")
        verbose_name_plural = _("零售车销售")
        ordering = ["-device_time", "-pk"]
        # Staff who approve or void held sales (the admin's review queue and posSaleApprove/posSaleVoid).
        permissions = [("review_possale", _("可以审核待审零售车销售"))]
        # A constraint rather than unique=True: no varchar_pattern_ops twin index, which only a
        # prefix search would read and every sale would pay for.
        constraints = [
            models.UniqueConstraint(fields=["receipt_number"], name="possale_receipt_number_unique")
        ]

    def __str__(self):
        return self.receipt_number


class PosRefund(models.Model):
    """Some pieces of a sale (or all of it) refunded at the cart; it counts in the shift it happened
    in. A sale may have several, never more of a line than it sold (its lines: PosRefundLine)."""

    class Review(models.TextChoices):
        NOT_NEEDED = "not_needed", _("无需审核")
        HELD = "held", _("待审核")
        REVIEWED = "reviewed", _("已审核")

    client_uuid = models.UUIDField(_("客户端编号"), unique=True)
    sale = models.ForeignKey(
        PosSale, verbose_name=_("原销售"), on_delete=models.PROTECT, related_name="refunds"
    )
    # The order's own refund (its lines are what the ledger posts).
    order_refund = models.OneToOneField(
        "orders.OrderRefund",
        verbose_name=_("订单退款"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="pos_refund",
    )
    shift = models.ForeignKey(Shift, verbose_name=_("班次"), on_delete=models.PROTECT, related_name="refunds")
    device_id = models.CharField(_("设备"), max_length=64)
    device_time = models.DateTimeField(_("退款时间（设备）"))
    reason = models.CharField(_("退款原因"), max_length=300, blank=True)
    amount_fen = models.PositiveIntegerField(_("金额（分）"))
    payment_method = models.CharField(_("付款方式"), max_length=10, choices=PaymentMethod.choices)
    flags = models.JSONField(_("标记"), default=list, blank=True)
    review_status = models.CharField(
        _("审核状态"),
        max_length=12,
        choices=Review.choices,
        default=Review.NOT_NEEDED,
        db_default="not_needed",
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审核人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    review_note = models.CharField(_("审核说明"), max_length=300, blank=True, db_default="")
    received_at = models.DateTimeField(_("同步时间"), default=timezone.now)

    class Meta:
        verbose_name = _("零售车退款")
        verbose_name_plural = _("零售车退款")
        ordering = ["-device_time", "-pk"]

    def __str__(self):
        return f"{self.sale} ↩"


class PosRefundLine(models.Model):
    """The pieces of one line of the sale a refund gave back, and the money for them."""

    refund = models.ForeignKey(
        PosRefund, verbose_name=_("退款"), on_delete=models.CASCADE, related_name="lines"
    )
    order_line = models.ForeignKey(
        "orders.OrderLine", verbose_name=_("订单明细"), on_delete=models.PROTECT, related_name="+"
    )
    sku = models.CharField(_("SKU"), max_length=40)
    quantity = models.PositiveIntegerField(_("数量"))
    amount_fen = models.PositiveIntegerField(_("金额（分）"))

    class Meta:
        verbose_name = _("退款明细")
        verbose_name_plural = _("退款明细")
        ordering = ["refund", "pk"]

    def __str__(self):
        return f"{self.sku} × {self.quantity}"


class PosRejectedSale(models.Model):
    """A sale a tablet sent that was rejected (malformed: a number out of range, text that is not
    valid Unicode, an unknown SKU…): not in the books, but kept for staff to see, as the tablet
    shows it to its operator. Once per cart and client UUID."""

    cart = models.ForeignKey(Cart, verbose_name=_("零售车"), on_delete=models.PROTECT, related_name="+")
    device_id = models.CharField(_("设备"), max_length=64)
    client_uuid = models.CharField(_("客户端编号"), max_length=80)  # as sent (it may be malformed)
    reason = models.CharField(_("拒收原因"), max_length=300)
    sale = models.JSONField(_("销售内容"))  # as sent, its text made storable
    received_at = models.DateTimeField(_("同步时间"), default=timezone.now)

    class Meta:
        verbose_name = _("被拒零售车销售")
        verbose_name_plural = _("被拒零售车销售")
        ordering = ["-received_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["cart", "client_uuid"], name="posrejectedsale_once_per_cart")
        ]

    def __str__(self):
        return f"{self.client_uuid}: {self.reason}"


class PosPickup(models.Model):
    """An online order handed over at its pickup cart from the tablet: once per client UUID, made on
    the tablet (a handover queued offline and sent twice is recorded once)."""

    client_uuid = models.UUIDField(_("客户端编号"), unique=True)
    order = models.OneToOneField(
        "orders.Order", verbose_name=_("订单"), on_delete=models.PROTECT, related_name="pos_pickup"
    )
    cart = models.ForeignKey(Cart, verbose_name=_("零售车"), on_delete=models.PROTECT, related_name="+")
    device_id = models.CharField(_("设备"), max_length=64)
    device_time = models.DateTimeField(_("交付时间（设备）"))
    handed_over_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("交付人"), on_delete=models.PROTECT, related_name="+"
    )
    received_at = models.DateTimeField(_("同步时间"), default=timezone.now)

    class Meta:
        verbose_name = _("零售车自提交付")
        verbose_name_plural = _("零售车自提交付")
        ordering = ["-device_time", "-pk"]

    def __str__(self):
        return f"{self.order_id} @ {self.cart_id}"
