"""On a phone (390×844, and 320 px wide): the listing's filter sheet opens, filters and sorts by
address (the back button returns to the previous choice), fits the screen; the product gallery
swipes, its dots follow the photo in view and are named, and a photo opens its full-size image."""

import os
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)


def card_names(page) -> list[str]:
    return page.locator(".card .name").all_inner_texts()


def test_filter_and_sort_on_a_phone_without_script(live_server, felt, chromium, screenshot_dir):
    context = chromium(390, 844)
    page = context.new_page()
    page.goto(f"{live_server.url}/products/")
    assert card_names(page) == ["刺绣荷包", "羊毛毡拖鞋", "毛毡牦牛", "盐雕奔马"]
    assert page.get_by_label("排序方式").is_visible() is False  # folded away

    page.get_by_text("筛选与排序").click()
    page.get_by_label("手艺人").select_option("qimuge")
    page.get_by_label("排序方式").select_option("-price")
    page.get_by_role("button", name="应用").click()
    page.wait_for_load_state()

    address = urlsplit(page.url)
    assert address.path == "/products/"
    assert parse_qs(address.query) == {"maker": ["qimuge"], "sort": ["-price"]}
    assert card_names(page) == ["毛毡牦牛", "羊毛毡拖鞋"]
    assert page.get_by_label("排序方式").input_value() == "-price"  # the sheet stays open, as chosen
    assert page.evaluate("document.documentElement.scrollWidth") == 390
    page.screenshot(path=os.path.join(screenshot_dir, "storefront-filters.png"), full_page=True)

    page.goto(f"{page.url}&min=10O")  # a letter O for a zero, typed into the address
    assert card_names(page) == ["毛毡牦牛", "羊毛毡拖鞋"]  # the bad price is left out
    message = page.locator("#id_min_error").inner_text()
    assert message == "请填写以元为单位的价格，如 98 或 98.50；这一项暂不使用。"

    page.go_back()
    page.go_back()
    assert card_names(page) == ["刺绣荷包", "羊毛毡拖鞋", "毛毡牦牛", "盐雕奔马"]


def test_the_filter_sheet_fits_320_px_in_english(live_server, felt, chromium):
    page = chromium(320, 640).new_page()
    page.goto(f"{live_server.url}/products/?sort=price")
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()

    assert page.locator("details.filters").get_attribute("open") == ""
    assert page.get_by_label("Sort by").input_value() == "price"
    assert page.evaluate("document.documentElement.scrollWidth") == 320
    for selector in ("#id_min", "#id_max", ".filter-actions button", ".filter-actions a"):
        box = page.locator(selector).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 320, (selector, box)


def test_the_gallery_swipes_shows_its_dots_and_zooms(live_server, shop, chromium, screenshot_dir):
    page = chromium(390, 844).new_page()
    page.goto(f"{live_server.url}/p/embroidered-purse/")
    dots = page.get_by_role("navigation", name="选择照片").get_by_role("link")

    assert dots.count() == 2
    assert dots.nth(0).get_attribute("aria-label") == "第 1 张，共 2 张"
    assert dots.nth(0).get_attribute("aria-current") == "true"
    top = page.evaluate("window.scrollY")

    # a swipe: the strip scrolls sideways and snaps to the second photo; its dot is marked
    page.locator(".photos").evaluate("strip => strip.scrollBy({left: 300})")
    expect(dots.nth(1)).to_have_attribute("aria-current", "true")
    assert dots.nth(0).get_attribute("aria-current") is None
    page.screenshot(path=os.path.join(screenshot_dir, "storefront-gallery.png"))

    # the keyboard: a dot brings its photo without moving the page
    dots.nth(0).focus()
    page.keyboard.press("Enter")
    strip = page.locator(".photos")
    for _ in range(50):  # a smooth scroll (the page's CSP rules out wait_for_function's eval)
        if strip.evaluate("strip => strip.scrollLeft") == 0:
            break
        page.wait_for_timeout(100)
    assert strip.evaluate("strip => strip.scrollLeft") == 0
    assert dots.nth(0).get_attribute("aria-current") == "true"
    assert dots.nth(1).get_attribute("aria-current") is None
    assert page.evaluate("window.scrollY") == top

    # zoom: the photo is a link to its full-size image
    zoom = page.get_by_role("link", name="查看大图（第 1 张，共 2 张）")
    href = zoom.get_attribute("href")
    assert href.startswith("/media/images/") and href.endswith(".jpg")
    zoom.click()
    page.wait_for_load_state()
    assert page.url == f"{live_server.url}{href}"
    assert page.evaluate("[document.images[0].naturalWidth, document.images[0].naturalHeight]") == [900, 900]
