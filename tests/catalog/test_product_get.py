import pytest

from catalog.selectors import product_get
from catalog.services import VariantInput, product_create, product_update
from core.errors import NotFound


@pytest.fixture
def robe(robes, uren, make_image):
    return product_create(
        slug="robe",
        name_zh="蒙古袍",
        name_en="Robe",
        category=robes,
        variants=[VariantInput("ROBE-S", 118000, uren, sort_order=1), VariantInput("ROBE-M", 128000, uren)],
        images=[make_image("front.png")],
    )


@pytest.mark.django_db
def test_a_product_comes_with_everything_its_page_shows(robe, django_assert_num_queries):
    # when
    with django_assert_num_queries(4):
        product = product_get(slug="robe")
        shown = (
            product.category.slug,
            [(v.sku, v.artisan.code, list(v.stock_levels.all())) for v in product.variants.all()],
            [picture.image.width for picture in product.images.all()],
        )

    # then
    assert product == robe
    assert shown == ("robes", [("ROBE-M", "uren", []), ("ROBE-S", "uren", [])], [64])


@pytest.mark.django_db
def test_an_unpublished_product_is_found_only_when_asked_for(robe):
    # given
    product_update(product=robe, is_published=False)

    # when
    with pytest.raises(NotFound):
        product_get(slug="robe")
    found = product_get(slug="robe", published_only=False)

    # then
    assert found == robe


@pytest.mark.django_db
def test_a_missing_product_is_not_found(robe):
    # when
    with pytest.raises(NotFound) as missing:
        product_get(slug="rob")

    # then
    assert missing.value.params == {"slug": "rob"}
