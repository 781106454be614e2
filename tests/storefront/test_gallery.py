"""The product page's gallery: one slide per photo, each a link to its full-size image, and named
dots when there is more than one photo, in Chinese and English."""

import re

import pytest

pytestmark = pytest.mark.django_db


def test_two_photos_have_named_dots_and_zoom_links(client, shop):
    page = client.get("/p/embroidered-purse/").content.decode()
    images = [row.image for row in shop["purse"].images.order_by("sort_order", "pk")]

    zooms = re.findall(r'<a class="zoom" href="([^"]+)" aria-label="([^"]+)">', page)
    assert zooms == [
        (images[0].file.url, "查看大图（第 1 张，共 2 张）"),
        (images[1].file.url, "查看大图（第 2 张，共 2 张）"),
    ]
    assert '<nav class="dots" aria-label="选择照片">' in page
    assert re.findall(r'<a href="(#photo-\d)" aria-label="([^"]+)"', page) == [
        ("#photo-1", "第 1 张，共 2 张"),
        ("#photo-2", "第 2 张，共 2 张"),
    ]
    assert 'id="photo-1"' in page and 'id="photo-2"' in page
    assert "storefront/gallery" in page and ".js" in page


def test_one_photo_has_no_dots_and_no_script(client, shop):
    page = client.get("/p/salt-horse/").content.decode()

    assert page.count('<a class="zoom"') == 1
    assert 'class="dots"' not in page
    assert "gallery" not in page.split("</main>")[1]


def test_the_gallery_in_english(english, shop):
    page = english.get("/p/embroidered-purse/").content.decode()

    assert 'aria-label="Open the full-size photo (2 of 2)"' in page
    assert '<nav class="dots" aria-label="Choose a photo">' in page
    assert 'aria-label="Photo 1 of 2"' in page
