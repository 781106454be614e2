import pytest

from api.core.tokens import token_for
from tests.api.conftest import attach_image, error_codes
from tests.api.pos_helpers import open_shift, other_operator, sale, sync

POS_CATALOG = """
query Catalog($cart: String!) {
  posCatalog(cart: $cart) {
    version generatedAt
    items {
      sku productName productNameZh productNameEn variantName variantNameZh variantNameEn
      priceFen thumbnailUrl quantity category
    }
  }
}
"""


def catalog(gql, token, cart="chaka", **headers):
    return gql(POS_CATALOG, {"cart": cart}, token=token, **headers)


def test_the_operator_gets_the_snapshot_with_what_her_cart_holds_first(gql, operator_token, stocked, product):
    attach_image(product, name="yak", thumbnails={"160": "thumbs/yak-160.webp"})

    result = catalog(gql, operator_token)

    snapshot = result["data"]["posCatalog"]
    assert len(snapshot["version"]) == 64
    small_thumbnail = snapshot["items"][0].pop("thumbnailUrl")
    assert small_thumbnail.startswith("http://testserver/") and "yak" in small_thumbnail
    assert snapshot["items"][0] == {
        "sku": "YAK-S",
        "productName": "毡制牦牛",
        "productNameZh": "毡制牦牛",
        "productNameEn": "Felt yak",
        "variantName": "小号",
        "variantNameZh": "小号",
        "variantNameEn": "Small",
        "priceFen": 12800,
        "quantity": 2,
        "category": "毡艺",
    }
    assert [(item["sku"], item["quantity"]) for item in snapshot["items"]] == [("YAK-S", 2), ("YAK-L", 0)]


def test_the_names_follow_the_reader_s_language(gql, operator_token, stocked):
    result = catalog(gql, operator_token, HTTP_ACCEPT_LANGUAGE="en")

    first = result["data"]["posCatalog"]["items"][0]
    assert (first["productName"], first["variantName"], first["category"]) == ("Felt yak", "Small", "Felt")


def test_the_version_stays_while_the_content_does_and_changes_with_it(
    gql, operator_token, operator, cart, stocked
):
    first = catalog(gql, operator_token)["data"]["posCatalog"]["version"]
    assert catalog(gql, operator_token)["data"]["posCatalog"]["version"] == first

    sync(gql, operator_token, [sale(open_shift(cart, operator), 1)])

    assert catalog(gql, operator_token)["data"]["posCatalog"]["version"] != first


def test_staff_may_read_any_cart_s_snapshot(gql, staff_token, stocked):
    assert len(catalog(gql, staff_token)["data"]["posCatalog"]["items"]) == 2


@pytest.mark.parametrize("caller", ["anonymous", "artisan", "other_operator", "unknown_cart"])
def test_the_snapshot_is_refused_to_everyone_else(
    gql, operator_token, artisan_token, other_cart, stocked, caller
):
    token = {"anonymous": None, "artisan": artisan_token, "unknown_cart": operator_token}.get(caller)
    if caller == "other_operator":
        token = token_for(other_operator(other_cart).user)

    result = catalog(gql, token, cart="nowhere" if caller == "unknown_cart" else "chaka")

    assert result["data"] == {"posCatalog": None}
    assert error_codes(result) == ["PERMISSION_DENIED"]


def test_staff_asking_for_an_unknown_cart_are_told_it_is_not_found(gql, staff_token, db):
    result = catalog(gql, staff_token, cart="nowhere")

    assert result["data"] == {"posCatalog": None}
    assert error_codes(result) == ["NOT_FOUND"]


def test_a_cart_code_with_a_nul_character_is_refused_as_bad_input(gql, staff_token, stocked):
    # Found by tests/security/test_graphql_fuzz.py: PostgreSQL refused the NUL and the lookup failed
    # as an internal server error.
    result = catalog(gql, staff_token, cart="chaka\x00")

    assert result.status == 400
    assert [error["message"] for error in result["errors"]] == [
        "Text may not contain the NUL character (U+0000)."
    ]
    assert "data" not in result


def test_a_backslash_and_u0000_written_out_is_text_like_any_other(gql, staff_token, stocked):
    # The NUL check reads the variables' JSON, where a NUL is written \\u0000: text that only looks
    # like it (a backslash, then "u0000") is no NUL.
    # when
    result = catalog(gql, staff_token, cart="chaka\\u0000")

    # then: looked up like any cart code, and not found
    assert result.status == 200
    assert error_codes(result) == ["NOT_FOUND"]
