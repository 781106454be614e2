"""Reconciliation against Alipay's fake: its daily trade bill (asked for with
alipay.data.dataservice.bill.downloadurl.query, signed by python-alipay-sdk; a zip of GBK CSVs built
from the fake's own trades) compared with our payments."""

import pytest
from django.urls import reverse

from payments.models import BillMismatch, Payment, ProviderBill, Refund
from payments.providers import Scene, provider_get
from payments.reconciliation import bill_mismatch_resolve, bill_reconcile
from payments.services import payment_create

pytestmark = pytest.mark.django_db

NOTIFY = reverse("payments:alipay_notify")


def paid(client, alipay, amount_fen=52400, *, notify=True) -> Payment:
    payment = payment_create(
        reference="checkout:bill", amount_fen=amount_fen, provider="alipay", scene=Scene.H5
    )
    assert alipay.open(payment.next_step_value) == 200
    notification = alipay.pay(payment.provider_reference)
    if notify:
        response = client.post(
            NOTIFY, data=notification.body, content_type="application/x-www-form-urlencoded"
        )
        assert response.status_code == 200
    payment.refresh_from_db()
    return payment


def test_a_bill_that_agrees_finds_nothing_and_records_the_billed_fee(alipay, client, day, next_morning):
    payment = paid(client, alipay)
    next_morning()

    bill = bill_reconcile(provider="alipay", day=day)

    assert (bill.payments_count, bill.refunds_count, bill.mismatches_count) == (1, 0, 0)
    assert BillMismatch.objects.count() == 0
    payment.refresh_from_db()
    assert (payment.billed_fee_fen, payment.fee_fen) == (199, 199)  # 服务费 -1.99


def test_the_zipped_bill_parses_as_alipay_writes_it(alipay, client, day, next_morning):
    first = paid(client, alipay, 52400)
    second = paid(client, alipay, 9800)
    alipay.refund_outside(second.provider_reference, "18.00", out_request_no="MP1")
    next_morning()

    lines = provider_get("alipay").bill(day=day)

    trade_no = alipay.trades[second.provider_reference].trade_no
    assert sorted(
        (line.provider_reference, line.is_refund, line.amount_fen, line.fee_fen, line.refund_reference)
        for line in lines
    ) == sorted(
        [
            (first.provider_reference, False, 52400, 199, ""),
            (second.provider_reference, False, 9800, 37, ""),
            (second.provider_reference, True, 1800, -7, f"{trade_no}:MP1"),
        ]
    )


def test_paid_there_not_here_is_found_and_fixed_by_asking(alipay, client, day, next_morning, staff):
    payment = paid(client, alipay, notify=False)
    next_morning()

    bill_reconcile(provider="alipay", day=day)
    mismatch = BillMismatch.objects.get()
    assert (mismatch.provider, mismatch.kind, mismatch.there_fen) == ("alipay", "paid_there_only", 52400)

    bill_mismatch_resolve(mismatch=mismatch, user=staff)

    payment.refresh_from_db()
    mismatch.refresh_from_db()
    assert payment.status == "succeeded"
    assert (mismatch.resolved_at is not None, mismatch.checked_by) == (True, staff)


def test_refunded_there_only_is_found_and_recorded_once(alipay, client, day, next_morning, staff):
    payment = paid(client, alipay)
    alipay.refund_outside(payment.provider_reference, "524.00", out_request_no="MP7")
    next_morning()

    bill_reconcile(provider="alipay", day=day)
    bill_reconcile(provider="alipay", day=day)
    mismatch = BillMismatch.objects.get()
    assert (mismatch.kind, mismatch.there_fen, mismatch.here_fen) == ("refunded_there_only", 52400, 0)

    bill_mismatch_resolve(mismatch=mismatch, user=staff)
    bill_mismatch_resolve(mismatch=mismatch, user=staff)

    payment.refresh_from_db()
    assert (payment.status, payment.refunded_fen) == ("refunded", 52400)
    trade_no = alipay.trades[payment.provider_reference].trade_no
    assert list(Refund.objects.values_list("provider_refund_id", "amount_fen")) == [
        (f"{trade_no}:MP7", 52400)
    ]
    assert ProviderBill.objects.get().mismatches_count == 1
