"""Celery tasks for payouts: load by id, call one service."""

from celery import shared_task
from django.utils import timezone

from ledger import conf
from ledger.models import ApprovalStatus, Payout, PayoutMethod
from ledger.services import payout_run_create, payout_stripe_send
from ledger.services.payouts import payout_sent_notify
from payments.connect import ConnectUnavailable


@shared_task(acks_late=True, ignore_result=True)
def payout_run_weekly() -> None:
    """Monday's run (django_celery_beat, migration 0003), then another try for any Stripe payout of an
    earlier run still waiting (its task gave up while Stripe was away, or its approval came while the
    broker was down). Payouts awaiting approval are not asked for. Safe to run twice."""
    run_date = timezone.localdate(timezone=conf.business_zone())
    payout_run_create(run_date=run_date, actor=None)
    waiting = (
        Payout.objects.filter(method=PayoutMethod.STRIPE, status=Payout.Status.PENDING)
        .exclude(approval_status=ApprovalStatus.AWAITING_APPROVAL)
        .exclude(run__run_date=run_date)
    )
    for pk in waiting.values_list("pk", flat=True):
        payout_send.delay(pk)


@shared_task(
    acks_late=True,
    ignore_result=True,
    autoretry_for=(ConnectUnavailable,),
    retry_backoff=True,
    retry_backoff_max=600,
    max_retries=12,
)
def payout_send(payout_id: int) -> None:
    """Send one Stripe payout. Idempotent: a paid or failed payout is left alone, and a transfer sent
    before a crash is found and recorded instead of being sent again. Being in the queue is no
    approval: payout_stripe_send reads the payout's approval from its row and sends nothing while it
    awaits one."""
    payout = Payout.objects.filter(pk=payout_id).first()
    if payout is None:
        return
    payout_stripe_send(payout=payout)


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def payout_sent_notice(payout_id: int) -> bool:
    """The artisan's text that her payout was sent."""
    payout = Payout.objects.select_related("artisan").filter(pk=payout_id).first()
    return payout is not None and payout_sent_notify(payout=payout)
