"""Search finds a product by its maker's Chinese or Latin name, its category and its SKU, each word
somewhere; the header's basket link counts the visitor's own pieces, on cached pages too."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def names(client, query) -> list[str]:
    page = client.get("/search/", {"q": query}).content.decode()
    return [name for name in ("刺绣荷包", "盐雕奔马") if f'<span class="name">{name}</span>' in page]


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("乌仁", ["刺绣荷包", "盐雕奔马"]),  # her Chinese name
        ("uren", ["刺绣荷包", "盐雕奔马"]),  # her Latin name, any case
        ("刺绣", ["刺绣荷包", "盐雕奔马"]),  # the category
        ("Embroidery", ["刺绣荷包", "盐雕奔马"]),
        ("乌仁 荷包", ["刺绣荷包"]),  # every word somewhere
        ("salt-horse", ["盐雕奔马"]),  # a SKU
        ("其木格", []),
    ],
)
def test_search_finds_by_maker_category_and_sku(client, shop, query, found):
    assert names(client, query) == found


def test_the_header_counts_the_visitors_own_basket_on_a_cached_page(client, shop):
    other = Client()
    assert "data-basket-count hidden>0</span>" in other.get("/products/").content.decode()  # cached now

    client.post("/basket/add/", {"variant": shop["red"].pk, "quantity": 2})
    mine = client.get("/products/").content.decode()
    theirs = other.get("/products/").content.decode()

    assert '购物篮<span class="count" data-basket-count>2</span></a>' in mine
    assert '购物篮<span class="count" data-basket-count hidden>0</span></a>' in theirs
