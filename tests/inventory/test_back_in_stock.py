""" "Tell me when it is back": requests wait for a sold-out variant; when stock of it returns (an
intake, a transfer received, a refund putting it back) each gets exactly one message, by text and by
email, in its own language, and is marked sent; a second intake sends nothing more."""

import datetime
import logging

import pytest
from django.core import mail

from core.errors import ValidationFailed
from inventory.models import BackInStockSubscription, Location
from inventory.services import (
    LineQuantity,
    ReceivedLine,
    SoldLine,
    back_in_stock_subscribe,
    back_in_stock_unsubscribe,
    intake_create,
    stock_return,
    stock_sell,
    transfer_create,
    transfer_receive,
)
from tests import factories

pytestmark = pytest.mark.django_db
NOW = datetime.datetime(2026, 12, 6, 10, 0, tzinfo=datetime.UTC)


@pytest.fixture
def world(settings, time_machine):
    time_machine.move_to(NOW, tick=False)
    settings.SITE_URL = "https://gongfang.example"
    settings.SMS_BACKEND = "console"
    base = factories.LocationFactory(code="base", kind=Location.Kind.BASE)
    cart = factories.CartFactory(code="chaka", location__code="cart-chaka")
    maker = factories.ArtisanFactory(code="uren")
    yak = factories.VariantFactory(
        sku="YAK",
        name_zh="",
        name_en="",
        artisan=maker,
        product__slug="felt-yak",
        product__name_zh="毡制牦牛",
        product__name_en="Felt yak",
    )
    staff = factories.StaffFactory(username="keeper")
    return {"base": base, "cart": cart, "maker": maker, "yak": yak, "staff": staff}


@pytest.fixture
def texts(caplog):
    caplog.set_level(logging.INFO, logger="gongfang.sms")
    return lambda: [r.getMessage() for r in caplog.records if r.name == "gongfang.sms"]


def intake(world, quantity, location=None):
    intake_create(
        artisan=world["maker"],
        lines=[LineQuantity(world["yak"], quantity)],
        actor=world["staff"],
        location=location or world["base"],
    )


def test_an_intake_sends_each_waiting_request_one_message(world, texts, django_capture_on_commit_callbacks):
    by_phone = back_in_stock_subscribe(variant=world["yak"], phone="13800000001", language="zh-hans")
    by_email = back_in_stock_subscribe(variant=world["yak"], email="Ann@Example.com", language="en")

    with django_capture_on_commit_callbacks(execute=True):
        intake(world, 2)

    assert texts() == [
        "SMS to 13800000001 [back_in_stock]: 【工坊】您关注的“毡制牦牛”又有货了："
        "https://gongfang.example/p/felt-yak/?v=YAK "
        f"退订：https://gongfang.example/notify/{by_phone.token}/"
    ]
    [email] = mail.outbox
    assert (email.to, email.subject) == (["ann@example.com"], "“Felt yak” is back in stock")
    assert "https://gongfang.example/p/felt-yak/?v=YAK" in email.body
    assert f"https://gongfang.example/notify/{by_email.token}/" in email.body
    assert list(BackInStockSubscription.objects.order_by("pk").values_list("notified_at", flat=True)) == [
        NOW,
        NOW,
    ]

    with django_capture_on_commit_callbacks(execute=True):
        intake(world, 1)

    assert len(texts()) == 1 and len(mail.outbox) == 1


def test_a_transfer_received_at_a_cart_sends_it(world, texts, django_capture_on_commit_callbacks):
    intake(world, 1)
    transfer = transfer_create(
        source=world["base"],
        destination=world["cart"].location,
        lines=[LineQuantity(world["yak"], 1)],
        actor=world["staff"],
    )
    # On its way: in stock nowhere, so the tourist asks.
    back_in_stock_subscribe(variant=world["yak"], phone="13800000001")

    with django_capture_on_commit_callbacks(execute=True):
        transfer_receive(transfer=transfer, lines=[ReceivedLine(world["yak"], 1)], actor=world["staff"])

    assert len(texts()) == 1 and texts()[0].startswith("SMS to 13800000001 [back_in_stock]")


def test_a_refund_putting_the_piece_back_sends_it(world, texts, django_capture_on_commit_callbacks):
    intake(world, 1, location=world["cart"].location)
    stock_sell(location=world["cart"].location, lines=[SoldLine(world["yak"].pk, 1, "C-1")], actor=None)
    back_in_stock_subscribe(variant=world["yak"], phone="13800000001")

    with django_capture_on_commit_callbacks(execute=True):
        stock_return(location=world["cart"].location, lines=[SoldLine(world["yak"].pk, 1, "C-1")], actor=None)

    assert len(texts()) == 1


def test_stock_that_does_not_make_it_available_sends_nothing(
    world, texts, django_capture_on_commit_callbacks
):
    # The cart sold two it did not have (offline); one coming back leaves it at -1.
    cart = world["cart"].location
    stock_sell(location=cart, lines=[SoldLine(world["yak"].pk, 2, "C-1")], actor=None)
    back_in_stock_subscribe(variant=world["yak"], phone="13800000001")

    with django_capture_on_commit_callbacks(execute=True):
        stock_return(location=cart, lines=[SoldLine(world["yak"].pk, 1, "C-1")], actor=None)

    assert texts() == []
    assert BackInStockSubscription.objects.get().notified_at is None


def test_one_request_per_contact_and_variant_while_it_waits(world):
    first = back_in_stock_subscribe(variant=world["yak"], phone="13800000001", email="ann@example.com")

    assert back_in_stock_subscribe(variant=world["yak"], phone=" 13800000001 ") == first
    assert back_in_stock_subscribe(variant=world["yak"], email="ANN@example.com") == first
    assert BackInStockSubscription.objects.count() == 1

    BackInStockSubscription.objects.filter(pk=first.pk).update(notified_at=NOW)
    again = back_in_stock_subscribe(variant=world["yak"], phone="13800000001")
    assert again != first and BackInStockSubscription.objects.count() == 2


def test_a_request_needs_a_phone_or_an_email(world):
    with pytest.raises(ValidationFailed) as refused:
        back_in_stock_subscribe(variant=world["yak"], phone=" ", email="")

    assert (refused.value.field, str(refused.value.message)) == ("phone", "请填写手机号或邮箱，至少一项。")
    assert not BackInStockSubscription.objects.exists()


def test_a_withdrawn_request_is_not_sent(world, texts, django_capture_on_commit_callbacks):
    request = back_in_stock_subscribe(variant=world["yak"], phone="13800000001")

    withdrawn = back_in_stock_unsubscribe(token=request.token)
    with django_capture_on_commit_callbacks(execute=True):
        intake(world, 1)

    assert withdrawn.unsubscribed_at == NOW
    assert texts() == [] and mail.outbox == []
