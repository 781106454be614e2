"""Every tourist page renders in Chinese and in English with what it is for. (The English of the
interface comes from locale/, which the integrator writes: in English the tests look for the
catalogue's own English.)"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db


def text(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


@pytest.mark.parametrize(
    ("url", "chinese", "english"),
    [
        ("/", ["行走的巾帼工坊", "乌仁", "刺绣荷包", "非遗传承人"], ["Uren", "Embroidered purse"]),
        (
            "/products/",
            ["全部商品", "刺绣荷包", "盐雕奔马", "¥98", "网店有货", "仅零售车有售"],
            ["Galloping horse in salt", "Embroidered purse"],
        ),
        ("/category/embroidery/", ["刺绣", "刺绣荷包"], ["Embroidery", "Embroidered purse"]),
        ("/search/?q=荷包", ["刺绣荷包"], ["Embroidered purse"]),
        ("/search/?q=PURSE-BLUE", ["刺绣荷包"], ["Embroidered purse"]),
        ("/makers/", ["乌仁", "蒙古族刺绣"], ["Uren", "Mongolian embroidery"]),
        (
            "/makers/uren/",
            ["乌仁从小跟着奶奶学刺绣。", "刺绣荷包"],
            ["Uren learned embroidery from her grandmother."],
        ),
        (
            "/p/embroidered-purse/",
            [
                "刺绣荷包",
                "¥98",
                "红色",
                "蓝色",
                "网店有 5 件",
                "网店有 2 件",
                "茶卡盐湖零售车",
                "乌仁从小跟着奶奶学刺绣。",
            ],
            [
                "Embroidered purse",
                "Red",
                "Chaka Salt Lake cart",
                "Uren learned embroidery from her grandmother.",
            ],
        ),
        (
            "/c/chaka/",
            ["茶卡盐湖零售车", "刺绣荷包", "车上有 3 件", "盐雕奔马", "车上有 1 件"],
            ["Chaka Salt Lake cart", "Galloping horse in salt"],
        ),
        ("/basket/", ["购物篮是空的。"], ['<html lang="en">']),
    ],
)
def test_each_page_renders_in_chinese_and_in_english(client, shop, url, chinese, english):
    page = text(client.get(url))
    assert '<html lang="zh-hans">' in page
    for expected in chinese:
        assert expected in page, expected

    client.post("/i18n/setlang/", {"language": "en", "next": url})
    page = text(client.get(url))
    assert '<html lang="en">' in page
    for expected in english:
        assert expected in page, expected


def test_a_search_finds_nothing_politely(client, shop):
    assert "没有找到与“不存在的东西”相关的商品。" in text(client.get("/search/?q=不存在的东西"))


def test_unknown_pages_are_404(client, shop):
    for url in ("/p/nothing/", "/makers/nobody/", "/c/nowhere/", "/go/nothing/", "/category/none/"):
        assert client.get(url).status_code == 404, url
    assert client.get(f"/orders/{'0' * 8}-0000-0000-0000-{'0' * 12}/").status_code == 404


def test_the_product_page_shows_webp_pictures_with_srcset_and_lazy_loading(client, shop):
    page = text(client.get("/p/embroidered-purse/"))
    assert page.count('srcset="') >= 3  # two photos and the maker's
    assert "-160.webp 160w" in page and "-480.webp 480w" in page
    assert 'loading="lazy"' in page


def test_the_product_page_shows_a_sold_out_colour_as_such(client, shop):
    from inventory.services import stock_adjust

    stock_adjust(
        location=shop["base"], variant=shop["blue"], quantity=-2, reason="damaged", actor=shop["keeper"]
    )
    page = text(client.get("/p/embroidered-purse/"))
    assert "已售完" in page and f'value="{shop["blue"].pk}" disabled' in page
    assert "仅零售车有货，可到车旁自提" in text(client.get("/p/salt-horse/"))


def test_a_listing_page_is_one_query_and_then_comes_from_the_cache(client, shop, django_assert_num_queries):
    from storefront import selectors

    with django_assert_num_queries(1):
        page = selectors.listing_page(selectors.listing_products(), number=1)
    assert [p.slug for p in page.products] == ["embroidered-purse", "salt-horse"]
    assert [(p.price_min_fen, p.online_available, p.carts_available) for p in page.products] == [
        (9800, 7, 3),
        (68000, 0, 1),
    ]

    with CaptureQueriesContext(connection) as cold:
        text(client.get("/products/"))
    # catalogue version (2), categories, the filters' categories and makers, the page
    assert len(cold.captured_queries) <= 6
    with CaptureQueriesContext(connection) as warm:
        text(client.get("/products/"))
    assert len(warm.captured_queries) == 0


def test_the_listing_pages_through_the_products(client, shop, settings):
    from storefront import selectors

    page = selectors.listing_page(selectors.listing_products(), number=1, size=1)
    assert (len(page.products), page.has_next, page.has_previous) == (1, True, False)
    page = selectors.listing_page(selectors.listing_products(), number=2, size=1)
    assert ([p.slug for p in page.products], page.has_next, page.has_previous) == (
        ["salt-horse"],
        False,
        True,
    )


def test_a_cached_page_gives_each_visitor_her_own_csrf_token_for_the_language_switch(shop):
    import re

    from django.test import Client

    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    token = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
    text(first.get("/products/"))  # renders and stores the page

    with CaptureQueriesContext(connection) as served:
        page = text(second.get("/products/"))
    assert len(served.captured_queries) == 0  # from the cache
    response = second.post(
        "/i18n/setlang/",
        {"language": "en", "next": "/products/", "csrfmiddlewaretoken": token.findall(page)[0]},
    )

    assert response.status_code == 302
    assert '<html lang="en">' in text(second.get("/products/"))
    assert '<html lang="zh-hans">' in text(first.get("/products/"))


def test_a_page_with_a_message_is_rendered_afresh(client, shop):
    text(client.get("/p/embroidered-purse/"))
    text(client.get("/products/"))
    response = client.post("/basket/add/", {"variant": "x", "back": "/products/"}, follow=True)
    assert "请选择规格和数量。" in response.content.decode()
