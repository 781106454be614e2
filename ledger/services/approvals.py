"""A second staff member between a payout run and the money leaving (docs/payouts.md).

payout_run_create asks `approval_hold` which of a new run's payouts must wait: all of them when the
run's total is above LEDGER_PAYOUT_APPROVAL_THRESHOLD_FEN, and each bank or Stripe payout whose payee
details differ from those of her last paid payout (or that is her first). payout_run_approve is the
one way out of `awaiting_approval`: by a staff member with the ledger.approve_payoutrun permission
who neither made the run nor entered the new payee details herself. Until then nothing is sent to
Stripe, put in the bank file or cash sheet, or confirmed as paid; the Celery task asks again.
"""

import logging
from collections.abc import Sequence

from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from artisans.models import Artisan
from core.errors import DomainError, InvalidState, PermissionDenied
from core.locks import lock_in_id_order
from ledger import conf
from ledger.models import (
    ApprovalStatus,
    Payout,
    PayoutApproval,
    PayoutMethod,
    PayoutProfileChange,
    PayoutRun,
)

APPROVE_PERMISSION = "ledger.approve_payoutrun"
logger = logging.getLogger(__name__)


class SecondApproverRequired(DomainError):
    """The one asking to approve is the one the approval is meant to check."""

    code = "SECOND_APPROVER_REQUIRED"
    default_message = gettext_lazy("需由另一位工作人员审批。")


class ApprovalRequired(DomainError):
    """A payout still waiting for a second staff member cannot be paid yet."""

    code = "APPROVAL_REQUIRED"
    default_message = gettext_lazy("这笔付款需先经第二位工作人员审批。")


def may_approve(user) -> bool:
    """Staff with the approval permission (a superuser has every permission)."""
    return bool(
        user
        and user.is_authenticated
        and user.is_active
        and user.is_staff
        and user.has_perm(APPROVE_PERMISSION)
    )


def approval_hold(*, run: PayoutRun, payouts: Sequence[Payout]) -> None:
    """Decide, before they are saved, which of a new run's payouts wait for approval; set the run's
    total, threshold and state to match (the caller saves the run). One query."""
    run.total_fen = sum(payout.amount_fen for payout in payouts)
    run.approval_threshold_fen = conf.payout_approval_threshold_fen()
    over = run.over_threshold
    last_paid = _last_paid_fingerprints({payout.artisan_id for payout in payouts if _to_account(payout)})
    for payout in payouts:
        changed = last_paid.get(payout.artisan_id) != payout.payee_fingerprint
        payout.new_payee = _to_account(payout) and changed
        if over or payout.new_payee:
            payout.approval_status = ApprovalStatus.AWAITING_APPROVAL
    waiting = any(payout.approval_status == ApprovalStatus.AWAITING_APPROVAL for payout in payouts)
    run.approval_status = ApprovalStatus.AWAITING_APPROVAL if waiting else ApprovalStatus.NOT_REQUIRED


def _to_account(payout: Payout) -> bool:
    """Cash is handed to her in person against her signature; only an account can be swapped."""
    return payout.method in (PayoutMethod.BANK, PayoutMethod.STRIPE)


def _last_paid_fingerprints(artisan_ids: set[int]) -> dict[int, str]:
    if not artisan_ids:
        return {}
    last = Payout.objects.filter(artisan_id=OuterRef("pk"), status=Payout.Status.PAID).order_by(
        "-paid_at", "-pk"
    )
    rows = (
        Artisan.objects.filter(pk__in=artisan_ids)
        .annotate(fingerprint=Subquery(last.values("payee_fingerprint")[:1]))
        .values_list("pk", "fingerprint")
    )
    return {pk: fingerprint for pk, fingerprint in rows if fingerprint is not None}


@transaction.atomic
def payout_run_approve(*, run: PayoutRun, actor) -> PayoutRun:
    """A second staff member releases a run's payouts that wait for approval: they are recorded as
    approved by her (one PayoutApproval row with the total and count she released), and its Stripe
    payouts are sent. Approving an approved run changes nothing."""
    if not may_approve(actor):
        raise PermissionDenied()
    run = PayoutRun.objects.select_for_update().get(pk=run.pk)
    if run.approval_status == ApprovalStatus.APPROVED:
        return run
    if run.approval_status != ApprovalStatus.AWAITING_APPROVAL:
        raise InvalidState(_("这个付款批次无需审批。"))
    if run.created_by_id == actor.pk:
        raise SecondApproverRequired(_("付款批次不能由发起人自己审批，请另一位工作人员审批。"))
    payouts = lock_in_id_order(
        Payout.objects.filter(
            run=run, status=Payout.Status.PENDING, approval_status=ApprovalStatus.AWAITING_APPROVAL
        ).select_related("artisan")
    )
    entered = _payees_entered_by(actor, payouts)
    if entered:
        raise SecondApproverRequired(
            _("%(names)s 的收款账户是您填写的，请另一位工作人员审批。") % {"names": "、".join(entered)}
        )
    now = timezone.now()
    approval = PayoutApproval.objects.create(
        run=run,
        approved_by=actor,
        approved_at=now,
        total_fen=sum(payout.amount_fen for payout in payouts),
        payout_count=len(payouts),
    )
    Payout.objects.filter(pk__in=[payout.pk for payout in payouts]).update(
        approval_status=ApprovalStatus.APPROVED, approval=approval, updated_at=now
    )
    run.approval_status = ApprovalStatus.APPROVED
    run.save(update_fields=["approval_status"])
    logger.info(
        "payout run %s approved by %s: %s payouts, %s fen",
        run,
        actor,
        approval.payout_count,
        approval.total_fen,
    )
    stripe_ids = [payout.pk for payout in payouts if payout.method == PayoutMethod.STRIPE]
    if stripe_ids:
        # robust: with the broker down the approval still stands; payout_run_weekly sends them later.
        transaction.on_commit(lambda: enqueue_stripe_sends(stripe_ids), robust=True)
    return run


def enqueue_stripe_sends(payout_ids: Sequence[int]) -> None:
    """One payout_send task each (after the commit that cleared them to go)."""
    from ledger.tasks import payout_send  # the tasks module imports the services

    for pk in payout_ids:
        payout_send.delay(pk)


def _payees_entered_by(actor, payouts: Sequence[Payout]) -> list[str]:
    """The artisans among these new payees whose details this staff member typed in herself."""
    wanted = {(payout.artisan_id, payout.payee_fingerprint): payout for payout in payouts if payout.new_payee}
    if not wanted:
        return []
    typed = PayoutProfileChange.objects.filter(
        changed_by=actor,
        profile__artisan_id__in={artisan_id for artisan_id, _ in wanted},
        fingerprint__in={fingerprint for _, fingerprint in wanted},
    ).values_list("profile__artisan_id", "fingerprint")
    return sorted({wanted[pair].artisan.name_zh for pair in typed if pair in wanted})
