import pytest

from catalog.models import Product, Variant
from tests import factories
from tests.api.conftest import DENIED, gid, row_counts

PRODUCT_CREATE = """
mutation Create($input: ProductCreateInput!) {
  productCreate(input: $input) {
    product {
      slug name nameEn isPublished isOneOfAKind category { slug }
      variants { sku nameEn price { amountFen } artisan { code } }
    }
    errors { field code message }
  }
}
"""


def product_input(in_category, artisan, **overrides):
    return {
        "slug": "beaded-necklace",
        "nameZh": "串珠项链",
        "nameEn": "Beaded necklace",
        "category": gid("Category", in_category),
        "isOneOfAKind": True,
        "variants": [
            {"sku": "BEAD-RED", "nameEn": "Red", "priceFen": 38800, "artisan": gid("Artisan", artisan)},
            {
                "sku": "BEAD-BLUE",
                "nameEn": "Blue",
                "priceFen": 39800,
                "artisan": gid("Artisan", artisan),
                "sortOrder": 1,
            },
        ],
        **overrides,
    }


def test_staff_create_a_product_with_its_variants(gql, staff_token, category, artisan):
    result = gql(PRODUCT_CREATE, {"input": product_input(category, artisan)}, token=staff_token)

    assert result["data"]["productCreate"] == {
        "product": {
            "slug": "beaded-necklace",
            "name": "串珠项链",
            "nameEn": "Beaded necklace",
            "isPublished": True,
            "isOneOfAKind": True,
            "category": {"slug": "felt"},
            "variants": [
                {
                    "sku": "BEAD-RED",
                    "nameEn": "Red",
                    "price": {"amountFen": 38800},
                    "artisan": {"code": "urna"},
                },
                {
                    "sku": "BEAD-BLUE",
                    "nameEn": "Blue",
                    "price": {"amountFen": 39800},
                    "artisan": {"code": "urna"},
                },
            ],
        },
        "errors": [],
    }
    assert sorted(Variant.objects.values_list("sku", "price_fen")) == [
        ("BEAD-BLUE", 39800),
        ("BEAD-RED", 38800),
    ]


@pytest.mark.parametrize("caller", ["anonymous", "operator"])
def test_product_create_is_refused_to_everyone_but_staff(gql, operator_token, category, artisan, caller):
    token = operator_token if caller == "operator" else None

    result = gql(PRODUCT_CREATE, {"input": product_input(category, artisan)}, token=token)

    assert result["data"]["productCreate"] == {"product": None, "errors": DENIED}
    assert row_counts(Product, Variant) == {"Product": 0, "Variant": 0}


@pytest.mark.parametrize(
    ("overrides", "field", "code"),
    [
        ({"slug": "felt-yak"}, "slug", "UNIQUE"),
        ({"slug": "not a slug"}, "slug", "INVALID"),
        ({"nameEn": "x" * 201}, "nameEn", "INVALID"),
        ({"variants": []}, "variants", "INVALID"),
        (
            {"variants": [{"sku": "YAK-S", "priceFen": 100, "artisan": "QXJ0aXNhbjow"}]},
            "variants",
            "NOT_FOUND",
        ),
        ({"category": "Q2F0ZWdvcnk6MA=="}, "category", "NOT_FOUND"),
        ({"isPublished": None}, "isPublished", "REQUIRED"),
    ],
)
def test_bad_product_input_is_a_typed_error_and_writes_nothing(
    gql, staff_token, category, artisan, product, overrides, field, code
):
    result = gql(PRODUCT_CREATE, {"input": product_input(category, artisan, **overrides)}, token=staff_token)

    payload = result["data"]["productCreate"]
    assert payload["product"] is None
    assert [(error["field"], error["code"]) for error in payload["errors"]] == [(field, code)]
    assert row_counts(Product, Variant) == {"Product": 1, "Variant": 2}


@pytest.mark.parametrize(
    ("variant", "code"),
    [
        ({"sku": "YAK-S", "priceFen": 100}, "UNIQUE"),  # another product's SKU
        ({"sku": "NEW-1", "priceFen": 0}, "INVALID"),
        ({"sku": "  ", "priceFen": 100}, "INVALID"),
        ({"sku": "X" * 41, "priceFen": 100}, "INVALID"),
    ],
)
def test_bad_variants_are_refused_on_the_variants_field(
    gql, staff_token, category, artisan, product, variant, code
):
    variants = [{**variant, "artisan": gid("Artisan", artisan)}]

    result = gql(
        PRODUCT_CREATE, {"input": product_input(category, artisan, variants=variants)}, token=staff_token
    )

    assert [(e["field"], e["code"]) for e in result["data"]["productCreate"]["errors"]] == [
        ("variants", code)
    ]
    assert row_counts(Product, Variant) == {"Product": 1, "Variant": 2}


def test_a_price_beyond_a_32_bit_integer_is_refused_by_the_schema(gql, staff_token, category, artisan):
    variants = [{"sku": "BIG", "priceFen": 2**31, "artisan": gid("Artisan", artisan)}]

    result = gql(
        PRODUCT_CREATE, {"input": product_input(category, artisan, variants=variants)}, token=staff_token
    )

    assert result.status == 400
    assert Product.objects.count() == 0


def test_variants_made_by_another_artisan_name_her(gql, staff_token, category, artisan):
    dolma = factories.ArtisanFactory(code="dolma")
    variants = [{"sku": "D-1", "priceFen": 100, "artisan": gid("Artisan", dolma)}]

    result = gql(
        PRODUCT_CREATE, {"input": product_input(category, artisan, variants=variants)}, token=staff_token
    )

    assert result["data"]["productCreate"]["product"]["variants"][0]["artisan"] == {"code": "dolma"}
