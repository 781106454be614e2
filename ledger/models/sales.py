"""What was split: each paid sale line and each refund of it, with the parts its journal entries carry.

A SaleSplit keeps the weights it was split by and the three parts, so a refund reverses the original
split (never today's agreement) and a statement can show the sale without re-computing it.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from core.money import BASIS_POINTS_WHOLE
from ledger.models.journal import AppendOnlyModel, JournalTransaction


class Channel(models.TextChoices):
    CART = "cart", _("零售车")
    ONLINE = "online", _("网店")


def _shares_sum_to_whole(name: str):
    return models.CheckConstraint(
        condition=Q(artisan_bp__gte=0)
        & Q(operator_bp__gte=0)
        & Q(programme_bp__gte=0)
        & Q(artisan_bp=BASIS_POINTS_WHOLE - F("operator_bp") - F("programme_bp")),
        name=name,
        violation_error_message=_("三方份额之和必须为 10000 基点（全部金额）。"),
    )


class ProductAgreementOverride(models.Model):
    """Split terms for one product that win over its artisan's agreement while in force."""

    product = models.ForeignKey(
        "catalog.Product",
        verbose_name=_("商品"),
        on_delete=models.PROTECT,
        related_name="agreement_overrides",
    )
    valid_from = models.DateField(_("生效日期"))
    valid_until = models.DateField(_("截止日期（含）"), null=True, blank=True)
    artisan_bp = models.PositiveIntegerField(_("手工艺人份额（基点）"))
    operator_bp = models.PositiveIntegerField(_("运营员佣金（基点）"))
    programme_bp = models.PositiveIntegerField(_("项目基金（基点）"))
    note = models.CharField(_("备注"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("单品分账协议")
        verbose_name_plural = _("单品分账协议")
        ordering = ["product", "-valid_from"]
        constraints = [
            _shares_sum_to_whole("override_shares_sum_to_whole"),
            models.UniqueConstraint(
                fields=["product", "valid_from"], name="override_one_per_product_and_day"
            ),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=F("valid_from")),
                name="override_until_after_from",
            ),
        ]

    def __str__(self):
        return f"{self.product} {self.valid_from}: {self.artisan_bp}/{self.operator_bp}/{self.programme_bp}"

    @property
    def weights_bp(self) -> tuple[int, int, int]:
        return (self.artisan_bp, self.operator_bp, self.programme_bp)


class SaleSplit(AppendOnlyModel):
    """One paid sale line as the ledger split it: "the sale" for its refunds, release and statement.

    Its transaction is its posting batch's for the day it sold (docs/ledger.md), shared with the
    other lines of that day in the batch; its own time of sale is occurred_at here.
    """

    # Not indexed: a line is found by its reference, and a transaction's lines through its payable
    # entries (each names its split).
    transaction = models.ForeignKey(
        JournalTransaction,
        verbose_name=_("记账凭证"),
        on_delete=models.PROTECT,
        related_name="sale_splits",
        db_index=False,
    )
    reference = models.CharField(_("销售明细编号"), max_length=120)  # unique: Meta.constraints
    occurred_at = models.DateTimeField(_("销售时间"))
    available_at = models.DateTimeField(_("可付时间"))
    channel = models.CharField(_("渠道"), max_length=10, choices=Channel.choices)
    artisan = models.ForeignKey(
        "artisans.Artisan",
        verbose_name=_("手工艺人"),
        on_delete=models.PROTECT,
        related_name="sale_splits",
        db_index=False,  # nothing reads splits by artisan (statements read her payable's entries)
    )
    product = models.ForeignKey(
        "catalog.Product", verbose_name=_("商品"), on_delete=models.PROTECT, related_name="+", db_index=False
    )
    # The cart where it sold, or the cart an online sale is attributed to (its QR code).
    location = models.ForeignKey(
        "inventory.Location",
        verbose_name=_("零售车库位"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )
    operator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("运营员"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )
    quantity = models.PositiveIntegerField(_("数量"))
    paid_fen = models.PositiveBigIntegerField(_("实收（分）"))
    fee_fen = models.PositiveBigIntegerField(_("手续费（分）"), default=0)
    artisan_bp = models.PositiveIntegerField(_("手工艺人份额（基点）"))
    operator_bp = models.PositiveIntegerField(_("运营员佣金（基点）"))
    programme_bp = models.PositiveIntegerField(_("项目基金（基点）"))
    artisan_fen = models.PositiveBigIntegerField(_("手工艺人所得（分）"))
    operator_fen = models.PositiveBigIntegerField(_("运营员佣金（分）"))
    programme_fen = models.PositiveBigIntegerField(_("项目基金所得（分）"))
    # Posted held for review: her share sits on her payable with no available_at ("under review")
    # until a SaleRelease moves it (available_at above: from receipt plus the holding period).
    held = models.BooleanField(_("暂扣待审"), default=False, db_default=False)

    class Meta:
        verbose_name = _("销售分账")
        verbose_name_plural = _("销售分账")
        ordering = ["-occurred_at", "-pk"]
        constraints = [
            # A constraint rather than unique=True: no second (LIKE) index to fill for each line.
            models.UniqueConstraint(fields=["reference"], name="salesplit_reference_unique"),
            _shares_sum_to_whole("salesplit_shares_sum_to_whole"),
            models.CheckConstraint(
                condition=Q(paid_fen=F("artisan_fen") + F("operator_fen") + F("programme_fen")),
                name="salesplit_parts_sum_to_paid",
            ),
            models.CheckConstraint(condition=Q(fee_fen__lte=F("paid_fen")), name="salesplit_fee_within_paid"),
            models.CheckConstraint(condition=Q(quantity__gt=0), name="salesplit_quantity_positive"),
        ]

    def __str__(self):
        return self.reference

    @property
    def parts_fen(self) -> tuple[int, int, int]:
        return (self.artisan_fen, self.operator_fen, self.programme_fen)


class RefundSplit(AppendOnlyModel):
    """A refund (whole or part) of one sale line, reversing its split in proportion."""

    transaction = models.OneToOneField(
        JournalTransaction, verbose_name=_("记账凭证"), on_delete=models.PROTECT, related_name="refund"
    )
    sale = models.ForeignKey(
        SaleSplit, verbose_name=_("销售分账"), on_delete=models.PROTECT, related_name="refunds"
    )
    refund_reference = models.CharField(_("退款编号"), max_length=120, unique=True)
    occurred_at = models.DateTimeField(_("退款时间"))
    refunded_fen = models.PositiveBigIntegerField(_("退款金额（分）"))
    artisan_fen = models.PositiveBigIntegerField(_("手工艺人退回（分）"))
    operator_fen = models.PositiveBigIntegerField(_("运营员佣金退回（分）"))
    programme_fen = models.PositiveBigIntegerField(_("项目基金退回（分）"))

    class Meta:
        verbose_name = _("退款分账")
        verbose_name_plural = _("退款分账")
        ordering = ["-occurred_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(refunded_fen=F("artisan_fen") + F("operator_fen") + F("programme_fen")),
                name="refundsplit_parts_sum_to_refunded",
            ),
            models.CheckConstraint(condition=Q(refunded_fen__gt=0), name="refundsplit_amount_positive"),
        ]

    def __str__(self):
        return self.refund_reference

    @property
    def parts_fen(self) -> tuple[int, int, int]:
        return (self.artisan_fen, self.operator_fen, self.programme_fen)


class SaleRelease(AppendOnlyModel):
    """A held sale's share approved: what was still held moved to her payable, available from the
    split's available_at (receipt plus the holding period). No transaction when nothing was left
    (refunded while held)."""

    transaction = models.OneToOneField(
        JournalTransaction,
        verbose_name=_("记账凭证"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="release",
    )
    sale = models.OneToOneField(
        SaleSplit, verbose_name=_("销售分账"), on_delete=models.PROTECT, related_name="release"
    )
    released_at = models.DateTimeField(_("放行时间"))
    released_fen = models.PositiveBigIntegerField(_("放行金额（分）"))

    class Meta:
        verbose_name = _("审核放行")
        verbose_name_plural = _("审核放行")
        ordering = ["-released_at", "-pk"]

    def __str__(self):
        return f"{self.sale} ✓"
