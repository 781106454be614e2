# ruff: noqa: F811  (pytest's fixtures, imported by name, are the tests' arguments)
"""The staff's three new screens in Chromium at 1440×900, signed in through the admin's login as
staff would: the front page says what needs doing (the known world of test_front_page.py), the new
piece screen previews the chosen photo, and the restock page lists what the plan suggests and makes
the transfer from it. Each is saved as a screenshot (GONGFANG_SCREENSHOTS keeps them)."""

import io
import os

import pytest
from PIL import Image

from tests.pos.conftest import chromium, on_server, screenshot_dir  # noqa: F401 (the browser fixtures)
from tests.workbench.test_front_page import world  # noqa: F401 (the known world)
from workbench.restock import restock_plan_for_page

pytestmark = pytest.mark.django_db(transaction=True)
WIDTH, HEIGHT = 1440, 900


def signed_in(chromium, live_server, staff):
    page = chromium(WIDTH, HEIGHT).new_page()
    page.goto(f"{live_server.url}/admin/login/")
    page.get_by_label("用户名").fill(staff.username)
    page.get_by_label("密码").fill("pass-word-123")
    page.get_by_role("button", name="登录").click()
    page.wait_for_load_state()
    return page


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= WIDTH


def test_the_front_page_in_chromium(live_server, world, staff, chromium, screenshot_dir):
    page = signed_in(chromium, live_server, staff)

    assert page.url == f"{live_server.url}/admin/"
    for heading in ("待审核的销售", "在途调拨", "等待自提的订单", "零售车库存不足", "平板最后同步"):
        assert page.get_by_role("heading", name=heading).is_visible(), heading
    assert page.locator("#front-held").inner_text().split()[:2] == ["待审核的销售", "1"]
    assert page.locator('g.bar[data-cart="茶卡盐湖零售车"]').count() == 1  # the week's chart is drawn
    assert page.locator("#front-tablets .silent").count() == 2  # Dongtai and Feicui marked silent
    assert fits(page)
    page.screenshot(path=os.path.join(screenshot_dir, "staff-front-page.png"), full_page=True)


def test_the_new_piece_screen_previews_the_photo(live_server, world, staff, chromium, screenshot_dir):
    page = signed_in(chromium, live_server, staff)
    page.goto(f"{live_server.url}/staff/new-piece/")
    preview = page.locator("#photo-preview")
    assert preview.is_hidden()

    photo = io.BytesIO()
    Image.new("RGB", (320, 240), (178, 34, 34)).save(photo, "JPEG")
    page.locator("input[type=file]").set_input_files(
        {"name": "robe.jpg", "mimeType": "image/jpeg", "buffer": photo.getvalue()}
    )

    assert preview.is_visible()
    assert page.evaluate("document.getElementById('photo-preview').naturalWidth") == 320
    assert fits(page)
    page.screenshot(path=os.path.join(screenshot_dir, "staff-new-piece.png"), full_page=True)


def test_the_restock_page_shows_the_plan_and_drafts_its_transfer(
    live_server,
    world,
    staff,
    chromium,
    screenshot_dir,
):
    plans = on_server(
        lambda: [
            (p.cart.code, [(s.variant.sku, s.quantity) for s in p.suggestions])
            for p in restock_plan_for_page()
        ]
    )
    page = signed_in(chromium, live_server, staff)
    page.goto(f"{live_server.url}/staff/restock/")

    for code, suggested in plans:
        rows = page.locator(f"#restock-{code} table.restock tbody tr")
        shown = [
            (row.locator("td").nth(0).inner_text(), int(row.locator("td.send").inner_text()))
            for row in rows.all()
        ]
        assert shown == suggested, code
    assert fits(page)
    page.screenshot(path=os.path.join(screenshot_dir, "staff-restock.png"), full_page=True)

    code, suggested = next((code, rows) for code, rows in plans if rows)
    page.locator(f"#restock-{code}").get_by_role("link", name="生成调拨草稿").click()
    page.wait_for_load_state()
    # The transfer form comes filled in: from the base to that cart, the suggested pieces.
    assert page.url.startswith(f"{live_server.url}/admin/inventory/transfer/add/")
    assert code == "chaka"  # (the only cart short of what sells there, in this world)
    assert page.locator("#id_destination").input_value() == str(world["chaka"].location_id)
    filled = [
        (
            page.locator(f"#id_lines-{n}-variant option:checked").inner_text(),
            int(page.locator(f"#id_lines-{n}-quantity").input_value()),
        )
        for n in range(len(suggested))
    ]
    assert [
        (sku in label, quantity) for (label, quantity), (sku, _) in zip(filled, suggested, strict=True)
    ] == [(True, quantity) for _, quantity in suggested]
