import pytest

from tests import factories
from tests.api.conftest import attach_image, error_codes, gid

PRODUCTS = """
query Products($filter: ProductFilterInput, $first: Int) {
  products(filter: $filter, first: $first) {
    totalCount
    edges { node { slug } }
  }
}
"""


def slugs(result):
    return [edge["node"]["slug"] for edge in result["data"]["products"]["edges"]]


@pytest.fixture
def catalogue(product, category, artisan, stocked):
    """felt-yak (published, stocked at base and cart), robe (published, other artisan and category,
    no stock) and draft (unpublished)."""
    robes = factories.CategoryFactory(slug="robes", name_zh="长袍", name_en="Robes")
    dolma = factories.ArtisanFactory(code="dolma", name_zh="卓玛", name_latin="Dolma")
    robe = factories.ProductFactory(slug="robe", name_zh="蒙古袍", name_en="Mongolian robe", category=robes)
    factories.VariantFactory(product=robe, sku="ROBE-M", price_fen=198000, artisan=dolma)
    draft = factories.ProductFactory(
        slug="draft", name_zh="草稿", name_en="Draft", category=category, is_published=False
    )
    factories.VariantFactory(product=draft, sku="DRAFT-1", artisan=artisan)
    return {"robes": robes, "dolma": dolma}


def test_the_public_lists_published_products_with_variants_prices_and_images(gql, catalogue, product):
    attach_image(product, name="yak", thumbnails={"160": "thumbnails/ya/yak-160.webp"}, alt_zh="牦牛")
    query = """{ products(first: 10) { totalCount edges { node {
        slug name isPublished category { slug } thumbnail { url alt }
        artisans { code }
        variants { sku name price { amountFen currency amount formatted } artisan { name } quantityAvailable }
    } } } }"""

    result = gql(query)

    assert result["data"]["products"]["totalCount"] == 2
    assert result["data"]["products"]["edges"][0]["node"] == {
        "slug": "felt-yak",
        "name": "毡制牦牛",
        "isPublished": True,
        "category": {"slug": "felt"},
        "thumbnail": {"url": "http://testserver/media/thumbnails/ya/yak-160.webp", "alt": "牦牛"},
        "artisans": [{"code": "urna"}],
        "variants": [
            {
                "sku": "YAK-S",
                "name": "小号",
                "price": {"amountFen": 12800, "currency": "CNY", "amount": "128.00", "formatted": "¥128.00"},
                "artisan": {"name": "乌仁娜"},
                "quantityAvailable": 5,
            },
            {
                "sku": "YAK-L",
                "name": "大号",
                "price": {"amountFen": 25600, "currency": "CNY", "amount": "256.00", "formatted": "¥256.00"},
                "artisan": {"name": "乌仁娜"},
                "quantityAvailable": 2,
            },
        ],
    }
    assert slugs(result) == ["felt-yak", "robe"]


def test_products_speak_english_to_english_readers(gql, catalogue):
    result = gql(
        "{ products(first: 1) { edges { node { name variants { name } } } } }", HTTP_ACCEPT_LANGUAGE="en"
    )

    assert result["data"]["products"]["edges"][0]["node"] == {
        "name": "Felt yak",
        "variants": [{"name": "Small"}, {"name": "Large"}],
    }


def test_quantity_available_at_one_location_by_code(gql, catalogue):
    query = """{ products(first: 1) { edges { node { variants {
        sku base: quantityAvailable(location: "base") cart: quantityAvailable(location: "cart-chaka")
    } } } } }"""

    result = gql(query)

    assert result["data"]["products"]["edges"][0]["node"]["variants"] == [
        {"sku": "YAK-S", "base": 3, "cart": 2},
        {"sku": "YAK-L", "base": 2, "cart": 0},
    ]


def test_staff_see_unpublished_products_and_stock_by_location(gql, catalogue, staff_token):
    query = """{ products(first: 10) { edges { node { slug isPublished
        variants { sku stocks { location { code } quantity allocated available } } } } } }"""

    result = gql(query, token=staff_token)

    nodes = [edge["node"] for edge in result["data"]["products"]["edges"]]
    assert [(node["slug"], node["isPublished"]) for node in nodes] == [
        ("draft", False),
        ("felt-yak", True),
        ("robe", True),
    ]
    assert nodes[1]["variants"] == [
        {
            "sku": "YAK-S",
            "stocks": [
                {"location": {"code": "base"}, "quantity": 3, "allocated": 0, "available": 3},
                {"location": {"code": "cart-chaka"}, "quantity": 2, "allocated": 0, "available": 2},
            ],
        },
        {
            "sku": "YAK-L",
            "stocks": [{"location": {"code": "base"}, "quantity": 2, "allocated": 0, "available": 2}],
        },
    ]


@pytest.mark.parametrize("caller", ["anonymous", "operator"])
def test_stocks_are_refused_to_everyone_but_staff(gql, catalogue, operator_token, caller):
    token = operator_token if caller == "operator" else None

    result = gql(
        "{ products(first: 1) { edges { node { slug variants { stocks { quantity } } } } } }", token=token
    )

    assert result["data"]["products"]["edges"][0]["node"] == {
        "slug": "felt-yak",
        "variants": [{"stocks": None}, {"stocks": None}],
    }
    assert error_codes(result) == ["PERMISSION_DENIED", "PERMISSION_DENIED"]


def test_products_filter_by_search_in_names_and_skus(gql, catalogue):
    assert slugs(gql(PRODUCTS, {"filter": {"search": "牦牛"}})) == ["felt-yak"]
    assert slugs(gql(PRODUCTS, {"filter": {"search": "robe-m"}})) == ["robe"]
    assert slugs(gql(PRODUCTS, {"filter": {"search": "draft"}})) == []


def test_products_filter_by_categories_and_artisans(gql, catalogue, category, artisan):
    robes, dolma = catalogue["robes"], catalogue["dolma"]

    assert slugs(gql(PRODUCTS, {"filter": {"categories": [gid("Category", robes)]}})) == ["robe"]
    assert slugs(
        gql(PRODUCTS, {"filter": {"categories": [gid("Category", robes), gid("Category", category)]}})
    ) == [
        "felt-yak",
        "robe",
    ]
    assert slugs(gql(PRODUCTS, {"filter": {"artisans": [gid("Artisan", artisan)]}})) == ["felt-yak"]
    assert (
        slugs(
            gql(
                PRODUCTS,
                {"filter": {"artisans": [gid("Artisan", dolma)], "categories": [gid("Category", category)]}},
            )
        )
        == []
    )


def test_products_filter_by_what_is_in_stock_at_a_location(gql, catalogue, cart, other_cart):
    at_cart = gql(PRODUCTS, {"filter": {"inStockAt": gid("Location", cart.location)}})
    at_other_cart = gql(PRODUCTS, {"filter": {"inStockAt": gid("Location", other_cart.location)}})

    assert slugs(at_cart) == ["felt-yak"]
    assert at_other_cart["data"]["products"] == {"totalCount": 0, "edges": []}


def test_products_filter_with_an_id_of_the_wrong_type_is_an_error(gql, catalogue, artisan):
    result = gql(PRODUCTS, {"filter": {"categories": [gid("Artisan", artisan)]}})

    assert result["data"] == {"products": None}
    assert error_codes(result) == ["NOT_FOUND"]
    assert result["errors"][0]["extensions"]["field"] == "categories"


def test_products_refuse_a_page_over_100(gql, catalogue):
    result = gql(PRODUCTS, {"first": 101})

    assert result["data"] == {"products": None}
    assert result["errors"][0]["message"] == "`first` is 101: a page holds at most 100 items."


SORTED = """
query Sorted($filter: ProductFilterInput, $sortBy: ProductOrder) {
  products(filter: $filter, sortBy: $sortBy, first: 10) { edges { node { slug } } }
}
"""


@pytest.mark.parametrize(
    ("price", "found"),
    [
        ({"gte": 20000}, ["felt-yak", "robe"]),  # the large yak is ¥256
        ({"lte": 15000}, ["felt-yak"]),  # the small one ¥128
        ({"gte": 30000, "lte": 200000}, ["robe"]),
        ({"gte": 12801, "lte": 25599}, []),
    ],
)
def test_products_filter_by_price_in_fen(gql, catalogue, price, found):
    assert slugs(gql(PRODUCTS, {"filter": {"price": price}})) == found


def test_products_filter_by_stock_availability(gql, catalogue):
    assert slugs(gql(PRODUCTS, {"filter": {"stockAvailability": "IN_STOCK"}})) == ["felt-yak"]
    assert slugs(gql(PRODUCTS, {"filter": {"stockAvailability": "OUT_OF_STOCK"}})) == ["robe"]


def test_products_search_a_makers_name_and_rank_by_relevance(gql, catalogue):
    assert slugs(gql(PRODUCTS, {"filter": {"search": "卓玛"}})) == ["robe"]
    assert slugs(gql(PRODUCTS, {"filter": {"search": "dolma robe"}})) == ["robe"]


@pytest.mark.parametrize(
    ("field", "direction", "found"),
    [
        ("PRICE", "ASC", ["felt-yak", "robe"]),
        ("PRICE", "DESC", ["robe", "felt-yak"]),
        ("NAME", "ASC", ["felt-yak", "robe"]),  # 毡制牦牛 before 蒙古袍
        ("NAME", "DESC", ["robe", "felt-yak"]),
        ("CREATED_AT", "DESC", ["robe", "felt-yak"]),
    ],
)
def test_products_sort_by_price_name_and_creation(gql, catalogue, field, direction, found):
    result = gql(SORTED, {"sortBy": {"field": field, "direction": direction}})
    assert slugs(result) == found


def test_sorting_by_rank_needs_a_search(gql, catalogue):
    result = gql(SORTED, {"sortBy": {"field": "RANK", "direction": "ASC"}})
    assert result["data"]["products"] is None
    assert result["errors"][0]["extensions"] == {"code": "INVALID", "field": "sortBy"}

    ranked = gql(SORTED, {"filter": {"search": "牦牛"}, "sortBy": {"field": "RANK", "direction": "ASC"}})
    assert slugs(ranked) == ["felt-yak"]


def test_a_price_range_upside_down_is_an_error(gql, catalogue):
    result = gql(PRODUCTS, {"filter": {"price": {"gte": 20000, "lte": 10000}}})
    assert result["data"]["products"] is None
    assert result["errors"][0]["extensions"] == {"code": "INVALID", "field": "price"}


def test_an_unknown_sort_field_is_refused_by_the_schema(gql, catalogue):
    result = gql(SORTED, {"sortBy": {"field": "POPULARITY", "direction": "ASC"}})
    assert "data" not in result or result["data"] is None
    assert "POPULARITY" in result["errors"][0]["message"]
