"""One screen for a new piece: the product, its variants with prices in yuan, the artisan, a photo
(previewed in the page before it is sent) and the pieces she handed over, taken in at the base, all
through the catalogue's, the media's and the stock's own services, all or nothing."""

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from catalog.models import Product, Variant
from inventory.models import Intake, StockLevel
from media.models import Image
from tests import factories
from tests.admin.conftest import field_errors
from tests.media.images import jpeg_bytes

URL = reverse("workbench:new-piece")


@pytest.fixture
def category(db):
    return factories.CategoryFactory(slug="robes", name_zh="蒙古服饰")


def post_data(chimeg, category, **changes):
    data = {
        "name_zh": "蓝缎蒙古袍",
        "name_en": "Blue satin robe",
        "slug": "blue-satin-robe",
        "category": category.pk,
        "artisan": chimeg.pk,
        "description_zh": "",
        "description_en": "",
        "variants-TOTAL_FORMS": "3",
        "variants-INITIAL_FORMS": "0",
        "variants-MIN_NUM_FORMS": "1",
        "variants-MAX_NUM_FORMS": "20",
        "variants-0-sku": "MG01-M",
        "variants-0-name_zh": "M 码",
        "variants-0-price": "1680",
        "variants-0-quantity": "2",
        "variants-1-sku": "MG01-L",
        "variants-1-name_zh": "L 码",
        "variants-1-price": "1,780.50",
        "variants-1-quantity": "1",
        "variants-2-quantity": "1",  # the blank third row as the page sends it
    }
    data.update(changes)
    return data


@pytest.mark.django_db
def test_a_new_piece_in_one_screen(admin_client, base, chimeg, category):
    photo = SimpleUploadedFile("robe.jpg", jpeg_bytes(640, 480), content_type="image/jpeg")

    page = admin_client.get(URL).content.decode()
    response = admin_client.post(URL, {**post_data(chimeg, category), "photo": photo})

    # then: the page offered the preview, and the piece exists with its prices, photo and stock
    assert 'data-preview="photo-preview"' in page and 'id="photo-preview"' in page
    assert "workbench/new_piece.js" in page
    product = Product.objects.get(slug="blue-satin-robe")
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:catalog_product_change", args=[product.pk])
    assert list(
        product.variants.order_by("sort_order").values_list("sku", "name_zh", "price_fen", "artisan")
    ) == [
        ("MG01-M", "M 码", 168000, chimeg.pk),
        ("MG01-L", "L 码", 178050, chimeg.pk),
    ]
    assert [link.image.alt_zh for link in product.images.all()] == ["蓝缎蒙古袍"]
    assert dict(StockLevel.objects.filter(location=base).values_list("variant__sku", "quantity")) == {
        "MG01-M": 2,
        "MG01-L": 1,
    }
    assert Intake.objects.get().artisan == chimeg
    follow = admin_client.get(response["Location"]).content.decode()
    assert "已登记新作品“蓝缎蒙古袍”，总库入库 3 件。" in follow


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"variants-1-price": "17.805"},
            "id_variants-1-price",
            "请输入以元为单位的金额，例如 1680 或 1680.00。",
        ),
        ({"variants-1-price": "0"}, "id_variants-1-price", "金额不能少于 ¥0.01。"),
        ({"variants-1-sku": "MG01-M"}, "", "同一个 SKU 只能填一次。"),
        ({"slug": "蓝袍"}, "id_slug", None),
    ],
)
def test_a_mistake_is_told_on_the_page_and_nothing_is_written(
    admin_client, base, chimeg, category, changes, field, message
):
    response = admin_client.post(URL, post_data(chimeg, category, **changes))

    assert response.status_code == 400
    errors = field_errors(response)
    assert field in errors
    if message:
        assert message in errors[field]
    assert (Product.objects.count(), Variant.objects.count(), Intake.objects.count()) == (0, 0, 0)
    assert (StockLevel.objects.count(), Image.objects.count()) == (0, 0)


@pytest.mark.django_db
def test_a_sku_used_by_another_product_undoes_everything(admin_client, base, chimeg, category, robe):
    response = admin_client.post(URL, post_data(chimeg, category, **{"variants-0-sku": "MG01-M"}))

    assert response.status_code == 400
    assert "SKU MG01-M 已被其他商品使用。" in response.content.decode()
    assert not Product.objects.filter(slug="blue-satin-robe").exists()
    assert (Intake.objects.count(), StockLevel.objects.count()) == (0, 0)


@pytest.mark.django_db
def test_only_staff_who_may_add_products_and_take_in_stock(client, base, chimeg, category):
    finance = factories.StaffFactory(username="finance", is_superuser=False)
    finance.groups.add(Group.objects.get(name="财务"))
    client.force_login(finance)

    assert client.get(URL).status_code == 403
    assert client.post(URL, post_data(chimeg, category)).status_code == 403
    assert Product.objects.count() == 0
