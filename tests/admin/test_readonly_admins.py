"""Stock levels and movements are looked at in the admin, never written there."""

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

from inventory.models import Movement, StockLevel
from inventory.services import LineQuantity, intake_create
from tests.inventory.stock import snapshot


@pytest.fixture
def stocked(staff, base, chimeg, robe, sash):
    intake_create(artisan=chimeg, lines=[LineQuantity(robe, 4), LineQuantity(sash, 6)], actor=staff)


@pytest.mark.django_db
@pytest.mark.parametrize("model", [StockLevel, Movement])
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
@pytest.mark.parametrize("model_name", ["stocklevel", "movement"])
def test_writes_through_the_admin_are_forbidden(admin_client, stocked, model_name):
    model = {"stocklevel": StockLevel, "movement": Movement}[model_name]
    row = model.objects.order_by("pk").first()
    before = snapshot()

    add = admin_client.post(reverse(f"admin:inventory_{model_name}_add"), {"quantity": 99})
    change = admin_client.post(
        reverse(f"admin:inventory_{model_name}_change", args=[row.pk]), {"quantity": 99}
    )
    delete = admin_client.post(
        reverse(f"admin:inventory_{model_name}_delete", args=[row.pk]), {"post": "yes"}
    )

    assert (add.status_code, change.status_code, delete.status_code) == (403, 403, 403)
    assert snapshot() == before


@pytest.mark.django_db
def test_stock_levels_are_searched_by_sku_and_filtered_by_location(admin_client, stocked, base):
    changelist = reverse("admin:inventory_stocklevel_changelist")

    found = admin_client.get(changelist, {"q": "MG05"})
    at_base = admin_client.get(changelist, {"location__id__exact": base.pk})

    assert [level.variant.sku for level in found.context["cl"].result_list] == ["MG05-BLU"]
    assert [level.variant.sku for level in at_base.context["cl"].result_list] == ["MG01-M", "MG05-BLU"]


@pytest.mark.django_db
def test_movements_are_searched_by_sku_and_filtered_by_kind(admin_client, stocked):
    changelist = reverse("admin:inventory_movement_changelist")

    found = admin_client.get(changelist, {"q": "MG01"})
    intakes = admin_client.get(changelist, {"kind__exact": "intake"})
    sales = admin_client.get(changelist, {"kind__exact": "sale"})

    assert [(m.variant.sku, m.quantity) for m in found.context["cl"].result_list] == [("MG01-M", 4)]
    assert sorted(m.variant.sku for m in intakes.context["cl"].result_list) == ["MG01-M", "MG05-BLU"]
    assert list(sales.context["cl"].result_list) == []
