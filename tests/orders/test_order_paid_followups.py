"""A paid checkout's follow-ups, its ledger posting and its confirmation email, go out as one task
once the order commits; run again (a redelivery, a retry), it posts and emails nothing twice."""

import datetime

import pytest
from django.core import mail

from ledger.models import JournalTransaction
from orders.models import Order
from orders.tasks.checkout import order_paid_followups
from tests import factories

pytestmark = pytest.mark.django_db


def test_the_order_is_posted_and_emailed_once_by_one_task(
    base_stocked, uren, robe, make_checkout, pay, django_capture_on_commit_callbacks
):
    # given the artisan's consignment agreement (the ledger splits the sale by it)
    factories.AgreementFactory(artisan=uren, valid_from=datetime.date(2026, 1, 1))

    # when a tourist pays
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        order = pay(make_checkout([(robe, 1)]))

    # then one task was queued by the payment, and it posted the order (whose commit queued the
    # artisans' text messages) and sent the email
    assert [callback.__qualname__ for callback in callbacks] == [
        "order_paid_followups_schedule.<locals>.enqueue",
        "_notify_artisans.<locals>.enqueue",
    ]
    order = Order.objects.get(pk=order.pk)
    assert order.ledger_posted_at is not None
    assert order.confirmation_sent_at is not None
    [email] = mail.outbox
    assert email.to == ["tourist@example.com"] and order.number in email.subject
    posted = JournalTransaction.objects.count()
    assert posted > 0

    # when the task is delivered again
    sent_again = order_paid_followups.delay(order.pk).get()

    # then nothing is posted or sent twice
    assert sent_again is False
    assert len(mail.outbox) == 1
    assert JournalTransaction.objects.count() == posted


def test_an_order_that_is_gone_is_skipped(db):
    assert order_paid_followups.delay(987654).get() is False
    assert mail.outbox == []
