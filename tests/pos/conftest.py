"""A cart ready to sell from a tablet: the Chaka cart with four products in stock, its operator with a
PIN, and (for the browser tests) Debian's Chromium driven by Playwright with a profile on disk."""

import contextlib
import os
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connections

from carts.services import cart_create, operator_create, operator_pin_set
from catalog.services import VariantInput, product_create
from inventory.services import LineQuantity, intake_create
from tests import factories
from tests.faketime import children_without_faketime

PIN = "2468"
USERNAME = "op-chaka"
# STACK.md: Debian's Chromium, these flags, service workers allowed.
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# sku -> (name_zh, name_en, price_fen)
PRODUCTS = {
    "PURSE-RED": ("刺绣荷包", "Embroidered purse", 9800),
    "SCARF-BLUE": ("哈达围巾", "Khata scarf", 6600),
    "FELT-SHEEP": ("毡绣小羊", "Felt sheep", 4500),
    "SALT-HORSE": ("盐雕奔马", "Galloping horse in salt", 68000),
}
STOCK_EACH = 10


@pytest.fixture(autouse=True)
def fast_hashers(settings):
    """PINs are hashed like passwords; the slow hasher proves nothing here."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def pos_world(db):
    site = factories.SiteFactory(code="chaka", name_zh="茶卡盐湖", name_en="Chaka Salt Lake")
    cart = cart_create(code="chaka", name_zh="茶卡盐湖零售车", name_en="Chaka cart", site=site)
    artisan = factories.ArtisanFactory(code="uren", name_zh="乌仁", name_latin="Uren")
    category = factories.CategoryFactory(slug="handicraft", name_zh="手工艺品", name_en="Handicraft")
    variants = {}
    for sku, (name_zh, name_en, price_fen) in PRODUCTS.items():
        product = product_create(
            slug=sku.lower(),
            name_zh=name_zh,
            name_en=name_en,
            category=category,
            variants=[VariantInput(sku=sku, price_fen=price_fen, artisan=artisan)],
        )
        variants[sku] = product.variants.get()
    keeper = factories.UserFactory(username="keeper")
    intake_create(
        artisan=artisan,
        lines=[LineQuantity(variant, STOCK_EACH) for variant in variants.values()],
        actor=keeper,
        location=cart.location,
    )
    operator = operator_create(
        username=USERNAME, password="gongfang-op-2026", display_name="韩梅", carts=[cart]
    )
    operator_pin_set(operator=operator, pin=PIN)
    return {"cart": cart, "operator": operator, "variants": variants, "keeper": keeper, "artisan": artisan}


@pytest.fixture
def chromium(tmp_path):
    """launch(viewport, offline) -> a persistent context on one profile folder: closing it and launching again
    is a browser restart that keeps IndexedDB and the service worker, as on the tablet."""
    from playwright.sync_api import sync_playwright

    profile = tmp_path / "chromium-profile"
    with children_without_faketime():  # Playwright's driver and Chromium keep the machine's clock
        playwright = sync_playwright().start()
    contexts = []

    def launch(width=1024, height=768, offline=False):
        # offline=True: without a connection from the first moment (the service worker the profile
        # keeps can start syncing as the browser starts, before a later set_offline applies).
        context = playwright.chromium.launch_persistent_context(
            str(profile),
            executable_path=CHROMIUM,
            headless=True,
            args=CHROMIUM_ARGS,
            service_workers="allow",
            locale="zh-CN",
            timezone_id="Asia/Shanghai",
            viewport={"width": width, "height": height},
            offline=offline,
        )
        context.set_default_timeout(15000)
        contexts.append(context)
        return context

    yield launch
    for context in contexts:
        with contextlib.suppress(Exception):  # already closed by the test
            context.close()
    playwright.stop()
    # The live server answers each keep-alive connection in a thread of its own that holds a database
    # connection until the browser hangs up: let those threads end before the database goes.
    # (A thread made without a name is named after its target, "Thread-N (process_request_thread)".)
    for thread in threading.enumerate():
        if thread.name.endswith("(process_request_thread)"):
            thread.join(timeout=5)


def on_server(query, *args):
    """Runs a database query (or write) from a browser test in a thread of its own.

    Playwright's sync API keeps an event loop in the test's thread: Django refuses ORM calls there, and
    a connection opened in that context would outlive the test. A short-lived thread has neither
    problem, and closes its connection when done."""

    def run():
        try:
            return query(*args)
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(run).result()


@pytest.fixture
def screenshot_dir(tmp_path_factory):
    folder = os.environ.get("GONGFANG_SCREENSHOTS")
    if folder:
        os.makedirs(folder, exist_ok=True)
        return folder
    return str(tmp_path_factory.mktemp("pos-screenshots"))
