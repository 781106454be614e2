"""Reconciliation: each wallet's daily bill compared with our payments and refunds.

bill_reconcile reads a provider's bill for one business day (Asia/Shanghai) and keeps a BillMismatch
for each disagreement, once per (provider, day, payment, kind), so a day reconciled again adds
nothing. Nothing is changed on a payment by reading a bill, except that the fee the bill shows is
kept (Payment.billed_fee_fen, and fee_fen where none was recorded yet, so that a sale not yet posted
to the ledger is posted with the real fee).

A mismatch is fixed only by a person: bill_mismatch_resolve asks the provider about the payment and
records its answer through the payment services (payment_sync for a success, payment_refund_record
for a refund made in the provider's merchant platform), with who asked and when; where the answer
cannot be recorded (an amount the provider holds differently, a payment it does not know) it is noted
on the mismatch, which stays open.
"""

import datetime
from collections import defaultdict
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import DomainError
from core.money import format_fen
from payments.models import BillMismatch, Payment, ProviderBill
from payments.providers import BillLine, provider_get, wallet_get
from payments.services import payment_refresh, payment_refund_record

WALLETS = ("wechat_pay", "alipay")


def business_zone() -> ZoneInfo:
    return ZoneInfo(settings.BUSINESS_TIME_ZONE)


def business_day_bounds(day: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    start = datetime.datetime.combine(day, datetime.time.min, tzinfo=business_zone())
    return start, start + datetime.timedelta(days=1)


def business_yesterday(now: datetime.datetime | None = None) -> datetime.date:
    return (now or timezone.now()).astimezone(business_zone()).date() - datetime.timedelta(days=1)


def bill_reconcile(*, provider: str, day: datetime.date) -> ProviderBill:
    """Fetch the provider's bill for day and compare it with our payments (PaymentProviderError if it
    cannot be read: nothing is written then). Returns the day's ProviderBill."""
    lines = wallet_get(provider).bill(day=day)  # outside the transaction: a call out
    paid_there: dict[str, BillLine] = {}
    refunds_there: dict[str, list[BillLine]] = defaultdict(list)
    for line in lines:
        if line.is_refund:
            refunds_there[line.provider_reference].append(line)
        else:
            paid_there[line.provider_reference] = line
    start, end = business_day_bounds(day)
    with transaction.atomic():
        payments = {
            payment.provider_reference: payment
            for payment in Payment.objects.select_for_update().filter(
                Q(provider_reference__in=[*paid_there, *refunds_there])
                | Q(succeeded_at__gte=start, succeeded_at__lt=end, status__in=Payment.PAID_STATUSES),
                provider=provider,
            )
        }
        found = 0

        def mismatch(kind, reference, **values):
            nonlocal found
            found += 1
            BillMismatch.objects.get_or_create(
                provider=provider,
                day=day,
                provider_reference=reference,
                kind=kind,
                defaults={"payment": payments.get(reference), **values},
            )

        for reference, line in paid_there.items():
            payment = payments.get(reference)
            if payment is None or payment.status not in Payment.PAID_STATUSES:
                mismatch(BillMismatch.Kind.PAID_THERE_ONLY, reference, there_fen=line.amount_fen)
            elif payment.amount_fen != line.amount_fen:
                mismatch(
                    BillMismatch.Kind.AMOUNT_DIFFERS,
                    reference,
                    there_fen=line.amount_fen,
                    here_fen=payment.amount_fen,
                )
            if payment is not None and line.fee_fen is not None:
                fee_record(payment=payment, billed_fee_fen=line.fee_fen)
        for reference, refunds in refunds_there.items():
            payment = payments.get(reference)
            recorded = set(payment.refunds.values_list("provider_refund_id", flat=True)) if payment else set()
            missing = [line for line in refunds if line.refund_reference not in recorded]
            there = sum(line.amount_fen for line in refunds)
            if missing:
                mismatch(
                    BillMismatch.Kind.REFUNDED_THERE_ONLY,
                    reference,
                    there_fen=there,
                    here_fen=payment.refunded_fen if payment else None,
                    bill_refunds=[
                        {"reference": line.refund_reference, "amount_fen": line.amount_fen}
                        for line in missing
                    ],
                )
        for reference, payment in payments.items():
            paid_that_day = payment.succeeded_at is not None and start <= payment.succeeded_at < end
            if paid_that_day and payment.status in Payment.PAID_STATUSES and reference not in paid_there:
                mismatch(BillMismatch.Kind.HERE_ONLY, reference, here_fen=payment.amount_fen)
        bill, _created = ProviderBill.objects.update_or_create(
            provider=provider,
            day=day,
            defaults={
                "payments_count": len(paid_there),
                "refunds_count": sum(len(refunds) for refunds in refunds_there.values()),
                "mismatches_count": found,
                "reconciled_at": timezone.now(),
            },
        )
    return bill


def fee_record(*, payment: Payment, billed_fee_fen: int) -> None:
    """Keep the bill's fee; where no fee was recorded yet, it is the fee (the ledger posts it)."""
    Payment.objects.filter(pk=payment.pk).update(billed_fee_fen=billed_fee_fen)
    fee = max(billed_fee_fen, 0)
    Payment.objects.filter(pk=payment.pk, fee_fen__isnull=True).update(fee_fen=min(fee, payment.amount_fen))


def bills_reconcile_yesterday(*, now: datetime.datetime | None = None) -> list[ProviderBill]:
    """Each available wallet's bill of yesterday (business time) reconciled (Celery beat, mornings).
    A provider that cannot be read now is tried on the next run (logged by the task)."""
    day = business_yesterday(now)
    bills = []
    for provider in WALLETS:
        if provider_get(provider).available():
            bills.append(bill_reconcile(provider=provider, day=day))
    return bills


def bill_mismatch_resolve(*, mismatch: BillMismatch, user) -> BillMismatch:
    """A person's "ask and record" on a mismatch: the provider is asked about the payment, and its
    answer recorded where it can be (see the module's doc). The check is always kept on the mismatch
    (checked_by, checked_at, note); resolved_at is set only when our records now agree."""
    with transaction.atomic():
        mismatch = BillMismatch.objects.select_for_update().get(pk=mismatch.pk)
        if mismatch.resolved_at is not None:
            return mismatch
        payment = mismatch.payment or (
            Payment.objects.filter(
                provider=mismatch.provider, provider_reference=mismatch.provider_reference
            ).first()
        )
        try:
            resolved, note = _ask_and_record(mismatch, payment)
        except DomainError as error:
            detail = error.params.get("provider_message") or error.params.get("provider_code") or ""
            resolved, note = (
                False,
                _("未能记录：%(error)s %(detail)s") % {"error": error.message, "detail": detail},
            )
        now = timezone.now()
        mismatch.payment = payment
        mismatch.checked_at, mismatch.checked_by, mismatch.note = now, user, note
        mismatch.resolved_at = now if resolved else None
        mismatch.save(update_fields=["payment", "checked_at", "checked_by", "note", "resolved_at"])
    return mismatch


def _ask_and_record(mismatch: BillMismatch, payment: Payment | None) -> tuple[bool, str]:
    """(resolved, note) for the mismatch after asking the provider; raises DomainError (a provider
    error, an answer payment_sync refuses) with nothing recorded."""
    if payment is None:
        return False, _("本系统没有此渠道单号的支付：请核对是否为本系统的订单。")
    kind = BillMismatch.Kind
    if mismatch.kind == kind.PAID_THERE_ONLY:
        payment, _became = payment_refresh(payment=payment)  # payment_sync: orders completes
        if payment.status in Payment.PAID_STATUSES:
            return True, _("渠道确认已支付，已记录为已支付。")
        return False, _("渠道说：%(status)s。") % {"status": payment.get_status_display()}
    state = provider_get(payment.provider).query(payment=payment)
    there = format_fen(state.amount_fen) if state.amount_fen is not None else "?"
    if mismatch.kind == kind.AMOUNT_DIFFERS:
        if state.amount_fen == payment.amount_fen:
            return True, _("渠道确认金额 %(amount)s，与本系统一致。") % {"amount": there}
        return False, _("渠道金额 %(there)s，本系统 %(here)s：请人工核对，未作改动。") % {
            "there": there,
            "here": format_fen(payment.amount_fen),
        }
    if mismatch.kind == kind.HERE_ONLY:
        if state.status == Payment.Status.SUCCEEDED and state.amount_fen == payment.amount_fen:
            return True, _("渠道确认已支付 %(amount)s（记入了另一天的账单）。") % {"amount": there}
        return False, _("渠道说此支付未成功（%(status)s）：请人工核对，未作改动。") % {
            "status": Payment.Status(state.status).label
        }
    # REFUNDED_THERE_ONLY: the trade is asked about first (it must be ours and paid there), then the
    # refunds the bill shows are recorded.
    if state.status != Payment.Status.SUCCEEDED or state.amount_fen != payment.amount_fen:
        return False, _("渠道说此支付未成功：未记录退款。")
    recorded = 0
    with transaction.atomic():  # all the bill's refunds of it, or none
        for refund in mismatch.bill_refunds:
            _refund, is_new = payment_refund_record(
                payment=payment,
                amount_fen=refund["amount_fen"],
                provider_refund_id=refund["reference"],
                reason=_("渠道商户平台退款（对账补记）"),
            )
            recorded += refund["amount_fen"] if is_new else 0
    return True, _("已补记渠道退款 %(amount)s。") % {"amount": format_fen(recorded)}
