"""Paying artisans: how each wants to be paid, the weekly runs and their payouts.

A payout's money moves in the journal (payable -> in transit -> paid out, or back to her payable when
it fails); the Payout row records the workflow around it: who is paid how, and what happened.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class PayoutMethod(models.TextChoices):
    BANK = "bank", _("银行转账")
    CASH = "cash", _("现金")
    STRIPE = "stripe", _("Stripe Connect 转账")


class PayoutProfile(models.Model):
    """An artisan's payout details. Without one she is paid in cash against her signature."""

    artisan = models.OneToOneField(
        "artisans.Artisan",
        verbose_name=_("手工艺人"),
        on_delete=models.PROTECT,
        related_name="payout_profile",
    )
    method = models.CharField(_("付款方式"), max_length=10, choices=PayoutMethod.choices, default="cash")
    account_name = models.CharField(_("户名"), max_length=100, blank=True)
    bank_name = models.CharField(_("开户银行"), max_length=100, blank=True)
    account_number = models.CharField(_("银行账号"), max_length=40, blank=True)
    stripe_account_id = models.CharField(_("Stripe 关联账户"), max_length=60, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("收款信息")
        verbose_name_plural = _("收款信息")
        ordering = ["artisan"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(method="bank") | (~Q(bank_name="") & ~Q(account_number="")),
                name="payoutprofile_bank_has_account",
                violation_error_message=_("银行转账需要填写开户银行和银行账号。"),
            ),
            models.CheckConstraint(
                condition=~Q(method="stripe") | Q(stripe_account_id__startswith="acct_"),
                name="payoutprofile_stripe_has_account",
                violation_error_message=_("Stripe 转账需要填写以 acct_ 开头的关联账户。"),
            ),
        ]

    def __str__(self):
        return f"{self.artisan}: {self.get_method_display()}"


class PayoutRun(models.Model):
    """One payout run: a payout for each artisan whose available balance reached the minimum."""

    run_date = models.DateField(_("付款日期"), unique=True)
    balance_at = models.DateTimeField(_("结算截止时间"))
    minimum_fen = models.PositiveBigIntegerField(_("起付金额（分）"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("发起人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("付款批次")
        verbose_name_plural = _("付款批次")
        ordering = ["-run_date"]

    def __str__(self):
        return f"PR-{self.run_date:%Y%m%d}"


class Payout(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("待付款")
        PAID = "paid", _("已付款")
        FAILED = "failed", _("失败已退回")

    run = models.ForeignKey(
        PayoutRun, verbose_name=_("付款批次"), on_delete=models.PROTECT, related_name="payouts"
    )
    artisan = models.ForeignKey(
        "artisans.Artisan", verbose_name=_("手工艺人"), on_delete=models.PROTECT, related_name="payouts"
    )
    amount_fen = models.PositiveBigIntegerField(_("金额（分）"))
    method = models.CharField(_("付款方式"), max_length=10, choices=PayoutMethod.choices)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.PENDING)
    # The payout's own key: its journal transactions and its Stripe transfer (idempotency key and
    # transfer group) are all named after it, so every retry finds what an earlier attempt did.
    idempotency_key = models.CharField(_("幂等键"), max_length=80, unique=True)
    # Who and where, as they were when the run was made.
    payee_name = models.CharField(_("收款人"), max_length=100)
    bank_name = models.CharField(_("开户银行"), max_length=100, blank=True)
    account_number = models.CharField(_("银行账号"), max_length=40, blank=True)
    stripe_account_id = models.CharField(_("Stripe 关联账户"), max_length=60, blank=True)
    stripe_transfer_id = models.CharField(_("Stripe 转账编号"), max_length=60, blank=True)
    failure_reason = models.CharField(_("失败原因"), max_length=300, blank=True)
    paid_at = models.DateTimeField(_("付款时间"), null=True, blank=True)
    failed_at = models.DateTimeField(_("失败时间"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("确认人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("付款")
        verbose_name_plural = _("付款")
        ordering = ["-run__run_date", "payee_name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["run", "artisan"], name="payout_one_per_artisan_and_run"),
            models.CheckConstraint(condition=Q(amount_fen__gt=0), name="payout_amount_positive"),
        ]

    def __str__(self):
        return self.idempotency_key
