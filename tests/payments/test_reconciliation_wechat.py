"""Reconciliation against WeChat Pay's fake: its daily trade bill (built from the fake's own trades and
refunds, gzipped CSV, fetched through wechatpayv3's signed calls) compared with our payments."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django_celery_beat.models import PeriodicTask

from payments.errors import PaymentProviderError
from payments.models import BillMismatch, Payment, ProviderBill, Refund
from payments.providers import Scene, provider_get
from payments.reconciliation import bill_mismatch_resolve, bill_reconcile
from payments.services import payment_create
from payments.tasks import wallet_bills_reconcile

pytestmark = pytest.mark.django_db

CHINA = ZoneInfo("Asia/Shanghai")
NOTIFY = reverse("payments:wechat_pay_notify")


def paid(client, wechat_pay, amount_fen=52400, *, notify=True) -> Payment:
    payment = payment_create(
        reference="checkout:bill", amount_fen=amount_fen, provider="wechat_pay", scene=Scene.NATIVE
    )
    notification = wechat_pay.pay(payment.provider_reference)
    if notify:
        response = client.post(
            NOTIFY, data=notification.body, content_type="application/json", **notification.django_headers()
        )
        assert response.status_code == 204
    payment.refresh_from_db()
    return payment


def test_a_bill_that_agrees_finds_nothing_and_records_the_billed_fee(wechat_pay, client, day, next_morning):
    payment = paid(client, wechat_pay)
    next_morning()

    bill = bill_reconcile(provider="wechat_pay", day=day)

    assert (bill.provider, bill.day, bill.payments_count, bill.refunds_count, bill.mismatches_count) == (
        "wechat_pay",
        day,
        1,
        0,
        0,
    )
    assert BillMismatch.objects.count() == 0
    payment.refresh_from_db()
    # 0.38% of ¥524.00 is ¥1.99120 on the bill: ¥1.99 settled (our own estimate was 0.60%)
    assert (payment.billed_fee_fen, payment.fee_fen, payment.status) == (199, 199, "succeeded")
    assert ("GET", "/v3/billdownload/file", 200) in wechat_pay.requests


def test_the_bill_parses_as_wechat_pay_writes_it(wechat_pay, client, day, next_morning):
    first = paid(client, wechat_pay, 52400)
    second = paid(client, wechat_pay, 9800)
    wechat_pay.refund_outside(second.provider_reference, 1800, out_refund_no="MP1")
    next_morning()

    lines = provider_get("wechat_pay").bill(day=day)

    assert sorted(
        (line.provider_reference, line.is_refund, line.amount_fen, line.fee_fen) for line in lines
    ) == sorted(
        [
            (first.provider_reference, False, 52400, 199),
            (second.provider_reference, False, 9800, 37),  # ¥0.37240
            (second.provider_reference, True, 1800, -7),  # -¥0.06840
        ]
    )
    token = next(iter(wechat_pay.bills))
    text = wechat_pay.bills[token].decode()
    assert text.splitlines()[1].startswith(f"`{day:%Y-%m-%d} 12:")
    assert text.splitlines()[-2].startswith("总交易单数,")
    assert text.splitlines()[-1].startswith("`3,`622.00,`18.00,")


def test_paid_there_not_here_is_found_and_fixed_by_asking(wechat_pay, client, day, next_morning, staff):
    # given a payment whose notification never came (and the minute's query has not run)
    payment = paid(client, wechat_pay, notify=False)
    assert payment.status == "created"
    next_morning()

    bill = bill_reconcile(provider="wechat_pay", day=day)

    mismatch = BillMismatch.objects.get()
    assert (
        bill.mismatches_count,
        mismatch.kind,
        mismatch.payment,
        mismatch.there_fen,
        mismatch.here_fen,
    ) == (
        1,
        "paid_there_only",
        payment,
        52400,
        None,
    )
    assert mismatch.resolved_at is None

    # when finance presses "ask and record"
    resolved = bill_mismatch_resolve(mismatch=mismatch, user=staff)

    payment.refresh_from_db()
    assert payment.status == "succeeded"
    assert (resolved.checked_by, resolved.resolved_at is not None, resolved.note) == (
        staff,
        True,
        "渠道确认已支付，已记录为已支付。",
    )
    assert resolved.checked_at == resolved.resolved_at


def test_amounts_differ_is_found_and_the_check_changes_nothing(wechat_pay, client, day, next_morning, staff):
    payment = paid(client, wechat_pay)
    wechat_pay.trades[payment.provider_reference].total = 50000  # WeChat Pay holds ¥500.00
    next_morning()

    bill_reconcile(provider="wechat_pay", day=day)

    mismatch = BillMismatch.objects.get()
    assert (mismatch.kind, mismatch.there_fen, mismatch.here_fen) == ("amount_differs", 50000, 52400)
    before = list(Payment.objects.values())

    checked = bill_mismatch_resolve(mismatch=mismatch, user=staff)

    assert (checked.resolved_at, checked.checked_by, checked.note) == (
        None,
        staff,
        "渠道金额 ¥500.00，本系统 ¥524.00：请人工核对，未作改动。",
    )
    assert list(Payment.objects.values()) == before
    assert Refund.objects.count() == 0


def test_refunded_there_only_is_found_and_the_refund_recorded(wechat_pay, client, day, next_morning, staff):
    payment = paid(client, wechat_pay)
    refund = wechat_pay.refund_outside(payment.provider_reference, 10000)  # in the merchant platform
    next_morning()

    bill_reconcile(provider="wechat_pay", day=day)

    mismatch = BillMismatch.objects.get()
    assert (mismatch.kind, mismatch.there_fen, mismatch.here_fen, mismatch.bill_refunds) == (
        "refunded_there_only",
        10000,
        0,
        [{"reference": refund["refund_id"], "amount_fen": 10000}],
    )

    bill_mismatch_resolve(mismatch=mismatch, user=staff)

    payment.refresh_from_db()
    assert (payment.status, payment.refunded_fen) == ("partially_refunded", 10000)
    recorded = Refund.objects.get()
    assert (recorded.payment, recorded.amount_fen, recorded.provider_refund_id) == (
        payment,
        10000,
        refund["refund_id"],
    )
    mismatch.refresh_from_db()
    assert (mismatch.resolved_at is not None, mismatch.note) == (True, "已补记渠道退款 ¥100.00。")

    # the day again: the refund is ours now, nothing new is found
    bill = bill_reconcile(provider="wechat_pay", day=day)
    assert (bill.mismatches_count, BillMismatch.objects.count(), Refund.objects.count()) == (0, 1, 1)


def test_here_not_there_is_found_and_the_query_confirms_it(wechat_pay, client, day, next_morning, staff):
    payment = paid(client, wechat_pay)
    # WeChat Pay booked it a second after midnight: it is on the next day's bill
    late = datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time(0, 0, 1), tzinfo=CHINA)
    wechat_pay.trades[payment.provider_reference].success_time = late.isoformat()
    next_morning()

    bill_reconcile(provider="wechat_pay", day=day)

    mismatch = BillMismatch.objects.get()
    assert (mismatch.kind, mismatch.there_fen, mismatch.here_fen) == ("here_only", None, 52400)

    resolved = bill_mismatch_resolve(mismatch=mismatch, user=staff)

    assert (resolved.resolved_at is not None, resolved.note) == (
        True,
        "渠道确认已支付 ¥524.00（记入了另一天的账单）。",
    )


def test_here_not_there_unknown_to_wechat_pay_stays_open(wechat_pay, client, day, next_morning, staff):
    payment = paid(client, wechat_pay)
    del wechat_pay.trades[payment.provider_reference]
    next_morning()
    bill_reconcile(provider="wechat_pay", day=day)
    mismatch = BillMismatch.objects.get(kind="here_only")
    before = list(Payment.objects.values())

    checked = bill_mismatch_resolve(mismatch=mismatch, user=staff)

    assert (checked.resolved_at, checked.checked_by) == (None, staff)
    assert checked.note.startswith("未能记录：")
    assert "订单不存在" in checked.note
    assert list(Payment.objects.values()) == before


def test_reconciling_a_day_again_adds_nothing(wechat_pay, client, day, next_morning):
    paid(client, wechat_pay, notify=False)
    next_morning()

    bill_reconcile(provider="wechat_pay", day=day)
    bill_reconcile(provider="wechat_pay", day=day)

    assert BillMismatch.objects.count() == 1
    assert ProviderBill.objects.count() == 1


def test_a_day_without_trades_has_no_bill_and_no_mismatch(wechat_pay, day, next_morning):
    next_morning()

    bill = bill_reconcile(provider="wechat_pay", day=day)

    assert (bill.payments_count, bill.refunds_count, bill.mismatches_count) == (0, 0, 0)
    assert BillMismatch.objects.count() == 0


def test_a_bill_that_cannot_be_read_writes_nothing(wechat_pay, client, day, next_morning):
    paid(client, wechat_pay, notify=False)
    next_morning()
    wechat_pay.unavailable_next = True

    with pytest.raises(PaymentProviderError):
        bill_reconcile(provider="wechat_pay", day=day)

    assert (ProviderBill.objects.count(), BillMismatch.objects.count()) == (0, 0)


def test_the_morning_task_reconciles_yesterday(wechat_pay, client, day, next_morning):
    paid(client, wechat_pay, notify=False)
    next_morning()

    found = wallet_bills_reconcile.apply().get()

    assert found == {"wechat_pay": 1}
    assert ProviderBill.objects.get().day == day
    task = PeriodicTask.objects.select_related("crontab").get(
        name="payments: reconcile yesterday's wallet bills"
    )
    assert (task.task, task.crontab.hour, task.crontab.minute, str(task.crontab.timezone)) == (
        "payments.tasks.wallet_bills_reconcile",
        "10",
        "30",
        "Asia/Shanghai",
    )
