from tests.api.conftest import attach_image, error_codes, gid

PRODUCT = """
query Product($id: ID, $slug: String) {
  product(id: $id, slug: $slug) { id slug name description images(size: 480) { url } variants { sku } }
}
"""


def test_product_by_slug_is_public(gql, product):
    attach_image(product, name="yak", thumbnails={"160": "t/yak-160.webp", "480": "t/yak-480.webp"})
    attach_image(product, name="yak2")

    result = gql(PRODUCT, {"slug": "felt-yak"})

    assert result == {
        "data": {
            "product": {
                "id": gid("Product", product),
                "slug": "felt-yak",
                "name": "毡制牦牛",
                "description": "",
                "images": [
                    {"url": "http://testserver/media/t/yak-480.webp"},
                    # No thumbnails made yet: the original.
                    {"url": "http://testserver/media/images/yak2.jpg"},
                ],
                "variants": [{"sku": "YAK-S"}, {"sku": "YAK-L"}],
            }
        }
    }


def test_product_by_id(gql, product):
    result = gql(PRODUCT, {"id": gid("Product", product)})

    assert result["data"]["product"]["slug"] == "felt-yak"


def test_an_unpublished_product_is_null_for_the_public_and_shown_to_staff(
    gql, product, staff_token, operator_token
):
    product.is_published = False
    product.save(update_fields=["is_published"])

    assert gql(PRODUCT, {"slug": "felt-yak"}) == {"data": {"product": None}}
    assert gql(PRODUCT, {"id": gid("Product", product)}, token=operator_token) == {"data": {"product": None}}
    assert gql(PRODUCT, {"slug": "felt-yak"}, token=staff_token)["data"]["product"]["slug"] == "felt-yak"


def test_product_unknown_slug_or_wrong_id_type_is_null(gql, product, artisan):
    assert gql(PRODUCT, {"slug": "nothing"}) == {"data": {"product": None}}
    assert gql(PRODUCT, {"id": gid("Artisan", artisan)}) == {"data": {"product": None}}


def test_product_needs_exactly_one_of_id_and_slug(gql, product):
    result = gql(PRODUCT, {"id": gid("Product", product), "slug": "felt-yak"})

    assert result["data"] == {"product": None}
    assert error_codes(result) == ["INVALID"]
