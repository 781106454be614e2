"""The QR code for the exact amount on the tablet (docs/pos.md), in Chromium against a live server and
the WeChat Pay fake: the code shows, the customer pays it in the wallet stand-in, and the sale confirms
by itself, paid by that payment; cancelled, or offline, the printed code and a recorded payment as
before."""

import urllib.parse

import pytest
from playwright.sync_api import expect

from carts.models import PosSale
from orders.models import Order
from payments.models import Payment
from tests.pos.conftest import on_server
from tests.pos.test_browser import sign_in_and_open_shift, waiting

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def wallet(wechat_pay, live_server, settings):
    """WeChat Pay's notifications reach the live server, as they reach the real one."""
    settings.WECHATPAY_NOTIFY_URL = f"{live_server.url}/payments/wechat-pay/notify/"
    return wechat_pay


def _sale_of(number):
    sale = PosSale.objects.select_related("order__payment").get(receipt_number=number)
    payment = sale.order.payment
    return sale.payment_method, sale.amount_fen, sale.flags, payment and payment.provider_reference


def test_the_customer_pays_the_code_on_the_tablet_and_the_sale_confirms_by_itself(
    live_server, pos_world, chromium, wallet
):
    page = chromium().new_page()
    sign_in_and_open_shift(page, live_server.url)
    page.click("[data-testid=tile-PURSE-RED]")
    page.click("[data-testid=pay]")
    page.click("[data-testid=method-WECHAT]")

    page.click("[data-testid=show-pay-qr]")

    shown = page.locator("[data-testid=pay-qr]")
    expect(shown).to_be_visible()
    expect(page.locator("[data-testid=pay-qr-code]")).to_be_visible()
    assert "¥98.00" in shown.inner_text()
    reference = shown.get_attribute("data-reference")
    trade = wallet.trades[reference]
    assert (trade.trade_type, trade.total, trade.state) == ("NATIVE", 9800, "NOTPAY")

    # The customer's phone: the wallet stand-in opened from the code, and paid.
    phone = page.context.new_page()
    code = trade.prepay_id[-10:]
    phone.goto(f"{wallet.url}/wallet/scan?{urllib.parse.urlencode({'pr': code})}")
    expect(phone.locator("[data-testid=wallet-amount]")).to_have_text("¥98.00")
    phone.click("[data-testid=wallet-pay]")
    expect(phone.locator("[data-testid=wallet-paid]")).to_be_visible()

    # Nobody touches the tablet: the receipt comes by itself, and the sale syncs paid by the payment.
    expect(page.locator("[data-testid=receipt-number]")).to_be_visible(timeout=20000)
    number = page.inner_text("[data-testid=receipt-number]")
    page.click("[data-testid=next-sale]")
    waiting(page, 0)
    assert on_server(_sale_of, number) == ("wechat", 9800, [], reference)
    assert on_server(lambda: Payment.objects.get(provider_reference=reference).status) == "succeeded"


def test_cancelled_or_offline_the_printed_code_and_a_recorded_payment_as_before(
    live_server, pos_world, chromium, wallet
):
    context = chromium()
    page = context.new_page()
    sign_in_and_open_shift(page, live_server.url)
    page.click("[data-testid=tile-SCARF-BLUE]")
    page.click("[data-testid=pay]")
    page.click("[data-testid=method-WECHAT]")
    page.click("[data-testid=show-pay-qr]")
    reference = page.locator("[data-testid=pay-qr]").get_attribute("data-reference")

    page.click("[data-testid=pay-qr-cancel]")

    expect(page.locator("[data-testid=pay-qr-fallback]")).to_contain_text("收款码已取消")
    assert wallet.trades[reference].state == "CLOSED"
    assert "请顾客扫工坊收款码" in page.inner_text("[data-testid=pay-reminder]")
    page.click("[data-testid=confirm-payment]")
    first = page.inner_text("[data-testid=receipt-number]")
    page.click("[data-testid=next-sale]")
    waiting(page, 0)

    # Offline: no code is offered; the printed one and the operator's confirmation.
    context.set_offline(True)
    page.wait_for_function("() => document.querySelector('[data-testid=connection]')?.textContent === '离线'")
    page.click("[data-testid=tile-FELT-SHEEP]")
    page.click("[data-testid=pay]")
    page.click("[data-testid=method-WECHAT]")
    expect(page.locator("[data-testid=pay-reminder]")).to_be_visible()
    assert page.locator("[data-testid=show-pay-qr]").count() == 0
    page.click("[data-testid=confirm-payment]")
    second = page.inner_text("[data-testid=receipt-number]")
    page.click("[data-testid=next-sale]")
    waiting(page, 1)
    context.set_offline(False)
    waiting(page, 0)

    assert on_server(_sale_of, first) == ("wechat", 6600, [], None)
    assert on_server(_sale_of, second) == ("wechat", 4500, [], None)
    assert on_server(lambda: Payment.objects.get(provider_reference=reference).status) == "cancelled"
    assert on_server(lambda: Order.objects.filter(payment__isnull=False).count()) == 0
