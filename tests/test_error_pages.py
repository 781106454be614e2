"""A missing page and a server error are branded pages in the look of the part of the site the user
was on, with a way back, never Django's debug page (DEBUG=0)."""

import pytest
from django.test import RequestFactory

from config import urls
from config.errors import server_error
from tests import factories

pytestmark = pytest.mark.django_db


def test_a_tourist_meets_the_storefronts_not_found_page(client, settings):
    settings.DEBUG = False

    response = client.get("/p/no-such-robe/")

    page = response.content.decode()
    assert response.status_code == 404
    assert "<h1>找不到这个页面</h1>" in page
    assert 'href="/">回到首页</a>' in page and 'href="/products/">看看全部商品</a>' in page
    assert "storefront/storefront.css" in page  # the storefront's own look
    assert "Traceback" not in page and "URLconf" not in page


def test_an_artisan_meets_the_portals_not_found_page(client):
    response = client.get("/me/no-such-page/")

    page = response.content.decode()
    assert response.status_code == 404
    assert "<h1>找不到这个页面</h1>" in page and 'href="/me/">回到我的工坊</a>' in page


def test_staff_meet_the_staff_not_found_page(client):
    client.force_login(factories.StaffFactory(is_superuser=True))

    response = client.get("/staff/no-such-report/")

    page = response.content.decode()
    assert response.status_code == 404
    assert 'id="header"' in page and "<h1>找不到这个页面</h1>" in page
    assert "<code>/staff/no-such-report/</code>" in page and 'href="/admin/">回到工作台</a>' in page


def test_a_server_error_is_a_branded_page_of_its_area():
    assert urls.handler404 == "config.errors.page_not_found"
    assert urls.handler500 == "config.errors.server_error"

    for path, title, back in [
        ("/p/robe/", "工坊", 'href="/"'),
        ("/me/", "我的工坊", 'href="/me/"'),
        ("/admin/orders/", "工坊管理", 'href="/admin/"'),
    ]:
        response = server_error(RequestFactory().get(path))
        page = response.content.decode()
        assert response.status_code == 500
        assert "<h1>服务器出错了</h1>" in page and f"</span>{title}</header>" in page and back in page
