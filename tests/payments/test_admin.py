"""Payments, refunds and Stripe events are looked at in the admin, never written there."""

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

from payments.models import Payment, Refund, StripeEvent
from payments.services import payment_confirm_test_card, payment_intent_create, payment_refund
from payments.webhooks import webhook_event_record
from tests.payments.conftest import snapshot
from tests.payments.test_webhook_event_record import event


@pytest.fixture
def admin_client(client, staff):
    client.force_login(staff)
    return client


@pytest.fixture
def refunded(stripe_server):
    payment, _ = payment_confirm_test_card(
        payment=payment_intent_create(reference="ord_1001", amount_fen=16800)
    )
    payment_refund(payment=payment, amount_fen=5000, reason="腰带退回")
    webhook_event_record(event=event())
    return payment


@pytest.mark.django_db
@pytest.mark.parametrize("model", [Payment, Refund, StripeEvent])
def test_no_add_change_or_delete_permission_even_for_a_superuser(staff, model):
    request = RequestFactory().get("/")
    request.user = staff
    model_admin = admin.site.get_model_admin(model)

    assert (
        model_admin.has_add_permission(request),
        model_admin.has_change_permission(request),
        model_admin.has_delete_permission(request),
        model_admin.has_view_permission(request),
    ) == (False, False, False, True)


@pytest.mark.django_db
@pytest.mark.parametrize("model_name", ["payment", "refund", "stripeevent"])
def test_the_pages_show_the_rows_in_chinese(admin_client, refunded, model_name):
    model = {"payment": Payment, "refund": Refund, "stripeevent": StripeEvent}[model_name]
    row = model.objects.get()

    listing = admin_client.get(reverse(f"admin:payments_{model_name}_changelist"))
    detail = admin_client.get(reverse(f"admin:payments_{model_name}_change", args=[row.pk]))

    assert (listing.status_code, detail.status_code) == (200, 200)
    assert [r.pk for r in listing.context["cl"].result_list] == [row.pk]
    assert str(model._meta.verbose_name) in listing.content.decode()


@pytest.mark.django_db
def test_a_payment_shows_amounts_in_yuan_and_hides_the_client_secret(admin_client, refunded):
    page = admin_client.get(reverse("admin:payments_payment_change", args=[refunded.pk])).content.decode()

    assert "¥168.00" in page
    assert "¥50.00" in page
    assert "部分退款" in page
    assert refunded.client_secret not in page


@pytest.mark.django_db
def test_writes_through_the_admin_are_forbidden(admin_client, refunded):
    before = snapshot()

    add = admin_client.post(reverse("admin:payments_payment_add"), {"amount_fen": 1})
    change = admin_client.post(
        reverse("admin:payments_payment_change", args=[refunded.pk]), {"amount_fen": 1}
    )
    delete = admin_client.post(reverse("admin:payments_payment_delete", args=[refunded.pk]), {"post": "yes"})

    assert (add.status_code, change.status_code, delete.status_code) == (403, 403, 403)
    assert snapshot() == before
