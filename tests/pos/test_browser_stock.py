"""What the tablet shows of the cart's stock, in Chromium against a live server: a tile says sold out
the moment its last piece is sold, a piece sold beyond the tablet's count is asked for and flagged,
a refund puts the piece back; the basket survives a reload and a browser restart. The screenshots go
to $GONGFANG_SCREENSHOTS (or a temporary folder) at tablet and phone size."""

import pytest
from playwright.sync_api import expect

from carts.models import PosSale
from catalog.services import VariantInput, product_create
from inventory.models import StockLevel
from inventory.services import LineQuantity, intake_create
from orders.models import Order
from tests.pos.conftest import STOCK_EACH, on_server
from tests.pos.test_browser import on_hand, order_count, sell, sign_in_and_open_shift, waiting

pytestmark = pytest.mark.django_db(transaction=True)

UNIQUE = "THANGKA-1"
BLOCK_SYNC = "**/graphql/"


def one_of_a_kind(world):
    """A one-of-a-kind thangka print on the cart: one piece."""

    def make():
        variant_input = VariantInput(sku=UNIQUE, price_fen=28000, artisan=world["artisan"])
        product = product_create(
            slug="thangka-1",
            name_zh="唐卡小品",
            name_en="Small thangka",
            category=world["variants"]["PURSE-RED"].product.category,
            variants=[variant_input],
        )
        variant = product.variants.get()
        intake_create(
            artisan=world["artisan"],
            lines=[LineQuantity(variant, 1)],
            actor=world["keeper"],
            location=world["cart"].location,
        )

    on_server(make)


def hold_sync(page):
    """The server stops answering the tablet's sync (the sales stay queued); the rest still works."""
    page.route(
        BLOCK_SYNC,
        lambda route: (
            route.abort() if "posSyncSales" in (route.request.post_data or "") else route.continue_()
        ),
    )


def left(page, sku):
    return page.locator(f"[data-testid=left-{sku}]")


def flags_of(cart) -> list[list[str]]:
    return on_server(
        lambda: [sale.flags for sale in PosSale.objects.filter(shift__cart=cart).order_by("receipt_number")]
    )


def test_the_last_piece_sold_shows_sold_out_at_once_and_another_is_asked_for_and_flagged(
    live_server, pos_world, chromium, screenshot_dir
):
    cart = pos_world["cart"]
    one_of_a_kind(pos_world)
    context = chromium()
    page = context.new_page()
    sign_in_and_open_shift(page, live_server.url)
    expect(left(page, UNIQUE)).to_have_text("剩 1")

    # The only piece sold while the server does not answer: the tile says so before any sync.
    hold_sync(page)
    sell(page, UNIQUE, "CASH", tendered="300")
    waiting(page, 1)
    expect(left(page, UNIQUE)).to_have_text("已售完")
    expect(page.locator(f"[data-testid=tile-{UNIQUE}]")).to_have_class("tile tile-out")
    page.screenshot(path=f"{screenshot_dir}/sell-after-unique-sale-1024x768.png")
    page.set_viewport_size({"width": 390, "height": 844})
    page.locator(f"[data-testid=tile-{UNIQUE}]").scroll_into_view_if_needed()
    page.screenshot(path=f"{screenshot_dir}/sell-after-unique-sale-390x844.png")
    page.set_viewport_size({"width": 1024, "height": 768})

    # Synced: the server has it, and the tile still says sold out, before and after a reload.
    page.unroute(BLOCK_SYNC)
    page.click("[data-testid=sync-now]")
    waiting(page, 0)
    expect(left(page, UNIQUE)).to_have_text("已售完")
    assert on_hand(cart, UNIQUE) == 0
    page.reload()
    expect(left(page, UNIQUE)).to_have_text("已售完")

    # Offline, she taps it again: the tablet asks first; "cancel" adds nothing.
    context.set_offline(True)
    page.click(f"[data-testid=tile-{UNIQUE}]")
    question = page.locator(".confirm-text")
    expect(question).to_have_text("平板记录：这件已卖完手里确实有货才卖。这一单会标为待核对。")
    page.screenshot(path=f"{screenshot_dir}/over-stock-confirm-1024x768.png")
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=f"{screenshot_dir}/over-stock-confirm-390x844.png")
    page.set_viewport_size({"width": 1024, "height": 768})
    page.click("text=取消")
    expect(page.locator("[data-testid=basket-total]")).to_have_text("¥0.00")

    # "Sell anyway": the line says it is beyond stock, and so does the sale until the server counts.
    page.click(f"[data-testid=tile-{UNIQUE}]")
    page.click("[data-testid=confirm-yes]")
    expect(page.locator(f"[data-testid=over-{UNIQUE}]")).to_have_text("超出库存")
    page.click("[data-testid=pay]")
    page.click("[data-testid=method-WECHAT]")
    page.click("[data-testid=confirm-payment]")
    second = page.inner_text("[data-testid=receipt-number]")
    page.click("[data-testid=next-sale]")
    expect(left(page, UNIQUE)).to_have_text("已售完")
    page.click("[data-testid=tab-sales]")
    expect(page.locator(f"[data-receipt='{second}'] [data-testid=over-stock-note]")).to_have_text(
        "超出平板库存，待核对"
    )

    # A refund puts a piece back on the tile before it reaches the server.
    page.click("[data-testid=tab-sell]")
    sell(page, "PURSE-RED", "CARD")
    expect(left(page, "PURSE-RED")).to_have_text(f"剩 {STOCK_EACH - 1}")
    page.click("[data-testid=tab-sales]")
    page.locator("[data-testid=sale-row]").first.locator("[data-testid=refund]").click()
    page.fill("[data-testid=refund-reason]", "顾客退货")
    page.click("[data-testid=confirm-refund]")
    waiting(page, 3)
    page.click("[data-testid=tab-sell]")
    expect(left(page, "PURSE-RED")).to_have_text(f"剩 {STOCK_EACH}")

    # Online again: the server counted for itself and flagged the piece its books did not have.
    context.set_offline(False)
    waiting(page, 0)
    assert order_count(cart) == 3
    assert flags_of(cart) == [[], ["negative_stock"], []]
    assert on_hand(cart, UNIQUE) == -1
    assert on_hand(cart, "PURSE-RED") == STOCK_EACH
    assert on_server(lambda: Order.objects.get(number=f"C-{second}").needs_reconciliation) is True
    page.click("[data-testid=tab-sales]")
    expect(page.locator(f"[data-receipt='{second}'] .flags")).to_have_text("账上库存不足")
    page.click("[data-testid=tab-sell]")
    expect(left(page, UNIQUE)).to_have_text("已售完")
    expect(left(page, "PURSE-RED")).to_have_text(f"剩 {STOCK_EACH}")


def basket_saved(page) -> None:
    """Waits until IndexedDB holds the basket the screen shows (the write is asynchronous)."""
    page.wait_for_selector("html[data-basket-saved=true]", state="attached")


def basket_lines(page) -> list[str]:
    return [text.split("\n")[0] for text in page.locator("[data-testid=basket] .line-name").all_inner_texts()]


def test_the_basket_survives_a_reload_and_a_browser_restart_until_the_sale_is_recorded(
    live_server, pos_world, chromium
):
    cart = pos_world["cart"]
    context = chromium()
    page = context.new_page()
    sign_in_and_open_shift(page, live_server.url)

    # Two purses with a discount and a scarf in the basket.
    page.click("[data-testid=tile-PURSE-RED]")
    page.click("[data-testid=plus-PURSE-RED]")
    page.click("[data-testid=discount-PURSE-RED]")
    page.fill("[data-testid=discount-amount]", "6")
    page.fill("[data-testid=discount-reason]", "老顾客")
    page.click("[data-testid=discount-save]")
    page.click("[data-testid=tile-SCARF-BLUE]")
    expect(page.locator("[data-testid=basket-total]")).to_have_text("¥256.00")  # 2 × 98 − 6 + 66
    expect(left(page, "PURSE-RED")).to_have_text(f"剩 {STOCK_EACH - 2}")

    # A reload, then a browser restart with no connection: the same basket.
    basket_saved(page)
    page.reload()
    expect(page.locator("[data-testid=basket-total]")).to_have_text("¥256.00")
    assert page.inner_text("[data-testid=qty-PURSE-RED]") == "2"
    context.close()
    context = chromium(offline=True)
    page = context.pages[0] if context.pages else context.new_page()
    page.goto(f"{live_server.url}/pos/")
    expect(page.locator("[data-testid=basket-total]")).to_have_text("¥256.00")
    assert basket_lines(page) == ["刺绣荷包", "哈达围巾"]
    assert page.inner_text("[data-testid=qty-PURSE-RED]") == "2"
    assert "优惠 −¥6.00 · 老顾客" in page.inner_text("[data-testid=line-PURSE-RED]")
    expect(left(page, "PURSE-RED")).to_have_text(f"剩 {STOCK_EACH - 2}")

    # Recorded: the basket is empty, and stays empty after a reload.
    page.click("[data-testid=pay]")
    page.click("[data-testid=method-CASH]")
    page.click("[data-testid=confirm-payment]")
    page.click("[data-testid=next-sale]")
    expect(page.locator("[data-testid=basket-total]")).to_have_text("¥0.00")
    basket_saved(page)
    page.reload()
    waiting(page, 1)
    expect(page.locator("[data-testid=basket-total]")).to_have_text("¥0.00")

    # Cancelled ("clear"): gone too.
    page.click("[data-testid=tile-FELT-SHEEP]")
    page.click("[data-testid=clear-basket]")
    expect(page.locator("[data-testid=basket-total]")).to_have_text("¥0.00")
    basket_saved(page)
    page.reload()
    waiting(page, 1)
    expect(page.locator("[data-testid=basket-total]")).to_have_text("¥0.00")

    # Online: the server holds the one sale, as rung up.
    context.set_offline(False)
    waiting(page, 0)
    lines = on_server(
        lambda: list(
            Order.objects.get(location=cart.location)
            .lines.order_by("sku")
            .values_list("sku", "quantity", "unit_price_fen", "discount_fen", "discount_reason", "total_fen")
        )
    )
    assert lines == [("PURSE-RED", 2, 9800, 600, "老顾客", 19000), ("SCARF-BLUE", 1, 6600, 0, "", 6600)]
    assert on_server(
        lambda: dict(
            StockLevel.objects.filter(location=cart.location).values_list("variant__sku", "quantity")
        )
    ) == {"PURSE-RED": 8, "SCARF-BLUE": 9, "FELT-SHEEP": 10, "SALT-HORSE": 10}
