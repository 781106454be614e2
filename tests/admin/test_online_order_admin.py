"""Staff hand an online order over and refund it from the order's admin page; a refusal shows next
to its field and writes nothing."""

import pytest
from django.urls import reverse

from inventory.models import Movement, StockLevel
from inventory.services import LineQuantity, intake_create
from orders.models import Order, OrderRefund, ShippingRegion
from orders.services import (
    CheckoutLineInput,
    checkout_complete,
    checkout_create,
    checkout_delivery_update,
    checkout_payment_create,
)
from payments.models import Payment
from payments.services import payment_confirm_test_card
from tests.admin.conftest import field_errors, formset
from tests.inventory.stock import snapshot

pytestmark = pytest.mark.django_db


@pytest.fixture
def order(stripe_server, staff, base, chimeg, robe, sash):
    """Two robes and a sash bought online, to ship: 2 × 1680 + 238 + 12 shipping."""
    intake_create(artisan=chimeg, lines=[LineQuantity(robe, 3), LineQuantity(sash, 2)], actor=staff)
    region = ShippingRegion.objects.create(code="qinghai", name_zh="青海省内", price_fen=1200)
    checkout = checkout_create(
        lines=[CheckoutLineInput(robe.pk, 2), CheckoutLineInput(sash.pk, 1)],
        email="tourist@example.com",
        phone="13800000000",
    )
    checkout_delivery_update(
        checkout=checkout,
        method="shipping",
        shipping_region=region,
        recipient_name="李华",
        shipping_address="西宁",
    )
    payment_confirm_test_card(payment=checkout_payment_create(checkout=checkout))
    return checkout_complete(checkout=checkout)


def test_the_order_page_shows_the_delivery_and_links_to_the_actions(admin_client, order):
    page = admin_client.get(reverse("admin:orders_order_change", args=[order.pk])).content.decode()

    assert "李华" in page and "¥12.00" in page
    assert reverse("admin:orders_order_fulfil", args=[order.pk]) in page
    assert reverse("admin:orders_order_refund", args=[order.pk]) in page


def test_shipping_without_a_tracking_number_shows_the_error_and_writes_nothing(
    admin_client, order, base, robe
):
    url = reverse("admin:orders_order_fulfil", args=[order.pk])
    before = snapshot()

    refused = admin_client.post(url, {"tracking_number": " "})

    assert refused.status_code == 200
    assert field_errors(refused)["id_tracking_number"] == ["请填写快递单号（不超过 64 个字符）。"]
    assert (snapshot(), Order.objects.get().fulfilment_status) == (before, "unfulfilled")

    shipped = admin_client.post(url, {"tracking_number": "SF100200300"})

    assert shipped.status_code == 302
    assert Order.objects.values_list("fulfilment_status", "tracking_number").get() == (
        "shipped",
        "SF100200300",
    )
    assert StockLevel.objects.values_list("quantity", "allocated").get(variant=robe, location=base) == (1, 0)
    assert Movement.objects.filter(kind="sale", reference=order.number).count() == 2


def test_refunding_one_robe_through_stripe(admin_client, order, robe):
    url = reverse("admin:orders_order_refund", args=[order.pk])
    lines = list(order.lines.order_by("pk"))
    assert admin_client.get(url).status_code == 200

    too_many = admin_client.post(
        url, {"reason": "", **formset("lines", [{"quantity": 3}, {"quantity": 0}], initial=2)}
    )
    assert too_many.status_code == 200
    assert field_errors(too_many)["id_lines-0-quantity"] == [f"{robe.sku} 最多还能退 2 件。"]
    assert (OrderRefund.objects.count(), Payment.objects.get().refunded_fen) == (0, 0)

    done = admin_client.post(
        url, {"reason": "尺码不合适", **formset("lines", [{"quantity": 1}, {"quantity": 0}], initial=2)}
    )

    assert done.status_code == 302
    refund = OrderRefund.objects.get()
    assert (refund.amount_fen, refund.reason, refund.lines.get().order_line) == (
        168000,
        "尺码不合适",
        lines[0],
    )
    assert (Order.objects.get().status, Payment.objects.get().refunded_fen) == ("partially_refunded", 168000)


def test_refunding_the_whole_order(admin_client, order):
    url = reverse("admin:orders_order_refund", args=[order.pk])

    done = admin_client.post(
        url, {"whole": "on", "reason": "", **formset("lines", [{"quantity": 0}, {"quantity": 0}], initial=2)}
    )

    assert done.status_code == 302
    assert (Order.objects.get().status, Payment.objects.get().status) == ("refunded", "refunded")
    assert OrderRefund.objects.get().amount_fen == 2 * 168000 + 23800 + 1200
