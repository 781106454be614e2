"""A day at the cart with no connection from the first moment (docs/pos.md, "Shifts made on the
tablet"): after an online sign-in on an earlier day, she signs in offline, opens the shift, sells,
refunds, reloads, restarts the browser and closes the shift with its Z report, all on the tablet;
back online the server holds exactly what the tablet did, once, and the two Z reports agree to the fen."""

import re

import pytest
from playwright.sync_api import expect

from carts.models import PosRefund, PosSale, Shift
from orders.models import Order
from tests.pos.conftest import PIN, STOCK_EACH, USERNAME, on_server
from tests.pos.test_browser import on_hand, sell, waiting

pytestmark = pytest.mark.django_db(transaction=True)


def sign_in(page, base_url):
    page.goto(f"{base_url}/pos/")
    page.fill("#login-username", USERNAME)
    page.fill("#login-pin", PIN)
    page.click("[data-testid=login-submit]")


def server_state(cart):
    def read():
        shifts = list(
            Shift.objects.filter(cart=cart).values_list(
                "status", "opening_cash_fen", "counted_cash_fen", "z_differences", "operator__user__username"
            )
        )
        return {
            "shifts": shifts,
            "sales": PosSale.objects.filter(shift__cart=cart).count(),
            "refunds": PosRefund.objects.filter(shift__cart=cart).count(),
            "orders": Order.objects.filter(location=cart.location, channel="cart").count(),
        }

    return on_server(read)


def test_a_whole_day_offline_opens_sells_refunds_and_closes_and_the_z_reports_agree(
    live_server, pos_world, chromium, screenshot_dir
):
    cart = pos_world["cart"]
    # An earlier day: one online sign-in on this tablet, then signed out.
    context = chromium()
    page = context.new_page()
    sign_in(page, live_server.url)
    page.wait_for_selector("[data-testid=opening-cash]")
    page.wait_for_function("() => document.documentElement.dataset.offlineReady === '1'")
    page.wait_for_function("() => document.documentElement.dataset.offlineSignIn === 'saved'")
    page.click("[data-testid=logout]")
    page.click("[data-testid=confirm-yes]")
    page.wait_for_selector("#login-pin")
    context.close()

    # The day itself: no connection from the first moment.
    context = chromium(offline=True)
    page = context.pages[0] if context.pages else context.new_page()
    sign_in(page, live_server.url)
    page.fill("[data-testid=opening-cash]", "300")
    page.click("[data-testid=open-shift]")
    page.wait_for_selector("[data-testid=tile-PURSE-RED]")
    assert page.inner_text("[data-testid=connection]") == "离线"

    sell(page, "PURSE-RED", "CASH", tendered="100")  # 98
    sell(page, "SCARF-BLUE", "WECHAT")  # 66
    sell(page, "FELT-SHEEP", "CASH", tendered="50", discount=("5", "有瑕疵"))  # 40
    sell(page, "SALT-HORSE", "ALIPAY")  # 680
    waiting(page, 4)

    # Refund the scarf (WeChat) offline.
    page.click("[data-testid=tab-sales]")
    page.locator("[data-testid=sale-row][data-receipt$='-000002'] [data-testid=refund]").click()
    page.fill("[data-testid=refund-reason]", "顾客退货")
    page.click("[data-testid=confirm-refund]")
    waiting(page, 5)

    # A reload and a browser restart, still offline: the shift and the queue are still there.
    page.reload()
    waiting(page, 5)
    context.close()
    context = chromium(offline=True)
    page = context.pages[0] if context.pages else context.new_page()
    page.goto(f"{live_server.url}/pos/")
    waiting(page, 5)
    page.wait_for_selector("[data-testid=tile-PURSE-RED]")

    # Close the shift offline with ¥436.00 counted (300 + 98 + 40 = 438 expected).
    page.click("[data-testid=tab-shift]")
    page.fill("[data-testid=counted-cash]", "436")
    page.click("[data-testid=close-shift]")
    page.click("[data-testid=confirm-yes]")
    page.wait_for_selector("[data-testid=zreport]")

    def z(key):
        return page.inner_text(f"[data-z={key}]")

    assert (z("salesCount"), z("netFen"), z("refunds")) == ("4", "¥818.00", "1 笔 · ¥66.00")  # 889 − 5 − 66
    assert (z("expectedCashFen"), z("countedCashFen"), z("varianceFen")) == ("¥438.00", "¥436.00", "-¥2.00")
    assert page.get_attribute("[data-testid=z-check]", "data-state") == "pending"
    pieces = page.locator("[data-testid=z-piece]")
    assert pieces.all_inner_texts() == [
        "毡绣小羊 FELT-SHEEP\t1 件 · ¥40.00",
        "刺绣荷包 PURSE-RED\t1 件 · ¥98.00",
        "盐雕奔马 SALT-HORSE\t1 件 · ¥680.00",
        "哈达围巾 SCARF-BLUE\t1 件 · ¥66.00",
    ]
    page.screenshot(path=f"{screenshot_dir}/z-report-offline-1024x768.png")
    assert server_state(cart) == {"shifts": [], "sales": 0, "refunds": 0, "orders": 0}

    # Back online: everything once, and the server's Z report agrees with the tablet's to the fen.
    context.set_offline(False)
    page.wait_for_selector("[data-testid=z-check][data-state=agrees]")
    waiting(page, 0)
    page.screenshot(path=f"{screenshot_dir}/z-report-agrees-1024x768.png")
    assert server_state(cart) == {
        "shifts": [("closed", 30000, 43600, [], USERNAME)],
        "sales": 4,
        "refunds": 1,
        "orders": 4,
    }
    assert on_hand(cart, "SCARF-BLUE") == STOCK_EACH
    assert on_hand(cart, "SALT-HORSE") == STOCK_EACH - 1
    # Sent again (a lost answer): nothing new.
    page.click("[data-testid=sync-now]")
    waiting(page, 0)
    assert server_state(cart)["sales"] == 4

    # The shift is closed, its sales stay findable on the tablet (30 days), by piece or receipt number;
    # a sale older than that is not listed.
    page.evaluate(
        """() => new Promise((resolve) => {
            const open = indexedDB.open('gongfang-pos');
            open.onsuccess = () => {
              const tx = open.result.transaction('sales', 'readwrite');
              tx.objectStore('sales').put({
                clientUuid: 'old-sale', receiptNumber: 'CHAKA-OLD-000001', shiftId: 'old',
                deviceTime: new Date(Date.now() - 31 * 86400000).toISOString(),
                lines: [{sku: 'SALT-HORSE', productNameZh: '盐雕奔马', quantity: 1}],
                payment: {method: 'CASH', amountFen: 68000}, totalFen: 68000, items: 1, status: 'synced'});
              tx.oncomplete = () => resolve();
            };
        })"""
    )
    page.click("[data-testid=tab-sales]")
    rows = page.locator("[data-testid=sale-row]")
    expect(rows).to_have_count(4)
    page.fill("[data-testid=sales-search]", "盐雕")
    expect(rows).to_have_count(1)
    assert rows.first.get_attribute("data-receipt").endswith("-000004")
    page.fill("[data-testid=sales-search]", "-000002")
    # (The list held one row already: wait for the search's own row, not just for one row.)
    expect(rows.first).to_have_attribute("data-receipt", re.compile(r"-000002$"))
    expect(rows).to_have_count(1)
    assert "哈达围巾 ×1" in rows.first.inner_text()
    page.screenshot(path=f"{screenshot_dir}/sales-search-1024x768.png")
