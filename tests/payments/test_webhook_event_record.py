import pytest
import stripe

from payments.models import StripeEvent
from payments.webhooks import webhook_event_mark_processed, webhook_event_record


def event(event_id="evt_1", type_="payment_intent.succeeded"):
    return stripe.Event.construct_from(
        {
            "id": event_id,
            "object": "event",
            "type": type_,
            "data": {"object": {"id": "pi_1", "amount": 16800}},
        },
        "sk_test_local",
    )


@pytest.mark.django_db
def test_an_event_is_recorded_once_by_its_id():
    first, first_is_new = webhook_event_record(event=event())
    second, second_is_new = webhook_event_record(event=event())

    assert (first.pk, first_is_new, second_is_new) == (second.pk, True, False)
    row = StripeEvent.objects.get()
    assert (row.event_id, row.type, row.processed_at) == ("evt_1", "payment_intent.succeeded", None)
    assert row.payload["data"]["object"] == {"id": "pi_1", "amount": 16800}


@pytest.mark.django_db
def test_other_events_are_other_rows():
    webhook_event_record(event=event("evt_1"))
    webhook_event_record(event=event("evt_2", "payment_intent.payment_failed"))

    assert list(StripeEvent.objects.order_by("event_id").values_list("event_id", "type")) == [
        ("evt_1", "payment_intent.succeeded"),
        ("evt_2", "payment_intent.payment_failed"),
    ]


@pytest.mark.django_db
def test_marking_processed_keeps_the_first_time():
    row, _ = webhook_event_record(event=event())

    first = webhook_event_mark_processed(stripe_event=row).processed_at
    again = webhook_event_mark_processed(stripe_event=StripeEvent.objects.get()).processed_at

    assert first is not None
    assert again == first
