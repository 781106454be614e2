"""Every page has its icon: the pages link it and /favicon.ico, which browsers ask for anyway,
answers with it (no 404 in any page's log)."""

import pytest
from django.contrib.staticfiles import finders
from PIL import Image

pytestmark = pytest.mark.django_db


def test_favicon_ico_leads_to_the_static_icon(client):
    response = client.get("/favicon.ico")

    assert response.status_code == 302
    assert response["Location"] == "/static/favicon.ico"
    with Image.open(finders.find("favicon.ico")) as icon:
        assert icon.format == "ICO"
        assert icon.size == (48, 48)


@pytest.mark.parametrize("url", ["/", "/me/login/"])
def test_pages_link_the_icon(client, url):
    page = client.get(url).content.decode()

    assert '<link rel="icon" href="/static/favicon.ico" sizes="48x48">' in page
    assert '<link rel="icon" href="/static/favicon-32.png" type="image/png" sizes="32x32">' in page
