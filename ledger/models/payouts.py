"""Paying artisans: how each wants to be paid, the weekly runs and their payouts.

A payout's money moves in the journal (payable -> in transit -> paid out, or back to her payable when
it fails); the Payout row records the workflow around it: who is paid how, and what happened.

Some payouts wait for a second staff member before anything is sent (docs/payouts.md): every payout
of a run whose total is above the approval threshold, and a bank or Stripe payout to payee details
she has not been paid to by her last paid payout. A run is then `awaiting_approval` until a staff
member other than its creator approves it (one PayoutApproval row, never edited).
"""

import hashlib
import re

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class PayoutMethod(models.TextChoices):
    BANK = "bank", _("银行转账")
    CASH = "cash", _("现金")
    STRIPE = "stripe", _("Stripe Connect 转账")


def payee_fingerprint(
    *,
    method: str,
    payee_name: str = "",
    bank_name: str = "",
    account_number: str = "",
    stripe_account_id: str = "",
) -> str:
    """Where a payout goes, as one hash: the same for the same destination however it was typed
    (spaces, hyphens and case ignored). Empty for cash, which is handed to her against her signature.
    The name counts for a bank transfer: the bank pays the account holder the file names."""
    if method == PayoutMethod.BANK:
        parts: tuple[str, ...] = (method, _squeeze(payee_name), _squeeze(bank_name), _squeeze(account_number))
    elif method == PayoutMethod.STRIPE:
        parts = (method, _squeeze(stripe_account_id))
    else:
        return ""
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def _squeeze(text: str) -> str:
    return re.sub(r"[\s\-]+", "", text or "").casefold()


class ApprovalStatus(models.TextChoices):
    NOT_REQUIRED = "not_required", _("无需审批")
    AWAITING_APPROVAL = "awaiting_approval", _("待审批")
    APPROVED = "approved", _("已审批")


class ApprovalReason(models.TextChoices):
    RUN_TOTAL = "run_total", _("批次总额超过审批限额")
    NEW_PAYEE = "new_payee", _("首次付款到新的收款账户")


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
    # Kept by ledger.services.payout_profile_save, and only there: a payout to details she has not
    # been paid to yet needs a second staff member (see payee_fingerprint).
    details_fingerprint = models.CharField(_("收款账户指纹"), max_length=64, blank=True, editable=False)
    details_changed_at = models.DateTimeField(_("收款账户更改时间"), null=True, blank=True, editable=False)
    details_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("收款账户更改人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
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


class PayoutProfileChange(models.Model):
    """One change of an artisan's payee details, appended by payout_profile_save and never edited."""

    profile = models.ForeignKey(
        PayoutProfile, verbose_name=_("收款信息"), on_delete=models.PROTECT, related_name="changes"
    )
    changed_at = models.DateTimeField(_("更改时间"))
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("更改人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    method = models.CharField(_("付款方式"), max_length=10, choices=PayoutMethod.choices)
    fingerprint = models.CharField(_("收款账户指纹"), max_length=64, blank=True)
    # Enough to recognise the account (bank and the last four digits), not the whole number again.
    summary = models.CharField(_("收款账户"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("收款信息更改记录")
        verbose_name_plural = _("收款信息更改记录")
        ordering = ["-changed_at", "-pk"]

    def __str__(self):
        return f"{self.profile.artisan_id} {self.changed_at:%Y-%m-%d %H:%M}"


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
    # Set once by payout_run_create: the sum of its payouts and the threshold in force then.
    total_fen = models.PositiveBigIntegerField(_("总额（分）"), default=0)
    approval_threshold_fen = models.PositiveBigIntegerField(_("审批限额（分）"))
    approval_status = models.CharField(
        _("审批状态"), max_length=20, choices=ApprovalStatus.choices, default=ApprovalStatus.NOT_REQUIRED
    )

    class Meta:
        verbose_name = _("付款批次")
        verbose_name_plural = _("付款批次")
        ordering = ["-run_date"]
        permissions = [("approve_payoutrun", _("可以审批付款批次（第二人复核）"))]

    def __str__(self):
        return f"PR-{self.run_date:%Y%m%d}"

    @property
    def over_threshold(self) -> bool:
        return self.total_fen > self.approval_threshold_fen


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
    # Nothing is sent, exported or confirmed while this is awaiting_approval.
    approval_status = models.CharField(
        _("审批状态"), max_length=20, choices=ApprovalStatus.choices, default=ApprovalStatus.NOT_REQUIRED
    )
    # A bank or Stripe payout to details other than those of her last paid payout (or her first).
    new_payee = models.BooleanField(_("新的收款账户"), default=False)
    payee_fingerprint = models.CharField(_("收款账户指纹"), max_length=64, blank=True)
    approval = models.ForeignKey(
        "PayoutApproval",
        verbose_name=_("审批记录"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="payouts",
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
            models.CheckConstraint(
                condition=Q(approval_status=ApprovalStatus.APPROVED, approval__isnull=False)
                | (~Q(approval_status=ApprovalStatus.APPROVED) & Q(approval__isnull=True)),
                name="payout_approved_has_its_approval",
            ),
            # The database's backstop: a payout awaiting approval is never paid.
            models.CheckConstraint(
                condition=~Q(status="paid", approval_status=ApprovalStatus.AWAITING_APPROVAL),
                name="payout_paid_only_once_cleared",
            ),
        ]

    def __str__(self):
        return self.idempotency_key

    @property
    def awaiting_approval(self) -> bool:
        return self.approval_status == ApprovalStatus.AWAITING_APPROVAL

    @property
    def approval_reasons(self) -> list[ApprovalReason]:
        """Why this payout needed (or needs) a second staff member; empty when it did not."""
        if self.approval_status == ApprovalStatus.NOT_REQUIRED:
            return []
        reasons = [ApprovalReason.RUN_TOTAL] if self.run.over_threshold else []
        return reasons + ([ApprovalReason.NEW_PAYEE] if self.new_payee else [])


class PayoutApproval(models.Model):
    """A second staff member approved a run: who, when, and what she saw (the total and the count of
    the payouts it released). One per run, appended, never edited."""

    run = models.OneToOneField(
        PayoutRun, verbose_name=_("付款批次"), on_delete=models.PROTECT, related_name="approval"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("审批人"), on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(_("审批时间"))
    total_fen = models.PositiveBigIntegerField(_("放行金额（分）"))
    payout_count = models.PositiveIntegerField(_("放行笔数"))

    class Meta:
        verbose_name = _("付款审批记录")
        verbose_name_plural = _("付款审批记录")
        ordering = ["-approved_at"]

    def __str__(self):
        return f"{self.run} {self.approved_at:%Y-%m-%d %H:%M}"
