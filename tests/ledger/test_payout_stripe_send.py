"""Stripe Connect payouts against the fake Connect server (tests/fakes): exactly once, whatever breaks."""

import time
from pathlib import Path

import pytest
from django.db import DatabaseError, connection

from ledger.models import JournalTransaction, Payout, PayoutMethod, PayoutProfile
from ledger.selectors import Balance, artisan_balance
from ledger.services import (
    SaleLine,
    SecondApproverRequired,
    payout_run_approve,
    payout_run_create,
    payout_stripe_send,
    sale_lines_post,
)
from ledger.tasks import payout_send
from payments.connect import ConnectUnavailable
from tests import factories
from tests.ledger.support import approver, at, postings


def _transfer_posts(fake) -> int:
    return fake.requests.count(("POST", "/v1/transfers"))


@pytest.fixture(autouse=True)
def the_day_after_the_run(time_machine):
    # What a transfer's refusal or return posts is dated when it happens: the day after the run, in
    # the year the balances below are read at, whatever the machine's date.
    time_machine.move_to(at(3, 17), tick=True)


@pytest.fixture
def stripe_payout(chimeg, staff_user, reviewer, cart_sale, fake_connect, django_capture_on_commit_callbacks):
    """A pending Stripe payout of 140 yuan to 其木格, approved (her first to this account), not sent yet."""
    PayoutProfile.objects.create(artisan=chimeg, method=PayoutMethod.STRIPE, stripe_account_id="acct_chimeg")
    sale_lines_post(lines=[cart_sale("C/1", 20000, at(3, 1))])
    with django_capture_on_commit_callbacks(execute=False):
        run = payout_run_create(run_date=at(3, 16).date(), actor=staff_user, at=at(3, 16))
        payout_run_approve(run=run, actor=reviewer)
    return run.payouts.get()


def test_an_approved_run_sends_each_stripe_payout_once_and_records_it(
    chimeg, staff_user, reviewer, cart_sale, fake_connect, django_capture_on_commit_callbacks
):
    PayoutProfile.objects.create(artisan=chimeg, method=PayoutMethod.STRIPE, stripe_account_id="acct_chimeg")
    sale_lines_post(lines=[cart_sale("C/2", 20000, at(3, 1))])
    with django_capture_on_commit_callbacks(execute=True):
        run = payout_run_create(run_date=at(3, 16).date(), actor=staff_user, at=at(3, 16))
    assert (Payout.objects.get().status, fake_connect.requests) == ("pending", [])  # first to this account

    with django_capture_on_commit_callbacks(execute=True):
        payout_run_approve(run=run, actor=reviewer)

    payout = Payout.objects.get()
    [transfer] = fake_connect.transfers
    assert (payout.status, payout.stripe_transfer_id) == ("paid", transfer["id"])
    assert (transfer["amount"], transfer["currency"], transfer["destination"]) == (
        14000,
        "cny",
        "acct_chimeg",
    )
    assert transfer["transfer_group"] == payout.idempotency_key
    assert transfer["metadata"]["payout_id"] == str(payout.pk)
    assert postings(f"payout-paid:{payout.idempotency_key}") == {
        "payouts_in_transit": 14000,
        "stripe_clearing": -14000,
    }


def test_a_transfer_whose_answer_was_lost_is_found_and_not_sent_again(stripe_payout, fake_connect):
    fake_connect.crash_next = True  # Stripe makes the transfer; the answer never arrives

    with pytest.raises(ConnectUnavailable):
        payout_stripe_send(payout=stripe_payout)
    assert Payout.objects.get().status == "pending"

    payout = payout_stripe_send(payout=stripe_payout)

    assert payout.status == "paid"
    assert fake_connect.created == 1
    assert _transfer_posts(fake_connect) == 1
    assert payout.stripe_transfer_id == fake_connect.transfers[0]["id"]


@pytest.fixture
def recording_paid_fails(require_postgresql):
    """Until the test calls the returned function, the database refuses to mark a payout paid: the
    process dies, as far as the books can tell, after Stripe made the transfer and before it was
    recorded. The trigger and its function are made in the test's transaction, rolled back after it."""
    table = Payout._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE FUNCTION test_payout_process_lost() RETURNS trigger LANGUAGE plpgsql AS "
            "$$ BEGIN RAISE EXCEPTION 'the process was lost before the payout was recorded'; END $$"
        )
        cursor.execute(
            f"CREATE TRIGGER test_process_lost BEFORE UPDATE ON {table} FOR EACH ROW "
            "WHEN (NEW.status = 'paid') EXECUTE FUNCTION test_payout_process_lost()"
        )

    def recover():
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TRIGGER test_process_lost ON {table}")

    return recover


def test_a_crash_after_stripe_answered_but_before_recording_pays_once(
    stripe_payout, fake_connect, recording_paid_fails
):
    # when: Stripe makes the transfer, and recording it fails
    with pytest.raises(DatabaseError, match="the process was lost"):
        payout_stripe_send(payout=stripe_payout)

    # then: she has been paid once, and the books do not say so yet
    assert (fake_connect.created, _transfer_posts(fake_connect)) == (1, 1)
    assert (Payout.objects.get().status, Payout.objects.get().stripe_transfer_id) == ("pending", "")
    assert not JournalTransaction.objects.filter(kind=JournalTransaction.Kind.PAYOUT_PAID).exists()

    # when: the task is tried again once the process is back, and a late duplicate of it runs too
    recording_paid_fails()
    payout = payout_stripe_send(payout=stripe_payout)
    payout_stripe_send(payout=stripe_payout)

    # then: the transfer is found, not made again, and recorded once
    assert (payout.status, payout.stripe_transfer_id) == ("paid", fake_connect.transfers[0]["id"])
    assert (fake_connect.created, _transfer_posts(fake_connect)) == (1, 1)
    assert postings(f"payout-paid:{stripe_payout.idempotency_key}") == {
        "payouts_in_transit": 14000,
        "stripe_clearing": -14000,
    }


def test_stripe_being_away_changes_nothing_until_it_is_back(stripe_payout, fake_connect):
    fake_connect.unavailable_next = True

    with pytest.raises(ConnectUnavailable):
        payout_stripe_send(payout=stripe_payout)
    assert (Payout.objects.get().status, fake_connect.created) == ("pending", 0)

    assert payout_stripe_send(payout=stripe_payout).status == "paid"
    assert fake_connect.created == 1


def test_a_refused_transfer_fails_the_payout_and_returns_her_money(chimeg, stripe_payout, fake_connect):
    fake_connect.refuse_next = "This account cannot receive transfers"

    payout = payout_stripe_send(payout=stripe_payout)

    assert payout.status == "failed"
    assert "This account cannot receive transfers" in payout.failure_reason
    assert fake_connect.created == 0
    assert artisan_balance(artisan=chimeg, at=at(12, 31)) == Balance(0, 14000, 0, 0)


def test_a_paid_or_failed_payout_is_left_alone(stripe_payout, fake_connect):
    payout_stripe_send(payout=stripe_payout)
    payout_stripe_send(payout=stripe_payout)

    assert len(fake_connect.requests) == 2  # one look-up, one transfer; the second call asked nothing


@pytest.fixture
def connect_worker(fake_connect, monkeypatch, request):
    """The real Celery worker, started after the fake so that it talks to it."""
    monkeypatch.setenv("STRIPE_API_BASE", fake_connect.url)
    monkeypatch.setenv("STRIPE_SECRET_KEY", "sk_test_fake")
    return request.getfixturevalue("celery_worker")


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_the_worker_retries_a_crashed_send_and_pays_exactly_once(settings, fake_connect, connect_worker):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    artisan = factories.ArtisanFactory(name_zh="其木格")
    factories.AgreementFactory(artisan=artisan)
    PayoutProfile.objects.create(artisan=artisan, method=PayoutMethod.STRIPE, stripe_account_id="acct_chimeg")
    cart = factories.LocationFactory(kind="cart")

    sale_lines_post(
        lines=[
            SaleLine(reference="C/1", occurred_at=at(3, 1), artisan_id=artisan.pk,
                     product_id=factories.ProductFactory().pk, paid_fen=20000, location_id=cart.pk)
        ]
    )  # fmt: skip
    fake_connect.crash_next = True
    run = payout_run_create(run_date=at(3, 16).date(), actor=None, at=at(3, 16))  # her first: it waits

    payout_run_approve(run=run, actor=approver())  # commits, then enqueues

    deadline = time.monotonic() + 40
    while Payout.objects.get().status == "pending" and time.monotonic() < deadline:
        time.sleep(0.2)
    payout = Payout.objects.get()
    assert payout.status == "paid"
    assert (fake_connect.created, _transfer_posts(fake_connect)) == (1, 1)
    assert payout.stripe_transfer_id == fake_connect.transfers[0]["id"]


def test_a_payout_awaiting_approval_is_not_sent_whoever_asks(
    chimeg, staff_user, reviewer, cart_sale, fake_connect, django_capture_on_commit_callbacks
):
    PayoutProfile.objects.create(artisan=chimeg, method=PayoutMethod.STRIPE, stripe_account_id="acct_chimeg")
    sale_lines_post(lines=[cart_sale("C/3", 20000, at(3, 1))])
    with django_capture_on_commit_callbacks(execute=True) as enqueued:
        run = payout_run_create(run_date=at(3, 16).date(), actor=staff_user, at=at(3, 16))
    payout = run.payouts.get()

    assert enqueued == []  # the run asks for no transfer
    assert payout_stripe_send(payout=payout).status == "pending"  # nor does a task that asks anyway
    assert fake_connect.requests == []

    with django_capture_on_commit_callbacks(execute=True):
        payout_run_approve(run=run, actor=reviewer)

    payout.refresh_from_db()
    assert (payout.status, fake_connect.created) == ("paid", 1)


def _task_finished(settings, task_id: str) -> bool:
    log = Path(settings.MEDIA_ROOT).parent / "celery.log"
    return f"[{task_id}] succeeded" in log.read_text()


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_a_huge_payout_to_her_connect_account_leaves_only_after_a_second_staff_member_approves(
    settings, fake_connect, connect_worker
):
    """The attack: a fake sale raised her balance; the run would send it all to her Connect account."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    creator = factories.StaffFactory(username="finance")
    artisan = factories.ArtisanFactory(name_zh="其木格")
    factories.AgreementFactory(artisan=artisan)
    cart = factories.LocationFactory(kind="cart")
    product = factories.ProductFactory()
    PayoutProfile.objects.create(artisan=artisan, method=PayoutMethod.STRIPE, stripe_account_id="acct_chimeg")
    reviewer = approver()

    def sale(reference, paid_fen, when):
        sale_lines_post(
            lines=[SaleLine(reference=reference, occurred_at=when, artisan_id=artisan.pk,
                            product_id=product.pk, paid_fen=paid_fen, location_id=cart.pk)]
        )  # fmt: skip

    def wait_until_paid(payout):
        deadline = time.monotonic() + 40
        while Payout.objects.get(pk=payout.pk).status == "pending" and time.monotonic() < deadline:
            time.sleep(0.2)
        return Payout.objects.get(pk=payout.pk)

    # February: her first payout to this Connect account, approved and paid.
    sale("C/1", 20000, at(2, 1))
    earlier = payout_run_create(run_date=at(2, 16).date(), actor=creator, at=at(2, 16))
    payout_run_approve(run=earlier, actor=reviewer)
    assert wait_until_paid(earlier.payouts.get()).status == "paid"
    # March: a fake sale raises her balance; the same account, so only the run's size makes it wait.
    sale("FAKE/1", 200_000_000, at(3, 1))

    run = payout_run_create(run_date=at(3, 16).date(), actor=creator, at=at(3, 16))
    payout = run.payouts.get()
    assert (payout.amount_fen, payout.new_payee) == (140_000_000, False)
    assert run.approval_status == "awaiting_approval"
    claim = payout_send.delay(payout.pk)  # a task in the queue is a claim, not an approval
    deadline = time.monotonic() + 40
    while not _task_finished(settings, claim.id) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert _task_finished(settings, claim.id)
    assert (Payout.objects.get(pk=payout.pk).status, fake_connect.created) == ("pending", 1)

    with pytest.raises(SecondApproverRequired):
        payout_run_approve(run=run, actor=creator)
    payout_run_approve(run=run, actor=reviewer)

    assert wait_until_paid(payout).status == "paid"
    assert [(t["amount"], t["destination"]) for t in fake_connect.transfers] == [
        (14000, "acct_chimeg"),
        (140_000_000, "acct_chimeg"),
    ]
