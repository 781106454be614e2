"""No N+1: a page of products with their variants, artisans, stock and thumbnails costs the same
few queries whatever its size."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from inventory.services import LineQuantity, ReceivedLine, intake_create, transfer_create, transfer_receive
from tests import factories
from tests.api.conftest import attach_image

PAGE = """
query Page($first: Int!) {
  products(first: $first) {
    totalCount
    edges { node {
      slug name category { slug }
      thumbnail { url alt }
      variants { sku price { amountFen formatted } artisan { name } quantityAvailable
                 stocks { quantity available location { code } } }
    } }
  }
}
"""
MAX_QUERIES = 8


@pytest.fixture
def sixty_products(staff, base, cart):
    """60 products in 3 categories by 4 artisans, two variants each, stock at the base and the cart,
    and an image each."""
    categories = [factories.CategoryFactory() for _ in range(3)]
    artisans = [factories.ArtisanFactory() for _ in range(4)]
    by_artisan = {artisan.pk: [] for artisan in artisans}
    for n in range(60):
        product = factories.ProductFactory(slug=f"p-{n:03d}", category=categories[n % 3])
        for size in ("S", "L"):
            variant = factories.VariantFactory(
                product=product, sku=f"P{n:03d}-{size}", artisan=artisans[n % 4]
            )
            by_artisan[variant.artisan_id].append(variant)
        attach_image(product, name=f"p{n:03d}", thumbnails={"160": f"thumbnails/p{n:03d}-160.webp"})
    for artisan in artisans:
        variants = by_artisan[artisan.pk]
        intake_create(
            artisan=artisan, lines=[LineQuantity(variant=v, quantity=3) for v in variants], actor=staff
        )
        sent = [LineQuantity(variant=v, quantity=1) for v in variants[::2]]
        transfer = transfer_create(source=base, destination=cart.location, lines=sent, actor=staff)
        transfer_receive(
            transfer=transfer,
            lines=[ReceivedLine(variant=line.variant, quantity_received=1) for line in sent],
            actor=staff,
        )


def run_page(gql, token, first):
    with CaptureQueriesContext(connection) as queries:
        result = gql(PAGE, {"first": first}, token=token)
    assert "errors" not in result, result["errors"]
    assert len(result["data"]["products"]["edges"]) == first
    return result, len(queries.captured_queries)


def test_a_page_of_50_products_costs_no_more_queries_than_a_page_of_5(gql, sixty_products, staff_token):
    _, queries_for_5 = run_page(gql, staff_token, 5)
    result, queries_for_50 = run_page(gql, staff_token, 50)

    assert queries_for_50 == queries_for_5
    assert queries_for_50 <= MAX_QUERIES
    first = result["data"]["products"]["edges"][0]["node"]
    assert first["thumbnail"]["url"] == "http://testserver/media/thumbnails/p000-160.webp"
    assert [(variant["sku"], variant["stocks"]) for variant in first["variants"]] == [
        ("P000-L", [{"quantity": 3, "available": 3, "location": {"code": "base"}}]),
        (
            "P000-S",
            [
                {"quantity": 2, "available": 2, "location": {"code": "base"}},
                {"quantity": 1, "available": 1, "location": {"code": "cart-chaka"}},
            ],
        ),
    ]


def test_the_public_page_of_50_is_as_cheap(gql, sixty_products, django_assert_max_num_queries):
    query = PAGE.replace("stocks { quantity available location { code } }", "")

    with django_assert_max_num_queries(MAX_QUERIES):
        result = gql(query, {"first": 50})

    assert result["data"]["products"]["totalCount"] == 60
