"""A batch with a poisoned sale, in Chromium against a live server: the good sales are recorded, the
bad ones are set aside on the tablet with their reason (one the server rejects on its own, one that
fails the whole request, found by splitting the batch), and the queue does not stall."""

import re
import time

import pytest
from playwright.sync_api import expect

from carts.models import PosRejectedSale
from tests.pos.conftest import STOCK_EACH, on_server
from tests.pos.test_browser import (
    on_hand,
    order_count,
    receipt_numbers,
    sell,
    sign_in_and_open_shift,
    waiting,
)

pytestmark = pytest.mark.django_db(transaction=True)

# Rewrites two queued sales in the tablet's IndexedDB, as a broken (or tampered) tablet would send
# them: the second with a payment method no version of the app has (the whole request is refused),
# the third with three billion pieces (the server rejects that sale alone).
POISON = """async () => {
  const db = await new Promise((resolve, reject) => {
    const request = indexedDB.open("gongfang-pos");
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  // The sales only: the shift's opening may still wait in the queue beside them.
  const items = await new Promise((resolve) => {
    const get = db.transaction("queue").objectStore("queue").index("queuedAt").getAll();
    get.onsuccess = () => resolve(get.result.filter((item) => item.kind === "sale"));
  });
  items[1].input.payment.method = "BITCOIN";
  items[2].input.lines[0].quantity = 3000000000;
  await new Promise((resolve, reject) => {
    const tx = db.transaction("queue", "readwrite");
    tx.objectStore("queue").put(items[1]);
    tx.objectStore("queue").put(items[2]);
    tx.oncomplete = resolve;
    tx.onerror = () => reject(tx.error);
  });
  db.close();
  return items.map((item) => item.input.receiptNumber);
}"""


def test_a_batch_with_poisoned_sales_syncs_the_good_ones_and_sets_the_bad_ones_aside(
    live_server, pos_world, chromium
):
    # Given four sales made offline, two of them poisoned in the queue,
    cart = pos_world["cart"]
    context = chromium()
    page = context.new_page()
    sign_in_and_open_shift(page, live_server.url)
    context.set_offline(True)
    for sku in ("PURSE-RED", "SCARF-BLUE", "FELT-SHEEP", "SALT-HORSE"):
        sell(page, sku, "CASH")
    waiting(page, 4)
    receipts = page.evaluate(POISON)
    assert len(receipts) == 4

    # when the tablet is back online and syncs,
    context.set_offline(False)
    page.click("[data-testid=sync-now]")

    # then the queue empties: the two good sales are recorded, and only they,
    waiting(page, 0)
    assert receipt_numbers(cart) == sorted([receipts[0], receipts[3]])
    assert order_count(cart) == 2
    assert on_hand(cart, "PURSE-RED") == STOCK_EACH - 1
    assert on_hand(cart, "FELT-SHEEP") == STOCK_EACH
    # the two bad ones are set aside on the tablet, each with its reason, in Chinese,
    page.wait_for_selector("[data-testid=rejected-count]")
    assert page.inner_text("[data-testid=rejected-count]") == "被拒 2 笔"
    page.click("[data-testid=rejected-count]")
    reasons = page.locator("[data-testid=rejected-reason]")
    expect(reasons).to_have_count(2)
    texts = sorted(reasons.all_inner_texts())
    assert texts[0].startswith("已单独放置：服务器拒收这一笔")
    assert texts[1] == "数量超出范围 (FELT-SHEEP)"
    # and in English,
    page.click("[data-testid=lang]")
    page.click("[data-testid=tab-sell]")
    page.click("[data-testid=tab-sales]")
    expect(page.locator("[data-testid=rejected-reason]").first).to_contain_text(re.compile("[a-z]"))
    english = sorted(page.locator("[data-testid=rejected-reason]").all_inner_texts())
    assert english[0] == "quantity out of range (FELT-SHEEP)"
    assert english[1].startswith("set aside: the server refused it")
    # and staff see both: the one the server rejected, and the one the tablet set aside and reported.
    kept = _rejected_on_server(count=2)
    assert kept[receipts[2]]["reason"] == "quantity out of range (FELT-SHEEP)"
    assert kept[receipts[2]]["sale"]["lines"][0]["quantity"] == 3000000000
    assert kept[receipts[1]]["reason"].startswith("set aside: the server refused it (")
    assert kept[receipts[1]]["sale"]["payment"]["method"] == "BITCOIN"
    # A later sale syncs as usual: nothing stalls.
    page.click("[data-testid=lang]")  # back to Chinese
    page.click("[data-testid=tab-sell]")
    sell(page, "PURSE-RED", "CASH")
    page.click("[data-testid=sync-now]")
    waiting(page, 0)
    assert order_count(cart) == 3


def _rejected_on_server(count: int, timeout: float = 15) -> dict:
    """{receipt number: the PosRejectedSale's reason and sale} once there are `count` of them."""
    deadline = time.monotonic() + timeout
    while True:
        rows = on_server(lambda: list(PosRejectedSale.objects.values("reason", "sale")))
        if len(rows) >= count or time.monotonic() > deadline:
            return {
                row["sale"].get("receiptNumber") or row["sale"].get("receipt_number"): row for row in rows
            }
        time.sleep(0.2)
