"""What a screen reader hears on the tablet: the product tiles are buttons, the selling and Z report
screens have a first-level heading, the quantity buttons name their piece, the practice switch is a
plain button (no form to submit)."""

import pytest
from playwright.sync_api import expect

from tests.pos.test_browser import sign_in_and_open_shift

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_tablet_names_its_buttons_and_screens(live_server, pos_world, chromium):
    page = chromium().new_page()
    sign_in_and_open_shift(page, live_server.url)

    expect(page.get_by_role("heading", level=1)).to_have_text("收银")
    expect(page.get_by_role("listitem")).to_have_count(0)
    tile = page.get_by_test_id("tile-PURSE-RED")
    assert tile.evaluate("el => el.tagName") == "BUTTON"
    assert tile.get_attribute("role") is None
    expect(page.get_by_test_id("practice-switch")).to_have_attribute("type", "button")

    tile.click()
    page.get_by_role("button", name="增加 刺绣荷包").click()
    expect(page.get_by_test_id("qty-PURSE-RED")).to_have_text("2")
    page.get_by_role("button", name="减少 刺绣荷包").click()
    expect(page.get_by_test_id("qty-PURSE-RED")).to_have_text("1")
    page.get_by_role("button", name="减少 刺绣荷包").click()

    page.click("[data-testid=tab-shift]")
    page.fill("[data-testid=counted-cash]", "500.00")
    page.click("[data-testid=close-shift]")
    page.click("[data-testid=confirm-yes]")
    page.wait_for_selector("[data-testid=zreport]")
    expect(page.get_by_role("heading", level=1)).to_have_text("班结报表（Z 报表）")
