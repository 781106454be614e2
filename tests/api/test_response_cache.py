"""The short-lived cache of anonymous catalogue reads (api/core/response_cache.py): what it keeps,
and that stock, prices and products are never older than it promises."""

import json
import time

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext

from api.core import response_cache
from api.core.response_cache import catalogue_version
from catalog.services import VariantInput, product_update
from inventory.services import LineQuantity, intake_create
from tests.api.checkout_helpers import CHECKOUT_QUERY, create_checkout

PRODUCTS = """
query Products {
  products(first: 5) { edges { node { slug name variants { sku price { amountFen } quantityAvailable } } } }
}
"""


def queries_for(gql, *args, **kwargs) -> tuple[dict, int]:
    with CaptureQueriesContext(connection) as captured:
        result = gql(*args, **kwargs)
    return result, len(captured.captured_queries)


def small_yak(result) -> dict:
    return result["data"]["products"]["edges"][0]["node"]["variants"][0]


def test_the_same_anonymous_read_is_answered_from_the_cache(gql, stocked):
    first, first_queries = queries_for(gql, PRODUCTS)
    second, second_queries = queries_for(gql, PRODUCTS)

    assert second == first
    assert first_queries > 0
    assert second_queries == 0


def test_languages_are_cached_apart(gql, stocked):
    zh = gql(PRODUCTS, HTTP_ACCEPT_LANGUAGE="zh-hans")
    en = gql(PRODUCTS, HTTP_ACCEPT_LANGUAGE="en")

    assert zh["data"]["products"]["edges"][0]["node"]["name"] == "毡制牦牛"
    assert en["data"]["products"]["edges"][0]["node"]["name"] == "Felt yak"


def test_after_its_fresh_period_one_stale_answer_is_given_while_it_is_worked_out_again(
    gql, stocked, staff, time_machine
):
    # given: the page cached with 5 small yaks, then 4 more arrive
    small, _large = stocked
    assert small_yak(gql(PRODUCTS))["quantityAvailable"] == 5
    intake_create(artisan=small.artisan, lines=[LineQuantity(variant=small, quantity=4)], actor=staff)
    time_machine.move_to(time.time() + response_cache.RESPONSE_CACHE_SECONDS + 0.01, tick=False)

    # when: the fresh period has passed
    stale = gql(PRODUCTS)
    refreshed = gql(PRODUCTS)

    # then: the first caller is answered at once with what was kept (it is worked out again after her
    # answer has gone), and the next caller sees the new stock
    assert small_yak(stale)["quantityAvailable"] == 5
    assert small_yak(refreshed)["quantityAvailable"] == 9


def test_stock_is_never_older_than_the_fresh_and_stale_periods(gql, stocked, staff, time_machine):
    small, _large = stocked
    assert small_yak(gql(PRODUCTS))["quantityAvailable"] == 5
    intake_create(artisan=small.artisan, lines=[LineQuantity(variant=small, quantity=4)], actor=staff)

    later = time.time() + response_cache.RESPONSE_CACHE_SECONDS + response_cache.STALE_SECONDS + 0.01
    time_machine.move_to(later, tick=False)

    assert small_yak(gql(PRODUCTS))["quantityAvailable"] == 9


def test_a_price_change_shows_at_the_next_version_read(gql, stocked, artisan):
    small, large = stocked
    assert small_yak(gql(PRODUCTS))["price"] == {"amountFen": 12800}

    product_update(
        product=small.product,
        variants=[
            VariantInput(sku="YAK-S", price_fen=9900, artisan=artisan, name_zh="小号", name_en="Small")
        ],
    )
    catalogue_version.forget()  # as VERSION_SECONDS passing would

    assert small_yak(gql(PRODUCTS))["price"] == {"amountFen": 9900}


def test_signed_in_callers_are_never_served_from_it(gql, stocked, staff_token):
    gql(PRODUCTS)

    _result, queries = queries_for(gql, PRODUCTS, token=staff_token)
    _again, queries_again = queries_for(gql, PRODUCTS, token=staff_token)

    assert queries > 0 and queries_again > 0


def test_a_checkout_read_by_its_token_is_never_cached(gql, stocked):
    small, _large = stocked
    token = create_checkout(gql, [(small, 1)])["token"]
    gql(CHECKOUT_QUERY, {"token": token})

    _result, queries = queries_for(gql, CHECKOUT_QUERY, {"token": token})

    assert queries > 0


@pytest.mark.parametrize(
    "query",
    [
        "query { products(first: 2) { totalCount } shippingRegions { code } }",
        'mutation { tokenCreate(email: "x", password: "y") { token } }',
        "{ products(first: 2) { totalCount",
        "query A { products(first: 1) { totalCount } } query B { products(first: 2) { totalCount } }",
    ],
)
def test_what_is_not_a_single_catalogue_query_is_not_cached(rf, query):
    request = rf.post("/graphql/", data=json.dumps({"query": query}), content_type="application/json")
    request.user = AnonymousUser()

    assert response_cache.cache_key(request) is None


def test_an_errored_answer_is_not_kept(gql, stocked):
    query = "query { products(first: 1) { edges { node { variants { stocks { quantity } } } } } }"

    first, _ = queries_for(gql, query)
    _second, queries = queries_for(gql, query)

    assert first["errors"]
    assert queries > 0
