"""Payout runs and what happens to each payout: confirmed as paid, sent through Stripe, or failed.

Money moves in the journal at each step: the run moves each available balance from her payable to
payouts in transit; a confirmed (or transferred) payout moves it out of transit to the bank, the
office cash box or Stripe; a failed one moves it back to her payable, available again at once.

A payout that waits for a second staff member (ledger/services/approvals.py) is in transit in the
books but goes nowhere: it is not sent, not exported, not confirmed, until payout_run_approve.
Failing it (payout_fail) is how staff refuse it: her money goes back to her balance.
"""

import datetime
import logging

from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from artisans.models import Artisan
from core.errors import InvalidState, ValidationFailed
from core.locks import lock_in_id_order
from core.money import CURRENCY, format_fen
from core.notifications import TextMessage, sms_send
from ledger import conf
from ledger.models import (
    Account,
    JournalEntry,
    JournalTransaction,
    Payout,
    PayoutMethod,
    PayoutProfile,
    PayoutRun,
    payee_fingerprint,
)
from ledger.services.approvals import ApprovalRequired, approval_hold, enqueue_stripe_sends
from ledger.services.journal import AccountKey, Journal, Posting, account_id, account_ids, journal_write
from payments.connect import ConnectRefused, stripe_transfer_create, stripe_transfer_find

Kind = Account.Kind
logger = logging.getLogger(__name__)

_PAID_FROM: dict[str, str] = {
    PayoutMethod.BANK: Kind.BANK,
    PayoutMethod.CASH: Kind.OFFICE_CASH,
    PayoutMethod.STRIPE: Kind.STRIPE_CLEARING,
}


@transaction.atomic
def payout_run_create(
    *,
    run_date: datetime.date,
    actor=None,
    minimum_fen: int | None = None,
    at: datetime.datetime | None = None,
) -> PayoutRun:
    """One payout for each artisan whose balance available at `at` (default now) reaches the minimum.

    A run for a run_date that already has one returns that run and pays nobody again. Set-based: one
    aggregate over the entries, one INSERT each for payouts, transactions and entries. Payouts that
    need a second staff member (approval_hold) wait; the Stripe payouts that do not are sent.
    """
    minimum = conf.payout_minimum_fen() if minimum_fen is None else minimum_fen
    if not isinstance(minimum, int) or isinstance(minimum, bool) or minimum < 1:
        raise ValidationFailed(_("起付金额必须是正整数（分）。"), field="minimumFen")
    at = at or timezone.now()
    existing = PayoutRun.objects.filter(run_date=run_date).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            run = PayoutRun.objects.create(
                run_date=run_date,
                balance_at=at,
                minimum_fen=minimum,
                created_by=actor,
                approval_threshold_fen=conf.payout_approval_threshold_fen(),
            )
    except IntegrityError:  # the same run, started concurrently, committed first
        return PayoutRun.objects.get(run_date=run_date)
    # Runs for other dates wait here, so two runs never both pay the same balance.
    payables = {
        account.pk: account.artisan_id
        for account in lock_in_id_order(Account.objects.filter(kind=Kind.ARTISAN_PAYABLE))
    }
    due = {
        payables[row["account_id"]]: -row["total"]
        # A share is paid once its holding period is over and its day's transaction is in the books at
        # `at` (posted per batch and day, docs/ledger.md): with no holding period, a sale of this
        # morning waits for the day's transaction, never paid before the journal holds it.
        for row in JournalEntry.objects.filter(
            account_id__in=list(payables), available_at__lte=at, occurred_at__lte=at
        )
        .values("account_id")
        .annotate(total=Sum("amount_fen"))
        .filter(total__lte=-minimum)
        .order_by()
    }
    if not due:
        return run
    profiles = {p.artisan_id: p for p in PayoutProfile.objects.filter(artisan_id__in=list(due))}
    names = dict(Artisan.objects.filter(pk__in=list(due)).values_list("pk", "name_zh"))
    payouts = [
        _payout(run, artisan_id, amount, profiles.get(artisan_id), names[artisan_id])
        for artisan_id, amount in due.items()
    ]
    approval_hold(run=run, payouts=payouts)
    run.save(update_fields=["total_fen", "approval_threshold_fen", "approval_status"])
    payouts = Payout.objects.bulk_create(payouts)
    in_transit = account_id(Kind.PAYOUTS_IN_TRANSIT)
    payable_of = {artisan_id: pk for pk, artisan_id in payables.items()}
    journal_write(
        journals=[
            Journal(
                kind=JournalTransaction.Kind.PAYOUT,
                reference=payout.idempotency_key,
                idempotency_key=f"payout:{payout.idempotency_key}",
                occurred_at=at,
                postings=(
                    Posting(payable_of[payout.artisan_id], payout.amount_fen, payout.artisan_id, at),
                    Posting(in_transit, -payout.amount_fen, payout.artisan_id),
                ),
                memo=payout.get_method_display(),
            )
            for payout in payouts
        ]
    )
    stripe_ids = [
        payout.pk
        for payout in payouts
        if payout.method == PayoutMethod.STRIPE and not payout.awaiting_approval
    ]
    if stripe_ids:
        # robust: with the broker down the run still stands; payout_run_weekly sends them later.
        transaction.on_commit(lambda: enqueue_stripe_sends(stripe_ids), robust=True)
    return run


def _payout(run: PayoutRun, artisan_id: int, amount_fen: int, profile: PayoutProfile | None, name: str):
    method = profile.method if profile else PayoutMethod.CASH
    payout = Payout(
        run=run,
        artisan_id=artisan_id,
        amount_fen=amount_fen,
        method=method,
        idempotency_key=f"payout-{run.run_date:%Y%m%d}-{artisan_id}",
        payee_name=(profile.account_name if profile and method == PayoutMethod.BANK else "") or name,
        bank_name=profile.bank_name if profile and method == PayoutMethod.BANK else "",
        account_number=profile.account_number if profile and method == PayoutMethod.BANK else "",
        stripe_account_id=profile.stripe_account_id if profile and method == PayoutMethod.STRIPE else "",
    )
    payout.payee_fingerprint = payee_fingerprint(
        method=method,
        payee_name=payout.payee_name,
        bank_name=payout.bank_name,
        account_number=payout.account_number,
        stripe_account_id=payout.stripe_account_id,
    )
    return payout


@transaction.atomic
def payout_confirm(*, payout: Payout, actor, paid_at: datetime.datetime | None = None) -> Payout:
    """Staff confirm a bank or cash payout as paid. Confirming it again changes nothing."""
    payout = Payout.objects.select_for_update().select_related("run").get(pk=payout.pk)
    if payout.status == Payout.Status.PAID:
        return payout
    if payout.status == Payout.Status.FAILED:
        raise InvalidState(_("这笔付款已失败并退回，不能再确认。"))
    if payout.method == PayoutMethod.STRIPE:
        raise InvalidState(_("Stripe 转账由系统在转账成功后确认。"))
    if payout.awaiting_approval:
        raise ApprovalRequired()
    paid_at = paid_at or timezone.now()
    if paid_at < payout.run.balance_at:
        raise ValidationFailed(_("付款时间不能早于付款批次。"), field="paidAt")
    return _mark_paid(payout, paid_at=paid_at, actor=actor)


@transaction.atomic
def payout_transfer_record(*, payout: Payout, transfer_id: str) -> Payout:
    """A Stripe transfer for this payout exists: the payout is paid. Recording it twice is harmless."""
    payout = Payout.objects.select_for_update().get(pk=payout.pk)
    if payout.status == Payout.Status.PAID:
        return payout
    if payout.status == Payout.Status.FAILED:
        # Money we had already put back on her balance went out after all: staff must look at it.
        logger.error("payout %s failed earlier but Stripe transfer %s exists", payout, transfer_id)
        raise InvalidState(_("这笔付款已标记为失败，但 Stripe 转账存在，请人工核对。"))
    payout.stripe_transfer_id = transfer_id
    return _mark_paid(payout, paid_at=timezone.now(), actor=None)


def _mark_paid(payout: Payout, *, paid_at: datetime.datetime, actor) -> Payout:
    ids = account_ids([AccountKey(Kind.PAYOUTS_IN_TRANSIT), AccountKey(_PAID_FROM[payout.method])])
    journal_write(
        journals=[
            Journal(
                kind=JournalTransaction.Kind.PAYOUT_PAID,
                reference=payout.idempotency_key,
                idempotency_key=f"payout-paid:{payout.idempotency_key}",
                occurred_at=paid_at,
                postings=(
                    Posting(ids[AccountKey(Kind.PAYOUTS_IN_TRANSIT)], payout.amount_fen, payout.artisan_id),
                    Posting(
                        ids[AccountKey(_PAID_FROM[payout.method])], -payout.amount_fen, payout.artisan_id
                    ),
                ),
            )
        ]
    )
    payout.status = Payout.Status.PAID
    payout.paid_at = paid_at
    payout.confirmed_by = actor
    payout.save(update_fields=["status", "paid_at", "confirmed_by", "stripe_transfer_id", "updated_at"])
    payout_id = payout.pk

    def enqueue():
        from ledger.tasks import payout_sent_notice

        payout_sent_notice.delay(payout_id)

    transaction.on_commit(enqueue, robust=True)
    return payout


def payout_sent_text(*, payout: Payout) -> TextMessage:
    """The artisan's text that her payout was sent (in Chinese, her language)."""
    with translation.override("zh-hans"):
        params = {"amount": format_fen(payout.amount_fen), "method": payout.get_method_display()}
        text = _("【工坊】已付给您 %(amount)s（%(method)s）。到“我的工坊”看明细。") % params
    return TextMessage(phone=payout.artisan.phone, template="payout_sent", text=text, params=params)


def payout_sent_notify(*, payout: Payout) -> bool:
    """Text her that the payout was sent; False when she has no phone on file."""
    if not payout.artisan.phone:
        return False
    sms_send(payout_sent_text(payout=payout))
    return True


@transaction.atomic
def payout_fail(*, payout: Payout, reason: str, actor=None) -> Payout:
    """A payout that did not reach her: its amount goes back to her balance, available at once, and
    the payout shows as failed with the reason. Failing it again changes nothing."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed(_("请填写失败原因。"), field="reason")
    payout = Payout.objects.select_for_update().get(pk=payout.pk)
    if payout.status == Payout.Status.FAILED:
        return payout
    if payout.status == Payout.Status.PAID:
        raise InvalidState(_("已付款的付款不能标记为失败。"))
    now = timezone.now()
    ids = account_ids(
        [AccountKey(Kind.PAYOUTS_IN_TRANSIT), AccountKey(Kind.ARTISAN_PAYABLE, payout.artisan_id)]
    )
    journal_write(
        journals=[
            Journal(
                kind=JournalTransaction.Kind.PAYOUT_FAILED,
                reference=payout.idempotency_key,
                idempotency_key=f"payout-failed:{payout.idempotency_key}",
                occurred_at=now,
                postings=(
                    Posting(ids[AccountKey(Kind.PAYOUTS_IN_TRANSIT)], payout.amount_fen, payout.artisan_id),
                    Posting(
                        ids[AccountKey(Kind.ARTISAN_PAYABLE, payout.artisan_id)],
                        -payout.amount_fen,
                        payout.artisan_id,
                        now,
                    ),
                ),
                memo=reason[:200],
            )
        ]
    )
    payout.status = Payout.Status.FAILED
    payout.failure_reason = reason[:300]
    payout.failed_at = now
    payout.confirmed_by = actor
    payout.save(update_fields=["status", "failure_reason", "failed_at", "confirmed_by", "updated_at"])
    logger.warning(
        "payout %s of %s fen to %s failed: %s", payout, payout.amount_fen, payout.payee_name, reason
    )
    return payout


def payout_stripe_send(*, payout: Payout) -> Payout:
    """Send a pending Stripe payout exactly once: look for its transfer first, send only if there is
    none (with the payout's key), then record it. Runs outside a transaction: nothing is locked while
    Stripe is called. ConnectUnavailable propagates, for the task to retry.

    A payout still awaiting approval is left alone, whoever asked: a task in the queue is a claim,
    the row is the approval. (Approval only ever moves forward, so reading it once is enough.)"""
    payout = Payout.objects.get(pk=payout.pk)
    if payout.method != PayoutMethod.STRIPE or payout.status != Payout.Status.PENDING:
        return payout
    if payout.awaiting_approval:
        logger.warning("payout %s awaits approval: not sent", payout)
        return payout
    metadata = {"payout_id": str(payout.pk), "payout_key": payout.idempotency_key}
    transfer = stripe_transfer_find(
        transfer_group=payout.idempotency_key, metadata={"payout_id": str(payout.pk)}
    )
    if transfer is None:
        try:
            transfer = stripe_transfer_create(
                amount_fen=payout.amount_fen,
                currency=CURRENCY,
                destination=payout.stripe_account_id,
                idempotency_key=payout.idempotency_key,
                metadata=metadata,
            )
        except ConnectRefused as error:
            return payout_fail(
                payout=payout, reason=_("Stripe 拒绝转账：%(reason)s") % {"reason": error.message}
            )
    if transfer.amount_fen != payout.amount_fen or transfer.destination != payout.stripe_account_id:
        logger.error("payout %s: transfer %s does not match it", payout, transfer.id)
        raise InvalidState(_("Stripe 上的转账与这笔付款不符，请人工核对。"))
    return payout_transfer_record(payout=payout, transfer_id=transfer.id)
