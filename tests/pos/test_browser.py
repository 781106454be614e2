"""The cart app in Chromium against a live server: selling through a lost connection, a reload, a
closed tab and a browser restart; the Z report; practice mode; a refused sale; the screens at tablet
and phone size. The browser's profile lives on disk, so a relaunch is a real restart."""

import re

import pytest
from playwright.sync_api import expect

from carts.models import PosSale, Shift
from catalog.models import Variant
from inventory.models import StockLevel
from orders.models import Order
from tests.pos.conftest import PIN, STOCK_EACH, USERNAME, on_server

pytestmark = pytest.mark.django_db(transaction=True)


def sign_in_and_open_shift(page, base_url, opening="500.00"):
    page.goto(f"{base_url}/pos/")
    page.fill("#login-username", USERNAME)
    page.fill("#login-pin", PIN)
    page.click("[data-testid=login-submit]")
    page.fill("[data-testid=opening-cash]", opening)
    page.click("[data-testid=open-shift]")
    page.wait_for_selector("[data-testid=tile-PURSE-RED]")
    # The service worker controls the page and has cached the shell: it can now open offline. (A
    # predicate is always given as a function: Playwright evaluates a bare expression again at each
    # poll, which the tablet's CSP, with no 'unsafe-eval', refuses after the first.)
    page.wait_for_function("() => document.documentElement.dataset.offlineReady === '1'")


def sell(page, sku, method="CASH", tendered=None, discount=None):
    """One piece of `sku`; returns the receipt number shown."""
    page.click(f"[data-testid=tile-{sku}]")
    if discount:
        amount, reason = discount
        page.click(f"[data-testid=discount-{sku}]")
        page.fill("[data-testid=discount-amount]", amount)
        page.fill("[data-testid=discount-reason]", reason)
        page.click("[data-testid=discount-save]")
    page.click("[data-testid=pay]")
    page.click(f"[data-testid=method-{method}]")
    if method in ("WECHAT", "ALIPAY"):
        assert "请顾客扫工坊收款码" in page.inner_text("[data-testid=pay-reminder]")
    if tendered is not None:
        page.fill("[data-testid=tendered]", tendered)
    page.click("[data-testid=confirm-payment]")
    number = page.inner_text("[data-testid=receipt-number]")
    assert page.is_visible("[data-testid=receipt-qr]") or "PRACTICE" in number
    page.click("[data-testid=next-sale]")
    return number


def waiting(page, n):
    page.wait_for_function(
        "n => document.querySelector('[data-testid=queue-count]')?.textContent === `待同步 ${n} 笔`", arg=n
    )


def order_count(cart) -> int:
    return on_server(lambda: Order.objects.filter(location=cart.location, channel="cart").count())


def on_hand(cart, sku=None) -> int:
    levels = StockLevel.objects.filter(location=cart.location)
    if sku:
        levels = levels.filter(variant__sku=sku)
    return on_server(lambda: sum(levels.values_list("quantity", flat=True)))


def receipt_numbers(cart) -> list[str]:
    return on_server(
        lambda: sorted(PosSale.objects.filter(shift__cart=cart).values_list("receipt_number", flat=True))
    )


def test_eight_sales_through_a_lost_connection_reach_the_server_once_each(live_server, pos_world, chromium):
    cart = pos_world["cart"]
    before = on_hand(cart)
    context = chromium()
    page = context.new_page()
    sign_in_and_open_shift(page, live_server.url)
    assert page.inner_text("[data-testid=cart-name]") == "茶卡盐湖零售车"

    # Three sales online: each goes to the server at once.
    numbers = [
        sell(page, "PURSE-RED", "CASH", tendered="100"),
        sell(page, "SCARF-BLUE", "WECHAT"),
        sell(page, "FELT-SHEEP", "ALIPAY"),
    ]
    waiting(page, 0)
    assert re.fullmatch(r"CHAKA-[0-9A-F]{4}-000001", numbers[0])
    assert order_count(cart) == 3

    # Five more with no connection at all.
    context.set_offline(True)
    page.wait_for_function("() => document.querySelector('[data-testid=connection]')?.textContent === '离线'")
    numbers += [
        sell(page, "PURSE-RED", "CARD"),
        sell(page, "SCARF-BLUE", "CASH"),
        sell(page, "FELT-SHEEP", "CASH", tendered="50", discount=("5", "有瑕疵")),
        sell(page, "PURSE-RED", "WECHAT"),
        sell(page, "SALT-HORSE", "CASH", tendered="700"),
    ]
    waiting(page, 5)
    assert len(set(numbers)) == 8

    # The shift was made on the tablet: it could close now, offline (docs/pos.md).
    page.click("[data-testid=tab-shift]")
    assert not page.is_disabled("[data-testid=close-shift]")
    assert not page.is_visible("[data-testid=close-blocked]")

    # Reload offline: the service worker serves the app, IndexedDB still holds the queue.
    page.reload()
    waiting(page, 5)
    assert page.is_visible("[data-testid=tile-SALT-HORSE]")

    # Close the tab and open another, still offline.
    page.close()
    page = context.new_page()
    page.goto(f"{live_server.url}/pos/")
    waiting(page, 5)

    # Restart the browser on the same profile, still offline.
    context.close()
    context = chromium(offline=True)
    page = context.pages[0] if context.pages else context.new_page()
    page.goto(f"{live_server.url}/pos/")
    waiting(page, 5)
    assert order_count(cart) == 3

    # Back online: the `online` event sends the queue.
    context.set_offline(False)
    waiting(page, 0)
    assert page.inner_text("[data-testid=last-sync]").startswith("上次同步 ")
    assert order_count(cart) == 8
    assert receipt_numbers(cart) == sorted(numbers)
    assert on_hand(cart) == before - 8
    assert on_hand(cart, "PURSE-RED") == STOCK_EACH - 3

    # The e-receipt behind the QR code now shows the sale.
    receipt = context.new_page()
    client_uuid = on_server(lambda: PosSale.objects.get(receipt_number=numbers[7]).client_uuid)
    receipt.goto(f"{live_server.url}/r/{client_uuid}/")
    assert numbers[7] in receipt.inner_text("body")
    assert "¥680.00" in receipt.inner_text("body")
    receipt.close()

    # Close the shift with ¥1,380.00 counted: the Z report on screen.
    page.click("[data-testid=tab-shift]")
    page.fill("[data-testid=counted-cash]", "1380.00")
    page.click("[data-testid=close-shift]")
    page.click("[data-testid=confirm-yes]")
    page.wait_for_selector("[data-testid=zreport]")

    def z(key):
        return page.inner_text(f"[data-z={key}]")

    assert z("salesCount") == "8"
    assert z("method-CASH") == "4 笔 · ¥884.00"  # 98 + 66 + (45 − 5) + 680
    assert z("method-WECHAT") == "2 笔 · ¥164.00"
    assert z("method-ALIPAY") == "1 笔 · ¥45.00"
    assert z("method-CARD") == "1 笔 · ¥98.00"
    assert z("discountFen") == "¥5.00"
    assert z("netFen") == "¥1,191.00"
    assert z("openingCashFen") == "¥500.00"
    assert z("expectedCashFen") == "¥1,384.00"
    assert z("countedCashFen") == "¥1,380.00"
    assert z("varianceFen") == "-¥4.00"
    assert page.is_visible("[data-testid=print-z]")
    # The tablet's Z report went to the server with the close; the server's agrees to the fen.
    page.wait_for_selector("[data-testid=z-check][data-state=agrees]")
    assert on_server(
        lambda: list(Shift.objects.values_list("status", "counted_cash_fen", "z_differences"))
    ) == [("closed", 138000, [])]


def test_practice_a_refused_sale_and_a_catalogue_refresh_on_tablet_and_phone(
    live_server, pos_world, chromium, screenshot_dir
):
    cart = pos_world["cart"]
    context = chromium()
    page = context.new_page()
    sign_in_and_open_shift(page, live_server.url)
    page.screenshot(path=f"{screenshot_dir}/sell-tablet-1024x768.png")

    # A tap that comes while the tiles are drawn again (as a sync's new counts draw them) still adds
    # its piece: the finger goes down on a tile, the tiles are redrawn, the finger comes up.
    tile = page.locator("[data-testid=tile-SALT-HORSE]").bounding_box()
    page.mouse.move(tile["x"] + tile["width"] / 2, tile["y"] + tile["height"] / 2)
    page.mouse.down()
    page.dispatch_event("[data-testid=search]", "input")
    page.mouse.up()
    expect(page.locator("[data-testid=qty-SALT-HORSE]")).to_have_text("1")

    # Practice (switching it on empties the basket): a different banner, a sale that never leaves the tablet.
    page.click("[data-testid=practice-switch]")
    assert page.is_visible("[data-testid=practice-banner]")
    number = sell(page, "SALT-HORSE", "CASH")
    assert number.startswith("PRACTICE-")
    waiting(page, 0)
    page.click("[data-testid=sync-now]")
    page.click("[data-testid=tab-sales]")
    # The sales list renders from IndexedDB after the tab opens: wait for it, then count.
    expect(page.locator("[data-testid=sale-row]")).to_have_count(1)
    page.click("[data-testid=tab-sell]")
    page.click("[data-testid=practice-switch]")
    assert not page.is_visible("[data-testid=practice-banner]")

    # Sales that cannot be sent yet (the server does not answer the sync), then a catalogue refresh.
    page.route(
        "**/graphql/",
        lambda route: (
            route.abort() if "posSyncSales" in (route.request.post_data or "") else route.continue_()
        ),
    )
    sell(page, "PURSE-RED", "CASH")
    sell(page, "FELT-SHEEP", "CARD")
    waiting(page, 2)
    page.click("[data-testid=refresh-catalog]")
    page.wait_for_selector("text=目录已更新")
    page.reload()
    waiting(page, 2)

    # The felt sheep's SKU changes on the server while its sale waits: that sale is refused.
    on_server(lambda: Variant.objects.filter(sku="FELT-SHEEP").update(sku="FELT-SHEEP-2"))
    page.unroute("**/graphql/")
    page.click("[data-testid=sync-now]")
    waiting(page, 0)
    page.wait_for_selector("[data-testid=rejected-count]")
    assert page.inner_text("[data-testid=rejected-count]") == "被拒 1 笔"
    page.click("[data-testid=rejected-count]")
    assert "货号不存在" in page.inner_text("[data-testid=rejected-reason]")
    assert "FELT-SHEEP" in page.inner_text("[data-testid=rejected-reason]")

    # Nothing of the practice sale reached the server; the real one did, the refused one did not.
    [recorded] = receipt_numbers(cart)
    assert recorded.endswith("-000001")
    assert order_count(cart) == 1
    assert on_hand(cart, "SALT-HORSE") == STOCK_EACH

    # Phone size, in English.
    page.click("[data-testid=tab-sell]")
    page.click("[data-testid=lang]")
    page.set_viewport_size({"width": 390, "height": 844})
    page.click("[data-testid=tile-SCARF-BLUE]")
    assert page.is_visible("[data-testid=pay-bar]")
    assert "waiting to sync" in page.inner_text("[data-testid=queue-count]")
    page.screenshot(path=f"{screenshot_dir}/sell-phone-390x844.png")
    print(f"screenshots in {screenshot_dir}")
