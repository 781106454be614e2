"""The header fits a 320 px phone in Chinese and in English: nothing sticks out past the screen's
edge, the language button and the basket link among them."""

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("width", [320, 360, 390])
def test_the_header_fits_a_narrow_phone_in_both_languages(live_server, shop, chromium, width):
    page = chromium(width, 640).new_page()
    page.goto(f"{live_server.url}/")

    for switch_to in ("English", "中文"):
        assert page.evaluate("document.documentElement.scrollWidth") == width
        for selector in (".brand", ".topnav a:last-child", ".lang button"):
            box = page.locator(selector).bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= width, (selector, switch_to, box)
        page.get_by_role("button", name=switch_to).click()
        page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "zh-hans"
