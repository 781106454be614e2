"""Every page a tourist, an artisan or a cart operator sees, in Chinese and in English, run through
axe-core in Chromium (no violation of any impact) and the Nu HTML Checker (no error).

One browser and one walk for the lot: a tourist browses and buys (pickup at the cart), the operator
signs in on the tablet, sells, refunds, counts and closes her shift, then the artisan signs in to her
portal. Each page is checked where the walk reaches it, in Chinese, then again in English."""

import contextlib
import datetime
import re
import threading

import pytest
from playwright.sync_api import expect

from artisans.models import Artisan
from artisans.services import artisan_pin_set
from carts.models import PosSale
from carts.services import operator_pin_set
from tests import factories
from tests.a11y.checkers import axe_violations, html_errors
from tests.faketime import children_without_faketime
from tests.pos.conftest import CHROMIUM, CHROMIUM_ARGS, PIN, USERNAME, on_server

pytestmark = pytest.mark.django_db(transaction=True)

ARTISAN_PHONE = "13800000001"
ARTISAN_PIN = "246810"


class Audit:
    """Checks pages as the walk reaches them and keeps what it found for one assertion at the end."""

    def __init__(self, page, base_url):
        self.page = page
        self.base_url = base_url
        self.violations: list[str] = []
        self.documents: dict[str, str] = {}
        self.checked: list[str] = []

    def check(self, name, html):
        self.checked.append(name)
        self.documents[name] = html
        for violation in axe_violations(self.page):
            for target in violation["targets"]:
                self.violations.append(
                    f"{name}: {violation['id']} ({violation['impact']}) at {target}: {violation['help']}"
                )

    def server_page(self, name):
        """A server-rendered page in Chinese, then reloaded in English (the language cookie)."""
        for lang in ("zh-hans", "en"):
            self._language_cookie(lang)
            response = self.page.reload()
            self.check(f"{name}.{lang}", response.text())
        self._language_cookie("zh-hans")  # for the next page

    def tablet_screen(self, name):
        """A screen of the tablet app (built by its script): in Chinese, then in English by its own
        switch, then back to Chinese."""
        switch = self.page.locator("[data-testid=lang]")
        for lang, label in (("zh", "English"), ("en", "中文")):
            expect(switch).to_have_text(label)  # the screen is drawn in this language
            self.check(f"pos-{name}.{lang}", self.page.content())
            # A dialog's backdrop covers the header: the switch's own click, not a pointer's.
            switch.dispatch_event("click")
        expect(switch).to_have_text("English")
        self.page.wait_for_timeout(200)  # the screen under the header is drawn again after it

    def _language_cookie(self, lang):
        self.page.context.add_cookies([{"name": "django_language", "value": lang, "url": self.base_url}])


@pytest.fixture
def browser_page(live_server):
    """One Chromium page that lets axe's script in despite the pages' Content Security Policy."""
    from playwright.sync_api import sync_playwright

    with children_without_faketime():  # Playwright's driver and Chromium keep the machine's clock
        playwright = sync_playwright().start()
    browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
    context = browser.new_context(
        bypass_csp=True, locale="zh-CN", timezone_id="Asia/Shanghai", viewport={"width": 390, "height": 844}
    )
    context.set_default_timeout(15000)
    yield context.new_page()
    with contextlib.suppress(Exception):
        context.close()
    browser.close()
    playwright.stop()
    for thread in threading.enumerate():  # as tests/pos/conftest.py's chromium fixture
        if thread.name.endswith("(process_request_thread)"):
            thread.join(timeout=5)


def prepare(shop):
    """The operator's PIN for the tablet; the maker's phone, PIN and agreement for her portal."""

    def write():
        operator_pin_set(operator=shop["operator"], pin=PIN)
        maker = shop["maker"]
        factories.AgreementFactory(artisan=maker, valid_from=datetime.date(2020, 1, 1))
        Artisan.objects.filter(pk=maker.pk).update(phone=ARTISAN_PHONE)
        artisan_pin_set(artisan=Artisan.objects.get(pk=maker.pk), pin=ARTISAN_PIN)

    on_server(write)


def walk_the_storefront(audit, url):
    page = audit.page
    for name, path in [
        ("home", "/"),
        ("listing", "/products/"),
        ("category", "/category/embroidery/"),
        ("search", "/search/?q=%E8%8D%B7%E5%8C%85"),
        ("makers", "/makers/"),
        ("maker", "/makers/uren/"),
        ("cart-page", "/c/chaka/"),
        ("order-lookup", "/orders/find/"),
        ("not-found", "/no-such-page/"),
        ("product", "/p/embroidered-purse/"),
    ]:
        page.goto(url + path)
        audit.server_page(name)

    # A purse in the basket, a checkout refused for want of a contact, then pickup at the cart.
    page.locator("label.variant", has_text=re.compile("红色|Red")).locator("input").check()
    page.get_by_test_id("add-to-basket").click()
    page.wait_for_url("**/basket/")
    audit.server_page("basket")
    page.goto(url + "/checkout/")
    audit.server_page("checkout")
    page.get_by_test_id("to-payment").click()
    page.wait_for_selector(".field.invalid")
    audit.check("checkout-errors.zh-hans", page.content())  # the page a refused form answers with
    page.fill("input[name=phone]", "13800000000")
    page.check("input[name=method][value=pickup]")
    page.select_option("select[name=pickup_location]", index=1)
    page.get_by_test_id("to-payment").click()
    page.wait_for_url("**/checkout/pay/")
    audit.server_page("payment")
    page.get_by_test_id("pay-test-card").click()
    page.wait_for_url("**/checkout/done/**")
    audit.server_page("confirmation")
    page.goto(page.url.replace("/checkout/done/", "/orders/"))
    audit.server_page("order")


def walk_the_tablet(audit, url):
    page = audit.page
    page.set_viewport_size({"width": 1024, "height": 768})
    page.goto(url + "/pos/")
    page.wait_for_selector("#login-username")
    audit.tablet_screen("sign-in")
    page.fill("#login-username", USERNAME)
    page.fill("#login-pin", PIN)
    page.click("[data-testid=login-submit]")
    page.wait_for_selector("[data-testid=opening-cash]")
    audit.tablet_screen("open-shift")
    page.fill("[data-testid=opening-cash]", "500.00")
    page.click("[data-testid=open-shift]")
    page.wait_for_selector("[data-testid=tile-PURSE-RED]")
    audit.tablet_screen("selling-empty")
    page.click("[data-testid=scan-open]")  # the scanner's sheet (no camera here: its message shows)
    page.wait_for_selector("[data-testid=scan-sheet]")
    audit.tablet_screen("scan")
    page.keyboard.press("Escape")
    page.click("[data-testid=tile-PURSE-RED]")
    audit.tablet_screen("selling")
    page.click("[data-testid=pay]")
    page.click("[data-testid=method-CASH]")
    page.fill("[data-testid=tendered]", "100")
    audit.tablet_screen("payment")
    page.click("[data-testid=confirm-payment]")
    page.wait_for_selector("[data-testid=receipt-number]")
    audit.tablet_screen("receipt")
    page.click("[data-testid=next-sale]")
    expect(page.get_by_test_id("queue-count")).to_have_text("待同步 0 笔")

    page.click("[data-testid=tab-sales]")
    page.wait_for_selector("[data-testid=sale-row]")
    audit.tablet_screen("sales")
    page.locator("[data-testid=sale-row] [data-testid=refund]").first.click()
    page.wait_for_selector("[data-testid=refund-reason]")
    audit.tablet_screen("refund")
    page.keyboard.press("Escape")
    page.click("[data-testid=tab-count]")
    page.wait_for_selector("[data-testid=submit-count]")
    audit.tablet_screen("count")
    page.click("[data-testid=tab-pickups]")
    page.wait_for_selector("[data-testid=pickup-find]")
    audit.tablet_screen("pickups")
    page.click("[data-testid=tab-shift]")
    page.wait_for_selector("[data-testid=counted-cash]")
    audit.tablet_screen("shift")
    page.fill("[data-testid=counted-cash]", "598.00")
    page.click("[data-testid=close-shift]")
    page.click("[data-testid=confirm-yes]")
    page.wait_for_selector("[data-testid=zreport]")
    audit.tablet_screen("z-report")

    # The e-receipt behind the receipt's QR code (a server page).
    client_uuid = on_server(lambda: str(PosSale.objects.get().client_uuid))
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{url}/r/{client_uuid}/")
    audit.server_page("e-receipt")


def walk_the_portal(audit, url):
    page = audit.page
    page.goto(url + "/me/login/")
    audit.server_page("portal-login")
    page.fill("#phone", ARTISAN_PHONE)
    page.fill("#pin", ARTISAN_PIN)
    page.locator("form:has(#pin) button").click()
    page.wait_for_url("**/me/")
    for name, path in [
        ("portal-home", "/me/"),
        ("portal-pieces", "/me/pieces/"),
        ("portal-sales", "/me/sales/"),
        ("portal-statement", "/me/statements/"),
        ("portal-payouts", "/me/payouts/"),
    ]:
        page.goto(url + path)
        audit.server_page(name)


def test_every_page_is_clean_in_axe_and_valid_html(live_server, shop, stripe_server, browser_page, tmp_path):
    prepare(shop)
    audit = Audit(browser_page, live_server.url)
    walk_the_storefront(audit, live_server.url)
    walk_the_tablet(audit, live_server.url)
    walk_the_portal(audit, live_server.url)

    print(f"{len(audit.checked)} pages checked: {', '.join(audit.checked)}")
    errors = html_errors(audit.documents, tmp_path)
    assert (audit.violations, errors) == ([], []), "\n".join(
        ["axe-core:", *audit.violations, "Nu HTML Checker:", *errors]
    )
