"""The confirmation email: in the tourist's language, with her order number, lines, total, delivery
and the link to the order's status page; sent once however often the task runs."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from orders.models import Order
from orders.tasks.checkout import order_confirmation_send, order_confirmations_send_pending

pytestmark = pytest.mark.django_db


def test_the_email_says_what_was_bought_and_links_to_the_status_page(
    settings, base_stocked, robe, purse, make_checkout, pay
):
    # given
    settings.SITE_URL = "https://shop.example.org"
    order = pay(make_checkout([(robe, 1), (purse, 2)]))

    # when
    sent = order_confirmation_send.delay(order.pk).get()

    # then
    assert sent is True
    [email] = mail.outbox
    assert email.to == ["tourist@example.com"]
    assert order.number in email.subject
    link = f"https://shop.example.org/orders/{order.token}/"
    for text in (email.body, email.alternatives[0][0]):
        assert order.number in text
        assert "蓝缎蒙古袍 M 码 × 1" in text or ("蓝缎蒙古袍 M 码" in text and "× 1" in text)
        assert "刺绣荷包" in text
        assert "¥1,488.00" in text  # 1280 + 2 × 98 + 12 shipping
        assert "李华" in text and "西宁市城中区南大街 1 号" in text
        assert link in text
    assert email.alternatives[0][1] == "text/html"
    assert Order.objects.get().confirmation_sent_at is not None


def test_an_english_speaker_gets_the_english_names(base_stocked, robe, make_checkout, pay):
    order = pay(make_checkout([(robe, 1)], language="en"))

    order_confirmation_send.delay(order.pk)

    [email] = mail.outbox
    assert "Robe" in email.body and "蓝缎蒙古袍" not in email.body


def test_it_is_sent_once(base_stocked, robe, make_checkout, pay):
    order = pay(make_checkout([(robe, 1)]))

    results = [order_confirmation_send.delay(order.pk).get() for _ in range(3)]

    assert (results, len(mail.outbox)) == ([True, False, False], 1)


def test_a_pickup_says_which_cart(stocked, cart_location, robe, make_checkout, pay):
    order = pay(make_checkout([(robe, 1)], pickup=cart_location))

    order_confirmation_send.delay(order.pk)

    assert "茶卡盐湖零售车" in mail.outbox[0].body


def test_the_sweep_sends_what_a_lost_task_left_unsent_once_and_leaves_old_orders_alone(
    base_stocked, robe, purse, make_checkout, pay
):
    # given: two paid orders whose confirmation task never ran (the broker was down), one of them
    # paid three days ago
    recent = pay(make_checkout([(robe, 1)], email="recent@example.com"))
    old = pay(make_checkout([(purse, 1)], email="old@example.com"))
    Order.objects.filter(pk=old.pk).update(paid_at=timezone.now() - timedelta(days=3))

    # when the sweep runs twice
    sent = [order_confirmations_send_pending.delay().get() for _ in range(2)]

    # then the recent one got its email once, the old one none
    assert sent == [1, 0]
    assert [email.to for email in mail.outbox] == [["recent@example.com"]]
    assert recent.number in mail.outbox[0].subject
    assert Order.objects.get(pk=old.pk).confirmation_sent_at is None
