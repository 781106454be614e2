"""The home and product pages stay light on a slow connection: HTML, CSS, JS and every image they
reference (each srcset candidate counted) under 300 KB, with nothing render-blocking from elsewhere."""

import re

import pytest
from django.contrib.staticfiles import finders

pytestmark = pytest.mark.django_db
LIMIT = 300 * 1024


def fetch(client, url: str) -> bytes:
    if url.startswith("/static/"):
        path = finders.find(url.removeprefix("/static/"))
        assert path, url
        with open(path, "rb") as file:
            return file.read()
    response = client.get(url)
    assert response.status_code == 200, url
    return b"".join(response.streaming_content) if response.streaming else response.content


def weight(client, url: str) -> tuple[int, list[str]]:
    html = fetch(client, url).decode()
    assets = set(re.findall(r'<link rel="stylesheet" href="([^"]+)"', html))
    assets |= set(re.findall(r'<script[^>]* src="([^"]+)"', html))
    assets |= set(re.findall(r'<img[^>]* src="([^"]+)"', html))
    for srcset in re.findall(r'srcset="([^"]+)"', html):
        assets |= {candidate.strip().split(" ")[0] for candidate in srcset.split(",")}
    return len(html.encode()) + sum(len(fetch(client, asset)) for asset in assets), sorted(assets)


@pytest.mark.parametrize("url", ["/", "/p/embroidered-purse/", "/products/"])
def test_a_page_with_everything_it_references_weighs_under_300_kb(client, shop, url):
    total, assets = weight(client, url)
    assert total < LIMIT, (total, assets)
    assert any(asset.endswith(".webp") for asset in assets)
    assert [asset for asset in assets if asset.startswith("http")] == []  # no third-party asset


def test_only_one_small_stylesheet_and_no_script_on_the_home_page(client, shop):
    html = client.get("/").content.decode()
    assert re.findall(r'<link rel="stylesheet" href="([^"]+)"', html) == ["/static/storefront/storefront.css"]
    assert "<script" not in html
    assert len(fetch(client, "/static/storefront/storefront.css")) < 16 * 1024
