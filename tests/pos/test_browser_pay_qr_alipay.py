"""The QR code for the exact amount on the tablet paid with Alipay (docs/pos.md), in Chromium against a
live server and the Alipay fake: the code of an alipay.trade.precreate trade shows, the customer pays it
in the wallet stand-in, and the sale confirms by itself, paid by that payment; cancelled, the trade is
closed and the printed code and a recorded payment work as before."""

import pytest
from playwright.sync_api import expect

from orders.models import Order
from payments.models import Payment
from tests.pos.conftest import on_server
from tests.pos.test_browser import sign_in_and_open_shift, waiting
from tests.pos.test_browser_pay_qr import _sale_of

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def wallet(alipay, live_server, settings):
    """Alipay's notifications reach the live server, as they reach the real one."""
    settings.ALIPAY_NOTIFY_URL = f"{live_server.url}/payments/alipay/notify/"
    return alipay


def _show_code(page, live_server, tile):
    sign_in_and_open_shift(page, live_server.url)
    page.click(f"[data-testid=tile-{tile}]")
    page.click("[data-testid=pay]")
    page.click("[data-testid=method-ALIPAY]")
    page.click("[data-testid=show-pay-qr]")
    shown = page.locator("[data-testid=pay-qr]")
    expect(shown).to_be_visible()
    return shown


def test_the_customer_pays_the_alipay_code_and_the_sale_confirms_by_itself(
    live_server, pos_world, chromium, wallet
):
    page = chromium().new_page()

    shown = _show_code(page, live_server, "PURSE-RED")

    expect(page.locator("[data-testid=pay-qr-code]")).to_have_attribute("alt", "本单的支付宝收款码")
    assert "¥98.00" in shown.inner_text()
    assert "请顾客用支付宝扫这个码付款" in shown.inner_text()
    reference = shown.get_attribute("data-reference")
    trade = wallet.trades[reference]
    assert (trade.product_code, trade.total_amount, trade.state) == (
        "FACE_TO_FACE_PAYMENT",
        "98.00",
        "WAIT_BUYER_PAY",
    )

    # The customer's phone: the wallet stand-in opened from the code, and paid.
    phone = page.context.new_page()
    phone.goto(f"{wallet.url}/wallet/{reference}")
    expect(phone.locator("[data-testid=wallet-amount]")).to_have_text("¥98.00")
    phone.click("[data-testid=wallet-pay]")
    expect(phone.locator("[data-testid=wallet-paid]")).to_be_visible()

    # Nobody touches the tablet: the receipt comes by itself, and the sale syncs paid by the payment.
    expect(page.locator("[data-testid=receipt-number]")).to_be_visible(timeout=20000)
    number = page.inner_text("[data-testid=receipt-number]")
    page.click("[data-testid=next-sale]")
    waiting(page, 0)
    assert on_server(_sale_of, number) == ("alipay", 9800, [], reference)
    assert on_server(lambda: Payment.objects.get(provider_reference=reference).status) == "succeeded"


def test_cancelled_the_alipay_trade_is_closed_and_the_printed_code_as_before(
    live_server, pos_world, chromium, wallet
):
    page = chromium().new_page()
    reference = _show_code(page, live_server, "SCARF-BLUE").get_attribute("data-reference")

    page.click("[data-testid=pay-qr-cancel]")

    expect(page.locator("[data-testid=pay-qr-fallback]")).to_contain_text("收款码已取消")
    assert wallet.trades[reference].state == "TRADE_CLOSED"
    page.click("[data-testid=confirm-payment]")
    number = page.inner_text("[data-testid=receipt-number]")
    page.click("[data-testid=next-sale]")
    waiting(page, 0)
    assert on_server(_sale_of, number) == ("alipay", 6600, [], None)
    assert on_server(lambda: Payment.objects.get(provider_reference=reference).status) == "cancelled"
    assert on_server(lambda: Order.objects.filter(payment__isnull=False).count()) == 0
