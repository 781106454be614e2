"""Stock: where pieces sit, and every movement that ever changed that.

Movements are append-only; StockLevel is their projection per variant and location, updated in the
same transaction by inventory.services and rebuilt from movements by `manage.py rebuild_stock`.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.i18n import localized


class Location(models.Model):
    class Kind(models.TextChoices):
        BASE = "base", _("总库")
        CART = "cart", _("零售车")

    code = models.SlugField(_("编号"), max_length=40, unique=True)
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices)
    name_zh = models.CharField(_("名称（中文）"), max_length=100)
    name_en = models.CharField(_("名称（英文）"), max_length=100)
    address_zh = models.CharField(_("地址（中文）"), max_length=200, blank=True)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("库位")
        verbose_name_plural = _("库位")
        ordering = ["kind", "code"]

    def __str__(self):
        return self.name_zh

    @property
    def name(self):
        return localized(self, "name")


class StockLevel(models.Model):
    """Projection: on hand (may go negative after an offline cart sale) and allocated to online orders."""

    variant = models.ForeignKey(
        "catalog.Variant", verbose_name=_("SKU"), on_delete=models.PROTECT, related_name="stock_levels"
    )
    location = models.ForeignKey(
        Location, verbose_name=_("库位"), on_delete=models.PROTECT, related_name="stock_levels"
    )
    quantity = models.IntegerField(_("在库"), default=0)
    allocated = models.IntegerField(_("已分配"), default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("库存")
        verbose_name_plural = _("库存")
        constraints = [
            models.UniqueConstraint(
                fields=["variant", "location"], name="stocklevel_one_per_variant_location"
            ),
            models.CheckConstraint(condition=Q(allocated__gte=0), name="stocklevel_allocated_not_negative"),
        ]

    def __str__(self):
        return f"{self.variant_id}@{self.location_id}: {self.quantity}"

    @property
    def available(self) -> int:
        return max(self.quantity - self.allocated, 0)


class StockHold(models.Model):
    """Pieces held for an online buyer at a location: counted in StockLevel.allocated until released.

    A reservation holds a waiting checkout's pieces until expires_at; an allocation holds a paid
    order's pieces until they are handed over (a sale movement) or the order is refunded. Written
    only by inventory.services.holds, under the stock row locks.
    """

    class Kind(models.TextChoices):
        RESERVATION = "reservation", _("预留")
        ALLOCATION = "allocation", _("已分配")

    location = models.ForeignKey(Location, verbose_name=_("库位"), on_delete=models.PROTECT, related_name="+")
    variant = models.ForeignKey(
        "catalog.Variant", verbose_name=_("SKU"), on_delete=models.PROTECT, related_name="stock_holds"
    )
    quantity = models.PositiveIntegerField(_("数量"))
    kind = models.CharField(_("类型"), max_length=12, choices=Kind.choices)
    # What holds it: "checkout:<token>" while reserved, "order:<number>" once allocated.
    reference = models.CharField(_("关联单号"), max_length=120, db_index=True)
    expires_at = models.DateTimeField(_("到期时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    released_at = models.DateTimeField(_("释放时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("库存占用")
        verbose_name_plural = _("库存占用")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="stockhold_quantity_positive"),
            models.CheckConstraint(
                condition=Q(kind="allocation") | Q(expires_at__isnull=False),
                name="stockhold_reservation_expires",
            ),
        ]
        indexes = [
            models.Index(
                fields=["expires_at"],
                name="stockhold_active_reservation",
                condition=Q(released_at__isnull=True, kind="reservation"),
            ),
        ]

    def __str__(self):
        return f"{self.reference}: {self.variant_id}@{self.location_id} × {self.quantity}"


class Intake(models.Model):
    """An artisan hands pieces to the programme on consignment."""

    artisan = models.ForeignKey(
        "artisans.Artisan", verbose_name=_("手工艺人"), on_delete=models.PROTECT, related_name="intakes"
    )
    location = models.ForeignKey(
        Location, verbose_name=_("入库库位"), on_delete=models.PROTECT, related_name="+"
    )
    received_at = models.DateTimeField(_("接收时间"))
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("经手人"), on_delete=models.PROTECT, related_name="+"
    )
    note = models.CharField(_("备注"), max_length=300, blank=True)
    idempotency_key = models.CharField(max_length=80, unique=True, null=True, blank=True)

    class Meta:
        verbose_name = _("寄售入库")
        verbose_name_plural = _("寄售入库")
        ordering = ["-received_at", "-pk"]

    def __str__(self):
        return f"IN-{self.pk} {self.artisan}"


class IntakeLine(models.Model):
    intake = models.ForeignKey(
        Intake, verbose_name=_("寄售入库"), on_delete=models.CASCADE, related_name="lines"
    )
    variant = models.ForeignKey(
        "catalog.Variant", verbose_name=_("SKU"), on_delete=models.PROTECT, related_name="+"
    )
    quantity = models.PositiveIntegerField(_("数量"))

    class Meta:
        verbose_name = _("入库明细")
        verbose_name_plural = _("入库明细")
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="intakeline_quantity_positive")
        ]


class Transfer(models.Model):
    """Stock sent from one location to another: it leaves on dispatch and arrives on receipt."""

    class Status(models.TextChoices):
        DISPATCHED = "dispatched", _("在途")
        RECEIVED = "received", _("已接收")

    source = models.ForeignKey(
        Location, verbose_name=_("发出库位"), on_delete=models.PROTECT, related_name="+"
    )
    destination = models.ForeignKey(
        Location, verbose_name=_("接收库位"), on_delete=models.PROTECT, related_name="incoming_transfers"
    )
    status = models.CharField(_("状态"), max_length=12, choices=Status.choices, default=Status.DISPATCHED)
    dispatched_at = models.DateTimeField(_("发出时间"))
    dispatched_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("发出人"), on_delete=models.PROTECT, related_name="+"
    )
    received_at = models.DateTimeField(_("接收时间"), null=True, blank=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("接收人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    note = models.CharField(_("备注"), max_length=300, blank=True)
    idempotency_key = models.CharField(max_length=80, unique=True, null=True, blank=True)

    class Meta:
        verbose_name = _("调拨")
        verbose_name_plural = _("调拨")
        ordering = ["-dispatched_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(source=models.F("destination")), name="transfer_not_to_itself"
            ),
        ]

    def __str__(self):
        return f"TR-{self.pk} {self.source} → {self.destination}"


class TransferLine(models.Model):
    transfer = models.ForeignKey(
        Transfer, verbose_name=_("调拨"), on_delete=models.CASCADE, related_name="lines"
    )
    variant = models.ForeignKey(
        "catalog.Variant", verbose_name=_("SKU"), on_delete=models.PROTECT, related_name="+"
    )
    quantity_sent = models.PositiveIntegerField(_("发出数量"))
    quantity_received = models.PositiveIntegerField(_("实收数量"), null=True, blank=True)
    discrepancy_note = models.CharField(_("差异说明"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("调拨明细")
        verbose_name_plural = _("调拨明细")
        constraints = [
            models.CheckConstraint(condition=Q(quantity_sent__gt=0), name="transferline_sent_positive"),
            models.UniqueConstraint(fields=["transfer", "variant"], name="transferline_one_per_variant"),
        ]

    @property
    def discrepancy(self) -> int | None:
        """Received minus sent: negative when pieces went missing on the way."""
        if self.quantity_received is None:
            return None
        return self.quantity_received - self.quantity_sent


class StockCount(models.Model):
    """A physical count at a location; submitting it turns each variance into a correcting movement."""

    location = models.ForeignKey(
        Location, verbose_name=_("库位"), on_delete=models.PROTECT, related_name="counts"
    )
    counted_at = models.DateTimeField(_("盘点时间"))
    counted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("盘点人"), on_delete=models.PROTECT, related_name="+"
    )
    note = models.CharField(_("备注"), max_length=300, blank=True)
    idempotency_key = models.CharField(max_length=80, unique=True, null=True, blank=True)

    class Meta:
        verbose_name = _("盘点")
        verbose_name_plural = _("盘点")
        ordering = ["-counted_at", "-pk"]

    def __str__(self):
        return f"CT-{self.pk} {self.location}"


class StockCountLine(models.Model):
    count = models.ForeignKey(
        StockCount, verbose_name=_("盘点"), on_delete=models.CASCADE, related_name="lines"
    )
    variant = models.ForeignKey(
        "catalog.Variant", verbose_name=_("SKU"), on_delete=models.PROTECT, related_name="+"
    )
    expected = models.IntegerField(_("账面数量"))
    counted = models.PositiveIntegerField(_("实盘数量"))

    class Meta:
        verbose_name = _("盘点明细")
        verbose_name_plural = _("盘点明细")
        constraints = [models.UniqueConstraint(fields=["count", "variant"], name="countline_one_per_variant")]

    @property
    def variance(self) -> int:
        return self.counted - self.expected


class Movement(models.Model):
    """One change to the stock of a variant at a location. Never updated or deleted."""

    class Kind(models.TextChoices):
        INTAKE = "intake", _("寄售入库")
        TRANSFER_OUT = "transfer_out", _("调出")
        TRANSFER_IN = "transfer_in", _("调入")
        SALE = "sale", _("销售")
        RETURN = "return", _("退货")
        ADJUSTMENT = "adjustment", _("调整")
        COUNT_CORRECTION = "count_correction", _("盘点差异")

    variant = models.ForeignKey(
        "catalog.Variant",
        verbose_name=_("SKU"),
        on_delete=models.PROTECT,
        related_name="movements",
        db_index=False,  # the (variant, location) index leads with it
    )
    location = models.ForeignKey(
        Location,
        verbose_name=_("库位"),
        on_delete=models.PROTECT,
        related_name="movements",
    )
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    quantity = models.IntegerField(_("数量"))
    intake = models.ForeignKey(
        Intake,
        verbose_name=_("寄售入库"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="movements",
        db_index=False,  # the partial index in Meta: only the few rows that name one
    )
    transfer = models.ForeignKey(
        Transfer,
        verbose_name=_("调拨"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="movements",
        db_index=False,  # the partial index in Meta: only the few rows that name one
    )
    count = models.ForeignKey(
        StockCount,
        verbose_name=_("盘点"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="movements",
        db_index=False,  # the partial index in Meta: only the few rows that name one
    )
    # Sales and returns come from orders, a higher layer: kept as a plain reference, not a key.
    reference = models.CharField(_("单据"), max_length=80, blank=True)
    reason = models.CharField(_("原因"), max_length=300, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        # Nothing reads movements by actor (only deleting a user would scan for them); every sale
        # row would pay for the index.
        db_index=False,
    )
    created_at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)
    idempotency_key = models.CharField(max_length=120, null=True, blank=True)  # unique: Meta

    class Meta:
        verbose_name = _("库存流水")
        verbose_name_plural = _("库存流水")
        ordering = ["-created_at", "-pk"]
        # Every sale writes a movement, so each index here costs every sale an insertion. (variant,
        # location) also serves variant alone; the documents' keys and the idempotency key are NULL
        # on sales, so their indexes hold only the rows that have one (the lookups are `= x`).
        indexes = [
            models.Index(fields=["variant", "location"]),
            models.Index(fields=["intake"], name="movement_intake", condition=Q(intake__isnull=False)),
            models.Index(fields=["transfer"], name="movement_transfer", condition=Q(transfer__isnull=False)),
            models.Index(fields=["count"], name="movement_count", condition=Q(count__isnull=False)),
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(quantity=0), name="movement_quantity_not_zero"),
            models.UniqueConstraint(
                fields=["idempotency_key"],
                name="movement_idempotency_key_unique",
                condition=Q(idempotency_key__isnull=False),
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.quantity:+d} {self.variant_id}@{self.location_id}"


from inventory.models_alerts import BackInStockSubscription  # noqa: E402,F401  (registered through this module)
