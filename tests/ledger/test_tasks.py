import datetime
import importlib

import pytest
from django.apps import apps
from django_celery_beat.models import PeriodicTask

from ledger import tasks
from ledger.models import Payout, PayoutMethod, PayoutProfile, PayoutRun
from ledger.services import payout_run_approve, payout_run_create, sale_lines_post
from tests.ledger.support import at, journal_size


@pytest.mark.django_db
def test_the_weekly_run_is_scheduled_for_monday_two_oclock_in_qinghai():
    # A transactional test elsewhere may have flushed the migration's row: run its step again (it is
    # idempotent) and check what it leaves.
    schedule = importlib.import_module("ledger.migrations.0003_payout_schedule")
    schedule.schedule(apps, None)
    schedule.schedule(apps, None)

    task = PeriodicTask.objects.select_related("crontab").get(name="ledger: weekly payout run")

    assert task.task == "ledger.tasks.payout_run_weekly"
    assert task.enabled
    cron = task.crontab
    assert (cron.minute, cron.hour, cron.day_of_week, str(cron.timezone)) == ("0", "2", "1", "Asia/Shanghai")


def test_the_weekly_task_runs_once_a_day_and_sends_an_approved_payout_left_waiting(
    chimeg, reviewer, cart_sale, fake_connect, time_machine, django_capture_on_commit_callbacks
):
    # given: the run of Monday 16 March holds her first Stripe payout, 140 yuan, awaiting a second approval
    PayoutProfile.objects.create(artisan=chimeg, method=PayoutMethod.STRIPE, stripe_account_id="acct_chimeg")
    sale_lines_post(lines=[cart_sale("C/1", 20000, at(3, 1))])
    time_machine.move_to(at(3, 16, 2))
    earlier = payout_run_create(run_date=datetime.date(2026, 3, 16), actor=None, at=at(3, 16, 2))

    # when: the task runs the next Monday at two
    time_machine.move_to(at(3, 23, 2))
    with django_capture_on_commit_callbacks(execute=True):
        tasks.payout_run_weekly()

    # then: that day has its run, and nothing is sent to her account before the approval
    assert list(PayoutRun.objects.order_by("run_date").values_list("run_date", flat=True)) == [
        datetime.date(2026, 3, 16),
        datetime.date(2026, 3, 23),
    ]
    assert fake_connect.requests == []
    assert earlier.payouts.get().status == "pending"

    # given: the reviewer approves while the broker is down: the approval's sending task is lost
    with django_capture_on_commit_callbacks(execute=False):
        payout_run_approve(run=earlier, actor=reviewer)
    assert fake_connect.requests == []

    # when: the task runs twice more that day (beat's next tick, a second beat after a restart)
    with django_capture_on_commit_callbacks(execute=True):
        tasks.payout_run_weekly()
        tasks.payout_run_weekly()

    # then: still one run for the day, and her 140 yuan went to her account once and is recorded paid
    assert PayoutRun.objects.count() == 2
    payout = earlier.payouts.get()
    [transfer] = fake_connect.transfers
    assert (transfer["amount"], transfer["currency"], transfer["destination"]) == (
        14000,
        "cny",
        "acct_chimeg",
    )
    assert fake_connect.requests.count(("POST", "/v1/transfers")) == 1
    assert (payout.amount_fen, payout.status, payout.stripe_transfer_id) == (14000, "paid", transfer["id"])


def test_sending_a_payout_that_is_gone_does_nothing(
    chimeg, staff_user, reviewer, cart_sale, fake_connect, django_capture_on_commit_callbacks
):
    # given: her approved Stripe payout of 140 yuan, not sent yet
    PayoutProfile.objects.create(artisan=chimeg, method=PayoutMethod.STRIPE, stripe_account_id="acct_chimeg")
    sale_lines_post(lines=[cart_sale("C/1", 20000, at(3, 1))])
    with django_capture_on_commit_callbacks(execute=False):
        run = payout_run_create(run_date=datetime.date(2026, 3, 16), actor=staff_user, at=at(3, 16))
        payout_run_approve(run=run, actor=reviewer)
    journal = journal_size()

    # when: the queue asks to send a payout no row has (a message left from a database since restored)
    answer = tasks.payout_send(run.payouts.get().pk + 1000)

    # then: no error, nothing asked of Stripe, nothing written
    assert answer is None
    assert fake_connect.requests == []
    assert list(Payout.objects.values_list("amount_fen", "status", "stripe_transfer_id")) == [
        (14000, "pending", "")
    ]
    assert journal_size() == journal
