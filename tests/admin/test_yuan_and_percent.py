"""Staff type and read money in yuan and shares in percent in every admin form and list, while the
models keep integer fen and basis points; a mistake is told in yuan next to its field."""

import pytest
from django.urls import reverse

from artisans.models import Agreement
from catalog.models import Variant
from orders.models_checkout import ShippingRegion
from tests import factories
from tests.admin.conftest import field_errors


def variant_post(variant, price):
    return {
        "product": variant.product_id,
        "sku": variant.sku,
        "name_zh": variant.name_zh,
        "name_en": "",
        "price_fen": price,
        "artisan": variant.artisan_id,
        "sort_order": 0,
    }


@pytest.mark.django_db
def test_a_variants_price_is_shown_and_taken_in_yuan(admin_client, robe):
    url = reverse("admin:catalog_variant_change", args=[robe.pk])

    # when
    form = admin_client.get(url).content.decode()
    listing = admin_client.get(reverse("admin:catalog_variant_changelist")).content.decode()
    response = admin_client.post(url, variant_post(robe, "1,580.50"))

    # then
    assert 'name="price_fen" value="1680.00"' in form
    assert "价格（元）" in form
    assert "¥1,680.00" in listing
    assert response.status_code == 302
    assert Variant.objects.get(pk=robe.pk).price_fen == 158050


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("12.345", "请输入以元为单位的金额，例如 1680 或 1680.00。"),
        ("一千", "请输入以元为单位的金额，例如 1680 或 1680.00。"),
        ("-5", "金额不能少于 ¥0.00。"),
        ("30000000", "金额不能超过 ¥21,474,836.47。"),
    ],
)
def test_a_bad_price_is_told_in_yuan_and_nothing_changes(admin_client, robe, typed, message):
    response = admin_client.post(
        reverse("admin:catalog_variant_change", args=[robe.pk]), variant_post(robe, typed)
    )

    assert response.status_code == 200
    assert field_errors(response)["id_price_fen"] == [message]
    assert f'value="{typed}"' in response.content.decode()  # what she typed stays, to be corrected
    assert Variant.objects.get(pk=robe.pk).price_fen == 168000


@pytest.mark.django_db
def test_an_artisans_terms_read_in_percent(admin_client):
    agreement = factories.AgreementFactory(
        artisan__code="artisan-01", artisan_bp=7550, operator_bp=1000, programme_bp=1450
    )

    page = admin_client.get(
        reverse("admin:artisans_artisan_change", args=[agreement.artisan_id])
    ).content.decode()

    assert "<td>2026-01-01</td><td>75.5%</td><td>10%</td><td>14.5%</td>" in page
    assert "7550" not in page
    assert Agreement.objects.get(pk=agreement.pk).artisan_bp == 7550


@pytest.mark.django_db
def test_a_share_that_is_no_percentage_is_refused(admin_client):
    artisan = factories.ArtisanFactory(code="artisan-02")
    from tests.admin.test_artisan_admin import artisan_post

    response = admin_client.post(
        reverse("admin:artisans_artisan_change", args=[artisan.pk]),
        artisan_post(
            artisan,
            [
                {
                    "valid_from": "2026-07-01",
                    "artisan_bp": "75.125",
                    "operator_bp": "10",
                    "programme_bp": "150",
                }
            ],
        ),
    )

    assert response.status_code == 200
    errors = field_errors(response)
    assert errors["id_agreements-0-artisan_bp"] == ["请输入百分比，例如 75 或 12.5（最多两位小数）。"]
    assert errors["id_agreements-0-programme_bp"] == ["百分比不能超过 100%。"]
    assert Agreement.objects.count() == 0


@pytest.mark.django_db
def test_a_shipping_region_costs_yuan(admin_client):
    response = admin_client.post(
        reverse("admin:orders_shippingregion_add"),
        {
            "code": "qinghai",
            "name_zh": "青海省内",
            "name_en": "Qinghai",
            "price": "12.50",
            "active": "on",
            "position": 0,
        },
    )
    bad = admin_client.post(
        reverse("admin:orders_shippingregion_add"),
        {
            "code": "xizang",
            "name_zh": "西藏",
            "name_en": "Tibet",
            "price": "-3",
            "active": "on",
            "position": 0,
        },
    )
    region = ShippingRegion.objects.get()
    form = admin_client.get(reverse("admin:orders_shippingregion_change", args=[region.pk])).content.decode()

    assert response.status_code == 302
    assert (region.code, region.price_fen) == ("qinghai", 1250)
    assert field_errors(bad)["id_price"] == ["金额不能少于 ¥0.00。"]
    assert 'name="price" value="12.50"' in form


@pytest.mark.django_db
def test_money_on_read_only_pages_reads_in_yuan(admin_client, cart):
    """A shift is only viewed in the admin: its cash counts read in yuan, not in fen."""
    from carts.services import operator_create, shift_close, shift_open

    operator = operator_create(username="op-chaka", password="gongfang-op", display_name="韩梅", carts=[cart])
    shift = shift_open(cart=cart, operator=operator, device_id="tablet-7f3a", opening_cash_fen=200000)
    shift_close(shift=shift, counted_cash_fen=366050, actor=operator.user)

    page = admin_client.get(reverse("admin:carts_shift_change", args=[shift.pk])).content.decode()

    assert "¥2,000.00" in page and "¥3,660.50" in page
    assert "200000" not in page and "366050" not in page
