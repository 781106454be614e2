import pytest

from catalog.models import Product, ProductImage, Variant
from catalog.services import VariantInput, product_create
from core.errors import ValidationFailed
from tests import factories


def catalogue():
    return (
        list(Product.objects.values_list("slug", flat=True)),
        list(Variant.objects.order_by("sku").values_list("sku", flat=True)),
        ProductImage.objects.count(),
    )


@pytest.mark.django_db
def test_a_product_is_created_with_its_variants_and_images_in_order(robes, uren, dolma, make_image):
    # given
    front, back = make_image("front.png"), make_image("back.png", 48, 64)

    # when
    product = product_create(
        slug="mongolian-robe",
        name_zh=" 蒙古袍 ",
        name_en="Mongolian robe",
        category=robes,
        description_zh="羊毛面料",
        variants=[
            VariantInput("ROBE-M", 128000, uren, name_zh="中号", name_en="M", sort_order=1),
            VariantInput(" ROBE-S ", 118000, dolma, name_zh="小号", name_en="S"),
        ],
        images=[back, front],
        is_one_of_a_kind=False,
    )

    # then
    product = Product.objects.get(pk=product.pk)
    assert (product.slug, product.name_zh, product.category, product.is_published) == (
        "mongolian-robe",
        "蒙古袍",
        robes,
        True,
    )
    assert list(
        product.variants.order_by("sort_order").values_list("sku", "price_fen", "artisan__code", "name_en")
    ) == [("ROBE-S", 118000, "dolma", "S"), ("ROBE-M", 128000, "uren", "M")]
    assert list(product.images.values_list("image", "sort_order")) == [(back.pk, 0), (front.pk, 1)]


@pytest.mark.django_db
def test_a_product_without_variants_is_refused(robes):
    # when
    with pytest.raises(ValidationFailed) as refused:
        product_create(slug="robe", name_zh="蒙古袍", name_en="Robe", category=robes, variants=[])

    # then
    assert refused.value.field == "variants"
    assert catalogue() == ([], [], 0)


@pytest.mark.django_db
def test_a_sku_of_another_product_is_refused_and_named(robes, uren):
    # given
    factories.VariantFactory(sku="ROBE-M", product__slug="old-robe")

    # when
    with pytest.raises(ValidationFailed) as refused:
        product_create(
            slug="robe",
            name_zh="蒙古袍",
            name_en="Robe",
            category=robes,
            variants=[VariantInput("ROBE-L", 138000, uren), VariantInput("ROBE-M", 128000, uren)],
        )

    # then
    assert (refused.value.field, refused.value.code) == ("variants", "DUPLICATE")
    assert str(refused.value.message) == "SKU ROBE-M 已被其他商品使用。"
    assert catalogue() == (["old-robe"], ["ROBE-M"], 0)


@pytest.mark.parametrize(
    ("variant", "message"),
    [
        (lambda a: VariantInput("ROBE-M", 0, a), "SKU ROBE-M 的价格必须是大于 0 的整数（分）。"),
        (lambda a: VariantInput("ROBE-M", -100, a), "SKU ROBE-M 的价格必须是大于 0 的整数（分）。"),
        (lambda a: VariantInput("ROBE-M", 1280.5, a), "SKU ROBE-M 的价格必须是大于 0 的整数（分）。"),
        (lambda a: VariantInput("ROBE-M", "128000", a), "SKU ROBE-M 的价格必须是大于 0 的整数（分）。"),
        (lambda a: VariantInput("ROBE-M", 128000, None), "SKU ROBE-M 必须指定手工艺人。"),
        (lambda a: VariantInput("  ", 128000, a), "每个规格都要有 SKU。"),
        (lambda a: VariantInput("R" * 41, 128000, a), f"SKU {'R' * 41} 太长（最多 40 个字符）。"),
        (lambda a: VariantInput("ROBE-M", 128000, a, sort_order=-1), "排序必须是不小于 0 的整数。"),
    ],
)
@pytest.mark.django_db
def test_a_malformed_variant_is_refused(robes, uren, variant, message):
    # when
    with pytest.raises(ValidationFailed) as refused:
        product_create(
            slug="robe", name_zh="蒙古袍", name_en="Robe", category=robes, variants=[variant(uren)]
        )

    # then
    assert (refused.value.field, str(refused.value.message)) == ("variants", message)
    assert catalogue() == ([], [], 0)


@pytest.mark.django_db
def test_the_same_sku_twice_is_refused(robes, uren, dolma):
    # when
    with pytest.raises(ValidationFailed) as refused:
        product_create(
            slug="robe",
            name_zh="蒙古袍",
            name_en="Robe",
            category=robes,
            variants=[VariantInput("ROBE-M", 128000, uren), VariantInput("ROBE-M ", 99000, dolma)],
        )

    # then
    assert (refused.value.field, str(refused.value.message)) == ("variants", "SKU ROBE-M 重复出现。")
    assert catalogue() == ([], [], 0)


@pytest.mark.django_db
def test_a_slug_already_used_is_refused(robes, uren):
    # given
    factories.ProductFactory(slug="robe")

    # when
    with pytest.raises(ValidationFailed) as refused:
        product_create(
            slug="robe",
            name_zh="蒙古袍",
            name_en="Robe",
            category=robes,
            variants=[VariantInput("R-1", 100, uren)],
        )

    # then
    assert refused.value.field == "slug"
    assert catalogue() == (["robe"], [], 0)


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"slug": "蒙古袍"}, "slug"),
        ({"name_zh": ""}, "nameZh"),
        ({"name_en": "N" * 201}, "nameEn"),
        ({"category": None}, "category"),
    ],
)
@pytest.mark.django_db
def test_a_malformed_product_is_refused(robes, uren, overrides, field):
    # when
    with pytest.raises(ValidationFailed) as refused:
        product_create(
            **(
                {"slug": "robe", "name_zh": "蒙古袍", "name_en": "Robe", "category": robes}
                | overrides
                | {"variants": [VariantInput("R-1", 100, uren)]}
            )
        )

    # then
    assert refused.value.field == field
    assert catalogue() == ([], [], 0)


@pytest.mark.django_db
def test_the_same_image_twice_is_refused(robes, uren, make_image):
    # given
    image = make_image()

    # when
    with pytest.raises(ValidationFailed) as refused:
        product_create(
            slug="robe",
            name_zh="蒙古袍",
            name_en="Robe",
            category=robes,
            variants=[VariantInput("R-1", 100, uren)],
            images=[image, image],
        )

    # then
    assert (refused.value.field, refused.value.code) == ("images", "DUPLICATE")
    assert catalogue() == ([], [], 0)
