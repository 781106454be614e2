"""Printable QR codes are for staff only: tags per product, a poster per cart, a campaign's link."""

import pytest

from tests import factories

pytestmark = pytest.mark.django_db
URLS = [
    "/staff/qr/",
    "/staff/qr/products/embroidered-purse/",
    "/staff/qr/carts/chaka/",
    "/staff/qr/campaigns/douyin-chaka/",
]


@pytest.mark.parametrize("url", URLS)
def test_a_tourist_or_an_operator_is_sent_to_sign_in(client, shop, url):
    assert client.get(url)["Location"].startswith("/admin/login/")
    client.force_login(shop["operator"].user)
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")


def test_the_tag_sheet_has_a_code_per_variant_with_its_name_and_price(client, shop, settings):
    settings.SITE_URL = "https://shop.example.cn"
    client.force_login(factories.StaffFactory())

    page = client.get("/staff/qr/products/embroidered-purse/?copies=2").content.decode()

    assert page.count("<svg") == 4  # two colours, two copies each
    assert "刺绣荷包" in page and "Embroidered purse" in page and "¥98" in page
    assert "PURSE-RED" in page and "PURSE-BLUE" in page
    assert "@media print" in page


def test_the_cart_poster_points_at_the_carts_page(client, shop, settings):
    settings.SITE_URL = "https://shop.example.cn"
    client.force_login(factories.StaffFactory())

    page = client.get("/staff/qr/carts/chaka/").content.decode()

    assert page.count("<svg") == 1
    assert "https://shop.example.cn/c/chaka/" in page and "茶卡盐湖零售车" in page
    assert "size: A4" in page


def test_the_campaign_code_points_at_its_link(client, shop, settings):
    settings.SITE_URL = "https://shop.example.cn"
    client.force_login(factories.StaffFactory())

    page = client.get("/staff/qr/campaigns/douyin-chaka/").content.decode()

    assert "https://shop.example.cn/go/douyin-chaka/" in page and "抖音直播 · 茶卡专场" in page
    assert page.count("<svg") == 1


def test_the_qr_index_is_a_staff_page_linked_from_the_admin(client, shop):
    client.force_login(factories.StaffFactory(is_superuser=True))

    home = client.get("/admin/").content.decode()
    page = client.get("/staff/qr/").content.decode()

    assert 'href="/staff/qr/"' in home
    assert 'id="header"' in page and "工坊 · 行走的巾帼工坊" in page  # the admin's header and title
    assert '<a href="/admin/">首页</a> &rsaquo; 可打印的二维码' in page
    assert 'href="/staff/qr/carts/chaka/">茶卡盐湖零售车</a>' in page
    assert 'href="/staff/qr/products/embroidered-purse/">刺绣荷包</a>' in page
