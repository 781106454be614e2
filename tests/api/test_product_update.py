import pytest

from catalog.models import Product, Variant
from tests import factories
from tests.api.conftest import DENIED, gid, row_counts

PRODUCT_UPDATE = """
mutation Update($id: ID!, $input: ProductInput!) {
  productUpdate(id: $id, input: $input) {
    product { slug nameEn isPublished category { slug } variants { sku price { amountFen } } }
    errors { field code message }
  }
}
"""


def test_staff_change_a_product_and_its_variants_by_sku(gql, staff_token, product, artisan):
    robes = factories.CategoryFactory(slug="robes")
    variables = {
        "id": gid("Product", product),
        "input": {
            "nameEn": "Felt yak figure",
            "isPublished": False,
            "category": gid("Category", robes),
            "variants": [
                {"sku": "YAK-S", "priceFen": 13800, "artisan": gid("Artisan", artisan)},
                {"sku": "YAK-XL", "priceFen": 51200, "artisan": gid("Artisan", artisan), "sortOrder": 2},
            ],
        },
    }

    result = gql(PRODUCT_UPDATE, variables, token=staff_token)

    assert result["data"]["productUpdate"] == {
        "product": {
            "slug": "felt-yak",
            "nameEn": "Felt yak figure",
            "isPublished": False,
            "category": {"slug": "robes"},
            "variants": [
                {"sku": "YAK-S", "price": {"amountFen": 13800}},
                {"sku": "YAK-L", "price": {"amountFen": 25600}},
                {"sku": "YAK-XL", "price": {"amountFen": 51200}},
            ],
        },
        "errors": [],
    }
    product.refresh_from_db()
    assert (product.name_en, product.name_zh, product.is_published) == ("Felt yak figure", "毡制牦牛", False)


@pytest.mark.parametrize("caller", ["anonymous", "operator"])
def test_product_update_is_refused_to_everyone_but_staff(gql, product, operator_token, caller):
    token = operator_token if caller == "operator" else None

    result = gql(PRODUCT_UPDATE, {"id": gid("Product", product), "input": {"nameEn": "Hacked"}}, token=token)

    assert result["data"]["productUpdate"] == {"product": None, "errors": DENIED}
    product.refresh_from_db()
    assert product.name_en == "Felt yak"


@pytest.mark.parametrize(
    ("input", "field", "code"),
    [
        ({"slug": "taken"}, "slug", "UNIQUE"),
        ({"nameZh": ""}, "nameZh", "INVALID"),
        ({"nameEn": None}, "nameEn", "REQUIRED"),
        (
            {
                "nameEn": "Changed",
                "variants": [{"sku": "OTHER-1", "priceFen": 100, "artisan": "QXJ0aXNhbjow"}],
            },
            "variants",
            "NOT_FOUND",
        ),
        (
            {"nameEn": "Changed", "variants": [{"sku": "OTHER-1", "priceFen": 100, "artisan": "ARTISAN"}]},
            "variants",
            "UNIQUE",
        ),
    ],
)
def test_bad_product_update_is_a_typed_error_and_changes_nothing(
    gql, staff_token, product, artisan, input, field, code
):
    other = factories.ProductFactory(slug="taken")
    factories.VariantFactory(product=other, sku="OTHER-1", artisan=artisan)
    for line in input.get("variants", []):
        if line["artisan"] == "ARTISAN":
            line["artisan"] = gid("Artisan", artisan)

    result = gql(PRODUCT_UPDATE, {"id": gid("Product", product), "input": input}, token=staff_token)

    payload = result["data"]["productUpdate"]
    assert payload["product"] is None
    assert [(error["field"], error["code"]) for error in payload["errors"]] == [(field, code)]
    product.refresh_from_db()
    assert (product.slug, product.name_zh, product.name_en) == ("felt-yak", "毡制牦牛", "Felt yak")
    assert row_counts(Product, Variant) == {"Product": 2, "Variant": 3}


def test_product_update_of_an_unknown_product_is_not_found(gql, staff_token, artisan):
    result = gql(PRODUCT_UPDATE, {"id": gid("Artisan", artisan), "input": {"nameEn": "X"}}, token=staff_token)

    assert [(e["field"], e["code"]) for e in result["data"]["productUpdate"]["errors"]] == [
        ("id", "NOT_FOUND")
    ]
