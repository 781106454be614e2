import pytest

from catalog.models import Product, Variant
from catalog.services import VariantInput, product_create, product_update
from core.errors import ValidationFailed
from tests import factories


@pytest.fixture
def robe(robes, uren, make_image):
    return product_create(
        slug="robe",
        name_zh="蒙古袍",
        name_en="Robe",
        category=robes,
        variants=[VariantInput("ROBE-M", 128000, uren, name_en="M"), VariantInput("ROBE-S", 118000, uren)],
        images=[make_image("front.png")],
    )


def variants_of(product):
    return list(product.variants.order_by("sku").values_list("sku", "price_fen", "artisan__code", "name_en"))


def images_of(product):
    return list(product.images.values_list("image", flat=True))


@pytest.mark.django_db
def test_the_given_fields_change(robe, embroidery):
    # when
    returned = product_update(
        product=robe,
        name_en=" Mongolian robe ",
        category=embroidery,
        is_published=False,
        description_zh="新款",
    )

    # then
    fresh = Product.objects.get(pk=robe.pk)
    assert returned is robe
    assert (
        fresh.slug,
        fresh.name_zh,
        fresh.name_en,
        fresh.category,
        fresh.is_published,
        fresh.description_zh,
    ) == (
        "robe",
        "蒙古袍",
        "Mongolian robe",
        embroidery,
        False,
        "新款",
    )
    assert (robe.name_en, robe.is_published) == ("Mongolian robe", False)


@pytest.mark.django_db
def test_variants_are_matched_by_sku_updated_or_added_and_never_removed(robe, dolma):
    # when
    product_update(
        product=robe,
        variants=[
            VariantInput("ROBE-M", 135000, dolma, name_en="Medium", sort_order=2),
            VariantInput("ROBE-L", 145000, dolma, name_en="L"),
        ],
    )

    # then
    assert variants_of(robe) == [
        ("ROBE-L", 145000, "dolma", "L"),
        ("ROBE-M", 135000, "dolma", "Medium"),
        ("ROBE-S", 118000, "uren", ""),
    ]


@pytest.mark.django_db
def test_images_when_given_replace_the_list_in_order(robe, make_image):
    # given
    side, back = make_image("side.png"), make_image("back.png")

    # when
    product_update(product=robe, images=[back, side])

    # then
    assert list(robe.images.values_list("image", "sort_order")) == [(back.pk, 0), (side.pk, 1)]


@pytest.mark.django_db
def test_images_and_variants_not_given_stay_as_they_are(robe):
    # given
    before = (variants_of(robe), images_of(robe))

    # when
    product_update(product=robe, name_zh="传统蒙古袍")

    # then
    assert (variants_of(robe), images_of(robe)) == before
    assert Product.objects.get(pk=robe.pk).name_zh == "传统蒙古袍"


@pytest.mark.django_db
def test_an_empty_image_list_removes_them_all(robe):
    # when
    product_update(product=robe, images=[])

    # then
    assert images_of(robe) == []


@pytest.mark.django_db
def test_a_sku_of_another_product_is_refused_and_nothing_changes(robe, uren):
    # given
    factories.VariantFactory(sku="PURSE-RED", product__slug="purse")
    before = (variants_of(robe), images_of(robe))

    # when
    with pytest.raises(ValidationFailed) as refused:
        product_update(
            product=robe,
            name_zh="新蒙古袍",
            variants=[VariantInput("ROBE-M", 1, uren), VariantInput("PURSE-RED", 9800, uren)],
            images=[],
        )

    # then
    assert (refused.value.field, str(refused.value.message)) == (
        "variants",
        "SKU PURSE-RED 已被其他商品使用。",
    )
    assert (variants_of(robe), images_of(robe)) == before
    assert Product.objects.get(pk=robe.pk).name_zh == "蒙古袍"
    assert robe.name_zh == "蒙古袍"
    assert Variant.objects.get(sku="PURSE-RED").product.slug == "purse"


@pytest.mark.django_db
def test_an_unknown_field_is_refused(robe):
    # when
    with pytest.raises(ValidationFailed) as refused:
        product_update(product=robe, name_zh="新蒙古袍", price_fen=1)

    # then
    assert refused.value.field == "priceFen"
    assert Product.objects.get(pk=robe.pk).name_zh == "蒙古袍"


@pytest.mark.django_db
def test_a_slug_of_another_product_is_refused_but_its_own_is_fine(robe):
    # given
    factories.ProductFactory(slug="purse", name_zh="刺绣荷包")

    # when
    product_update(product=robe, slug="robe")
    with pytest.raises(ValidationFailed) as refused:
        product_update(product=robe, slug="purse", name_zh="荷包")

    # then
    assert (refused.value.field, refused.value.code) == ("slug", "DUPLICATE")
    assert list(Product.objects.order_by("slug").values_list("slug", "name_zh")) == [
        ("purse", "刺绣荷包"),
        ("robe", "蒙古袍"),
    ]
    assert robe.slug == "robe"


@pytest.mark.django_db
def test_a_bad_price_on_an_existing_variant_is_refused(robe, uren):
    # when
    with pytest.raises(ValidationFailed) as refused:
        product_update(product=robe, variants=[VariantInput("ROBE-M", 0, uren)])

    # then
    assert refused.value.field == "variants"
    assert variants_of(robe)[0] == ("ROBE-M", 128000, "uren", "M")
