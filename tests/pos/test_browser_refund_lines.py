"""Refunding one line, then one piece of another, of a two-line sale on the tablet with no connection:
the amount to hand back is shown before she confirms, the tiles get the pieces back at once, the
tablet's Z report counts the two refunds; back online the server holds exactly those refund lines,
the stock and the order's figures, and its Z report agrees to the fen. A refund of a sale older than
the review days says it will be reviewed, and is flagged on the server."""

import time

import pytest
from playwright.sync_api import expect

from carts.models import PosRefund, PosRefundLine, Shift
from orders.models import Order
from tests.pos.conftest import STOCK_EACH, on_server
from tests.pos.test_browser import on_hand, sign_in_and_open_shift, waiting

pytestmark = pytest.mark.django_db(transaction=True)


def left(page, sku):
    return page.locator(f"[data-testid=left-{sku}]")


def sell_purse_and_two_scarves(page):
    """A purse (98.00) and two scarves less 1.01 (130.99), in cash: 228.99."""
    page.click("[data-testid=tile-PURSE-RED]")
    page.click("[data-testid=tile-SCARF-BLUE]")
    page.click("[data-testid=tile-SCARF-BLUE]")
    page.click("[data-testid=discount-SCARF-BLUE]")
    page.fill("[data-testid=discount-amount]", "1.01")
    page.fill("[data-testid=discount-reason]", "抹零")
    page.click("[data-testid=discount-save]")
    page.click("[data-testid=pay]")
    page.click("[data-testid=method-CASH]")
    page.fill("[data-testid=tendered]", "300")
    page.click("[data-testid=confirm-payment]")
    number = page.inner_text("[data-testid=receipt-number]")
    page.click("[data-testid=next-sale]")
    return number


def open_refund(page, receipt):
    page.click("[data-testid=tab-sales]")
    page.locator(f"[data-testid=sale-row][data-receipt='{receipt}'] [data-testid=refund]").click()
    page.wait_for_selector("[data-testid=refund-sheet]")


def refund_line(page, sku):
    return page.locator(f"[data-testid=refund-line][data-sku={sku}]")


def server_refunds(cart):
    def read():
        order = Order.objects.get(location=cart.location, channel="cart")
        return {
            "order": (order.status, order.total_fen),
            "order_lines": list(
                order.lines.order_by("pk").values_list("sku", "refunded_quantity", "refunded_fen")
            ),
            "refunds": list(
                PosRefund.objects.order_by("device_time").values_list("amount_fen", "payment_method", "flags")
            ),
            "refund_lines": list(
                PosRefundLine.objects.order_by("refund__device_time", "pk").values_list(
                    "sku", "quantity", "amount_fen"
                )
            ),
            "shifts": list(Shift.objects.values_list("status", "counted_cash_fen", "z_differences")),
        }

    return on_server(read)


def test_one_line_then_one_piece_refunded_offline_reach_the_server_exactly(live_server, pos_world, chromium):
    cart = pos_world["cart"]
    context = chromium()
    page = context.new_page()
    sign_in_and_open_shift(page, live_server.url, opening="500")
    context.set_offline(True)
    receipt = sell_purse_and_two_scarves(page)
    expect(left(page, "PURSE-RED")).to_have_text(f"剩 {STOCK_EACH - 1}")
    expect(left(page, "SCARF-BLUE")).to_have_text(f"剩 {STOCK_EACH - 2}")

    # The purse's line only: everything is ticked at first; she unticks the scarves.
    open_refund(page, receipt)
    expect(page.locator("[data-testid=refund-amount]")).to_have_text("¥228.99")
    refund_line(page, "SCARF-BLUE").locator("[data-testid=refund-line-check]").uncheck()
    expect(page.locator("[data-testid=refund-amount]")).to_have_text("¥98.00")
    expect(page.locator("[data-testid=confirm-refund]")).to_have_text("确认退款 ¥98.00")
    expect(page.locator("[data-testid=refund-review-note]")).to_have_count(0)
    page.fill("[data-testid=refund-reason]", "顾客退货")
    page.click("[data-testid=confirm-refund]")
    waiting(page, 2)

    # Then one of the two scarves: the purse is no longer offered; − takes the scarves from 2 to 1,
    # whose share of the discounted line (130.99) is 65.50, as core.money.allocate gives it.
    open_refund(page, receipt)
    expect(refund_line(page, "PURSE-RED")).to_have_count(0)
    expect(refund_line(page, "SCARF-BLUE").locator("[data-testid=refund-line-qty]")).to_have_text("2")
    refund_line(page, "SCARF-BLUE").locator("[data-testid=refund-line-minus]").click()
    expect(refund_line(page, "SCARF-BLUE").locator("[data-testid=refund-line-qty]")).to_have_text("1")
    expect(page.locator("[data-testid=refund-amount]")).to_have_text("¥65.50")
    page.fill("[data-testid=refund-reason]", "尺寸不合适")
    page.click("[data-testid=confirm-refund]")
    waiting(page, 3)
    row = page.locator(f"[data-testid=sale-row][data-receipt='{receipt}']")
    expect(row.locator("[data-testid=sale-refund]")).to_have_text(
        ["已退 ¥98.00： 刺绣荷包 ×1", "已退 ¥65.50： 哈达围巾 ×1"]
    )
    expect(row.locator(".pill")).to_have_text("部分退款")
    expect(row.locator("[data-testid=refund]")).to_have_count(1)  # one scarf is left to refund

    # The tiles have the pieces back at once.
    page.click("[data-testid=tab-sell]")
    expect(left(page, "PURSE-RED")).to_have_text(f"剩 {STOCK_EACH}")
    expect(left(page, "SCARF-BLUE")).to_have_text(f"剩 {STOCK_EACH - 1}")

    # The tablet's Z report: 500 + 228.99 − 98.00 − 65.50 = 565.49 expected in the drawer.
    page.click("[data-testid=tab-shift]")
    page.fill("[data-testid=counted-cash]", "565.49")
    page.click("[data-testid=close-shift]")
    page.click("[data-testid=confirm-yes]")
    page.wait_for_selector("[data-testid=zreport]")

    def z(key):
        return page.inner_text(f"[data-z={key}]")

    assert (z("salesCount"), z("refunds"), z("netFen")) == ("1", "2 笔 · ¥163.50", "¥65.49")
    assert (z("method-CASH"), z("expectedCashFen"), z("varianceFen")) == (
        "1 笔 · ¥228.99 (−¥163.50)",
        "¥565.49",
        "¥0.00",
    )
    assert on_server(lambda: PosRefund.objects.count()) == 0

    # Back online: exactly these refunds, and the server's Z report agrees to the fen.
    context.set_offline(False)
    page.wait_for_selector("[data-testid=z-check][data-state=agrees]")
    waiting(page, 0)
    assert server_refunds(cart) == {
        "order": ("partially_refunded", 22899),
        "order_lines": [("PURSE-RED", 1, 9800), ("SCARF-BLUE", 1, 6550)],
        "refunds": [(9800, "cash", []), (6550, "cash", [])],
        "refund_lines": [("PURSE-RED", 1, 9800), ("SCARF-BLUE", 1, 6550)],
        "shifts": [("closed", 56549, [])],
    }
    assert (on_hand(cart, "PURSE-RED"), on_hand(cart, "SCARF-BLUE")) == (STOCK_EACH, STOCK_EACH - 1)
    # Sent again (a lost answer): nothing new.
    page.click("[data-testid=sync-now]")
    waiting(page, 0)
    assert server_refunds(cart)["refund_lines"] == [("PURSE-RED", 1, 9800), ("SCARF-BLUE", 1, 6550)]


def test_a_refund_of_a_sale_older_than_the_review_days_says_it_will_be_reviewed(
    live_server, pos_world, chromium, settings
):
    # Every sale is "old" with no days to spare: this sale's refund is reviewed.
    settings.POS_REFUND_REVIEW_AFTER_DAYS = 0
    cart = pos_world["cart"]
    context = chromium()
    page = context.new_page()
    sign_in_and_open_shift(page, live_server.url, opening="500")
    receipt = sell_purse_and_two_scarves(page)

    open_refund(page, receipt)
    expect(page.locator("[data-testid=refund-review-note]")).to_have_text(
        "这笔销售已超过 0 天，退款会记录下来，并交给工坊工作人员审核。"
    )
    refund_line(page, "SCARF-BLUE").locator("[data-testid=refund-line-check]").uncheck()
    page.fill("[data-testid=refund-reason]", "顾客退货")
    page.click("[data-testid=confirm-refund]")
    # Online, the refund is sent at once: the queue reads 0 before and after, so wait for the server.
    synced = time.monotonic() + 30
    while not on_server(lambda: PosRefund.objects.exists()) and time.monotonic() < synced:
        time.sleep(0.1)
    waiting(page, 0)

    assert server_refunds(cart)["refunds"] == [(9800, "cash", ["old_sale"])]
    assert on_server(lambda: PosRefund.objects.get().review_status) == "held"
    row = page.locator(f"[data-testid=sale-row][data-receipt='{receipt}']")
    expect(row.locator("[data-testid=sale-refund]")).to_have_text("已退 ¥98.00： 刺绣荷包 ×1 · 待审核")
