"""Search on PostgreSQL with pg_trgm: a maker's Chinese name finds her pieces, a part of a Chinese
word matches, a Latin name and a SKU too, a Latin typo within trigram tolerance still finds the
piece, the best matches come first, and nothing found says what to try next."""

import re

import pytest
from django.db import connection

from catalog.models import Category
from catalog.services import VariantInput, product_create
from tests import factories

pytestmark = pytest.mark.django_db


def found(client, query) -> list[str]:
    page = client.get("/search/", {"q": query}).content.decode()
    return re.findall(r'<span class="name">([^<]+)</span>', page)


def test_the_tests_run_on_postgresql_with_pg_trgm(db):
    assert connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        cursor.execute("SELECT extname FROM pg_extension WHERE extname = 'pg_trgm'")
        assert cursor.fetchall() == [("pg_trgm",)]


@pytest.mark.parametrize(
    ("query", "names"),
    [
        # her Chinese name, her Latin name in any case (equally relevant: by slug)
        ("其木格", ["羊毛毡拖鞋", "毛毡牦牛"]),
        ("qimuge", ["羊毛毡拖鞋", "毛毡牦牛"]),
        ("牦牛", ["毛毡牦牛"]),  # part of a Chinese word
        ("毛毡", ["毛毡牦牛", "羊毛毡拖鞋"]),  # starting the name first, then inside it
        ("mg02-l", ["毛毡牦牛"]),  # a SKU
        ("galoping", ["盐雕奔马"]),  # "Galloping horse in salt", one letter missing
        ("slipers", ["羊毛毡拖鞋"]),
        ("其木格 拖鞋", ["羊毛毡拖鞋"]),  # every word somewhere
        ("乌仁", ["刺绣荷包", "盐雕奔马"]),
    ],
)
def test_search_matches_chinese_latin_names_skus_and_typos(client, felt, query, names):
    assert found(client, query) == names


def test_an_exact_name_comes_before_names_that_only_contain_it(client, felt):
    product_create(
        slug="felt",
        name_zh="毛毡",
        name_en="Felt",
        category=Category.objects.get(slug="felt"),
        variants=[VariantInput(sku="MG09", price_fen=5000, artisan=felt)],
    )
    product_create(
        slug="felt-bag",
        name_zh="毛毡包",
        name_en="Felt bag",
        category=factories.CategoryFactory(),
        variants=[VariantInput(sku="MG10", price_fen=5000, artisan=felt)],
    )

    # exact name, then names starting with it (by similarity), then names containing it
    assert found(client, "毛毡") == ["毛毡", "毛毡包", "毛毡牦牛", "羊毛毡拖鞋"]


def test_a_short_latin_word_is_not_matched_loosely(client, felt):
    assert found(client, "yok") == []  # "yak" is one letter away, but three letters are too few


def test_nothing_found_says_what_to_try(client, felt):
    page = client.get("/search/", {"q": "景泰蓝"}).content.decode()

    assert "没有找到与“景泰蓝”相关的商品。" in page
    assert '<a href="/products/">浏览全部商品</a>' in page
    assert '<a href="/makers/">认识手艺人</a>' in page
    assert found(client, "景泰蓝") == []


def test_nothing_found_in_english(english, felt):
    page = english.get("/search/", {"q": "cloisonné"}).content.decode()

    assert "Nothing matches “cloisonné”." in page
    assert '<a href="/products/">Browse all pieces</a>' in page
