"""Every admin page staff can reach loads, in Chinese."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

REGISTERED = [model for model in apps.get_models() if admin.site.is_registered(model)]
MODELS = sorted(
    f"{model._meta.app_label}.{model._meta.model_name}"
    for model in REGISTERED
    if model._meta.app_label not in {"django_celery_beat", "auth"}
)
# Records that only services write (stock, journal, payments, orders): staff read them, never add.
READ_ONLY = {
    f"{model._meta.app_label}.{model._meta.model_name}"
    for model in REGISTERED
    for model_admin in [admin.site.get_model_admin(model)]
    if model_admin.has_add_permission.__func__ is not admin.ModelAdmin.has_add_permission
    and not model_admin.has_add_permission(RequestFactory().get("/"))
}


def url(label: str, view: str, *args) -> str:
    app_label, model_name = label.split(".")
    return reverse(f"admin:{app_label}_{model_name}_{view}", args=args)


def verbose_name(label: str) -> str:
    model = apps.get_model(label)
    return str(model._meta.verbose_name)


def test_every_domain_model_is_registered():
    assert set(MODELS) >= {
        "accounts.user",
        "artisans.artisan",
        "artisans.workshop",
        "carts.cart",
        "carts.operator",
        "carts.site",
        "catalog.category",
        "catalog.product",
        "catalog.variant",
        "inventory.intake",
        "inventory.location",
        "inventory.movement",
        "inventory.stockcount",
        "inventory.stocklevel",
        "inventory.transfer",
        "media.image",
    }


@pytest.mark.django_db
def test_the_index_is_in_chinese(admin_client):
    response = admin_client.get(reverse("admin:index"))

    assert response.status_code == 200
    page = response.content.decode()
    assert "<title>项目管理 | 工坊管理</title>" in page
    for heading in ("寄售入库", "调拨", "盘点", "库存", "库存流水", "手工艺人", "商品", "零售车", "运营员"):
        assert f">{heading}</a>" in page


@pytest.mark.django_db
@pytest.mark.parametrize("label", MODELS)
def test_changelist_loads_with_a_chinese_heading(admin_client, label):
    response = admin_client.get(url(label, "changelist"))

    assert response.status_code == 200
    page = response.content.decode()
    name = verbose_name(label)
    assert f"<h1>选择 {name} 来修改</h1>" in page or f"<h1>选择{name}查看</h1>" in page


def test_the_service_written_records_are_read_only():
    assert {
        "inventory.stocklevel",
        "inventory.movement",
        "orders.order",
        "ledger.journaltransaction",
    } <= READ_ONLY


@pytest.mark.django_db
@pytest.mark.parametrize("label", sorted(READ_ONLY & set(MODELS)))
def test_read_only_records_have_no_add_page(admin_client, label):
    assert admin_client.get(url(label, "add")).status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize("label", sorted(set(MODELS) - READ_ONLY))
def test_add_view_loads(admin_client, label):
    response = admin_client.get(url(label, "add"))

    assert response.status_code == 200
    assert "首页" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("label", "heading"),
    [
        ("inventory.intake", "登记寄售入库"),
        ("inventory.transfer", "发出调拨"),
        ("inventory.stockcount", "盘点：选择库位"),
    ],
)
def test_stock_operations_open_their_own_forms(admin_client, base, label, heading):
    response = admin_client.get(url(label, "add"))

    assert response.status_code == 200
    assert f"<h1>{heading}</h1>" in response.content.decode()


@pytest.mark.django_db
def test_the_adjust_view_loads(admin_client, base):
    response = admin_client.get(reverse("admin:inventory_stocklevel_adjust"))

    assert response.status_code == 200
    assert "<h1>调整库存</h1>" in response.content.decode()
