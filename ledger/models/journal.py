"""The double-entry journal: accounts, transactions and their entries.

Amounts are signed integer fen: a debit is positive, a credit negative, and the entries of every
transaction sum to zero. Liability accounts (what is owed to an artisan, an operator, the programme)
therefore carry negative sums; selectors turn them into the figures people read. Transactions and
entries are append-only: nothing updates or deletes them (a mistake is fixed by a reversing
transaction), in Python here and, on PostgreSQL, by triggers (migration 0002).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class AppendOnlyError(RuntimeError):
    """Raised on any attempt to change or remove a journal row."""


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("journal rows are never updated")

    def delete(self):
        raise AppendOnlyError("journal rows are never deleted")


class AppendOnlyModel(models.Model):
    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("journal rows are never updated")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("journal rows are never deleted")


class Account(models.Model):
    """A ledger account. Per-person accounts name their artisan, operator or cart location."""

    class Kind(models.TextChoices):
        ARTISAN_PAYABLE = "artisan_payable", _("应付手工艺人")
        OPERATOR_COMMISSION = "operator_commission", _("应付运营员佣金")
        PROGRAMME_FUND = "programme_fund", _("项目基金")
        CART_CASH = "cart_cash", _("零售车收款")
        STRIPE_CLEARING = "stripe_clearing", _("Stripe 待结算")
        PAYOUTS_IN_TRANSIT = "payouts_in_transit", _("在途付款")
        BANK = "bank", _("项目银行账户")
        OFFICE_CASH = "office_cash", _("办公室现金")

    kind = models.CharField(_("类型"), max_length=30, choices=Kind.choices)
    artisan = models.ForeignKey(
        "artisans.Artisan",
        verbose_name=_("手工艺人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ledger_accounts",
    )
    operator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("运营员"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ledger_accounts",
    )
    location = models.ForeignKey(
        "inventory.Location",
        verbose_name=_("库位"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ledger_accounts",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("账户")
        verbose_name_plural = _("账户")
        ordering = ["kind", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="artisan_payable", artisan__isnull=False)
                | (~Q(kind="artisan_payable") & Q(artisan__isnull=True)),
                name="account_artisan_iff_payable",
            ),
            models.CheckConstraint(
                condition=Q(kind="operator_commission", operator__isnull=False)
                | (~Q(kind="operator_commission") & Q(operator__isnull=True)),
                name="account_operator_iff_commission",
            ),
            models.CheckConstraint(
                condition=Q(kind="cart_cash", location__isnull=False)
                | (~Q(kind="cart_cash") & Q(location__isnull=True)),
                name="account_location_iff_cart_cash",
            ),
            models.UniqueConstraint(
                fields=["artisan"], condition=Q(artisan__isnull=False), name="account_one_per_artisan"
            ),
            models.UniqueConstraint(
                fields=["operator"], condition=Q(operator__isnull=False), name="account_one_per_operator"
            ),
            models.UniqueConstraint(
                fields=["location"], condition=Q(location__isnull=False), name="account_one_per_location"
            ),
            models.UniqueConstraint(
                fields=["kind"],
                condition=Q(artisan__isnull=True, operator__isnull=True, location__isnull=True),
                name="account_one_per_shared_kind",
            ),
        ]

    def __str__(self):
        owner: models.Model | None
        if self.artisan_id:
            owner = self.artisan
        elif self.operator_id:
            owner = self.operator
        else:
            owner = self.location
        label = self.get_kind_display()
        return f"{label}：{owner}" if owner else str(label)


class JournalTransaction(AppendOnlyModel):
    """One business event in the journal; its entries sum to zero.

    Sales are posted per batch and day (docs/ledger.md): one transaction for the sale lines of one
    local day in one posting batch, at the latest sale time of that day in the batch, with the shared
    accounts summed and one payable entry per line naming its split. Posted before that change, a
    sale transaction holds one line (its reference and the split's are the same).
    """

    class Kind(models.TextChoices):
        SALE = "sale", _("销售")
        REFUND = "refund", _("退款")
        PAYOUT = "payout", _("付款")
        PAYOUT_PAID = "payout_paid", _("付款已付出")
        PAYOUT_FAILED = "payout_failed", _("付款失败退回")
        ADJUSTMENT = "adjustment", _("调整")
        # A held sale's share approved: it moves from "under review" to her payable (nets to zero).
        RELEASE = "release", _("审核放行")

    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    reference = models.CharField(_("业务编号"), max_length=120)
    # Unique by a constraint, not unique=True: no second (LIKE) index to fill, nothing searches it.
    idempotency_key = models.CharField(_("幂等键"), max_length=160)
    occurred_at = models.DateTimeField(_("发生时间"))
    memo = models.CharField(_("摘要"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("记账时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("记账凭证")
        verbose_name_plural = _("记账凭证")
        ordering = ["-occurred_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["idempotency_key"], name="journaltransaction_key_unique")
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.reference}"


class JournalEntry(AppendOnlyModel):
    """One line of a transaction on one account: positive is a debit, negative a credit."""

    transaction = models.ForeignKey(
        JournalTransaction, verbose_name=_("记账凭证"), on_delete=models.PROTECT, related_name="entries"
    )
    account = models.ForeignKey(
        Account, verbose_name=_("账户"), on_delete=models.PROTECT, related_name="entries", db_index=False
    )
    amount_fen = models.BigIntegerField(_("金额（分，借正贷负）"))
    occurred_at = models.DateTimeField(_("发生时间"))
    # On an artisan's payable: from when this amount counts as available to pay (after the holding
    # period for returns); null there while it is held for review. Null on every other account.
    available_at = models.DateTimeField(_("可付时间"), null=True, blank=True)
    # The artisan a payout's entries concern, for her payouts in transit (a shared account). A sale's,
    # refund's or release's entries leave it empty: her payable account names her, the split its sale's
    # artisan, and each key written is one more foreign-key check (a million sale lines: ~4 million).
    artisan = models.ForeignKey(
        "artisans.Artisan",
        verbose_name=_("手工艺人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )
    # On an artisan's payable, in a sale transaction: the line (split) this share is hers for. A sale
    # transaction holds many lines; this names which. Empty on every other entry, and on the entries
    # of sales posted one transaction a line (before migration 0007; the transaction names the line).
    # Not indexed: nothing reads entries by split (the statement reads her payable and joins to it).
    sale_split = models.ForeignKey(
        "ledger.SaleSplit",
        verbose_name=_("销售分账"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="payable_entries",
        db_index=False,
    )

    class Meta:
        verbose_name = _("分录")
        verbose_name_plural = _("分录")
        ordering = ["transaction", "pk"]
        indexes = [models.Index(fields=["account", "occurred_at"], name="entry_account_time")]
        constraints = [models.CheckConstraint(condition=~Q(amount_fen=0), name="entry_amount_not_zero")]

    def __str__(self):
        return f"{self.account_id}: {self.amount_fen:+d}"
