"""Signing in on the tablet with no connection (docs/pos.md, "Signing in offline"): the PIN checked on
the tablet against the hash kept at an online sign-in, a lock after five wrong PINs that an online
sign-in lifts, and a new PIN on the server that the tablet learns of at its next sync."""

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from carts.models import Operator
from carts.services import operator_pin_set
from tests.pos.conftest import PIN, USERNAME, on_server
from tests.pos.test_browser import order_count, sell, sign_in_and_open_shift, waiting

pytestmark = pytest.mark.django_db(transaction=True)


def sign_out(page):
    page.click("[data-testid=logout]")
    page.click("[data-testid=confirm-yes]")
    page.wait_for_selector("#login-pin")


def try_pin(page, pin):
    page.fill("#login-username", USERNAME)
    page.fill("#login-pin", pin)
    page.click("[data-testid=login-submit]")


def error_text(page, text):
    try:
        page.wait_for_function(
            "t => document.querySelector('.login .form-error')?.textContent.includes(t)", arg=text
        )
    except PlaywrightTimeoutError:
        shown = page.eval_on_selector(".login .form-error", "el => el.textContent")
        raise AssertionError(f"the sign-in form says {shown!r}, not {text!r}") from None


def go_offline(context, page):
    """The connection goes, and the tablet knows it (its sign-in goes straight to the kept PIN)."""
    context.set_offline(True)
    page.wait_for_function("() => navigator.onLine === false")


def test_she_signs_in_offline_with_her_pin_and_five_wrong_pins_lock_it_until_online(
    live_server, pos_world, chromium, screenshot_dir
):
    cart = pos_world["cart"]
    context = chromium()
    page = context.new_page()
    sign_in_and_open_shift(page, live_server.url)
    page.wait_for_function("() => document.documentElement.dataset.offlineSignIn === 'saved'")
    kept = page.evaluate(
        """() => new Promise((resolve) => {
            const open = indexedDB.open('gongfang-pos');
            open.onsuccess = () => {
              const get = open.result.transaction('meta').objectStore('meta').get('offlineSignIns');
              get.onsuccess = () => resolve(get.result.value);
            };
        })"""
    )
    entry = kept[USERNAME]
    assert (entry["iterations"], len(entry["hash"]), len(entry["salt"])) == (600000, 44, 24)
    assert PIN not in str(kept)
    sign_out(page)

    # No connection: a wrong PIN is refused on the tablet, the right one opens the shift she left.
    context.set_offline(True)
    page.reload()
    assert "离线" in page.inner_text("[data-testid=offline-login-note]")
    try_pin(page, "9999")
    error_text(page, "PIN 码不对（离线核对）。再错 4 次")
    page.screenshot(path=f"{screenshot_dir}/offline-sign-in-1024x768.png")
    try_pin(page, PIN)
    page.wait_for_selector("[data-testid=tile-PURSE-RED]")
    sell(page, "PURSE-RED", "CASH")
    waiting(page, 1)
    sign_out(page)

    # Five wrong PINs in a row lock offline sign-in, the right PIN included.
    for left in (4, 3, 2, 1):
        try_pin(page, "0000")
        error_text(page, f"再错 {left} 次")
    try_pin(page, "0000")
    error_text(page, "本机离线登录已锁定")
    try_pin(page, PIN)
    error_text(page, "本机离线登录已锁定")
    assert page.is_visible("#login-pin")

    # Online, she signs in (the lock lifts) and the sale made offline reaches the server.
    context.set_offline(False)
    page.wait_for_function("() => navigator.onLine === true")
    try_pin(page, PIN)
    page.wait_for_selector("[data-testid=tile-PURSE-RED]")
    waiting(page, 0)
    assert order_count(cart) == 1

    # Her PIN changes on the server: the next sync answers so, and the old PIN no longer opens the
    # tablet offline.
    on_server(lambda: operator_pin_set(operator=Operator.objects.get(user__username=USERNAME), pin="8642"))
    page.click("[data-testid=sync-now]")
    page.wait_for_function(
        """() => new Promise((resolve) => {
            const open = indexedDB.open('gongfang-pos');
            open.onsuccess = () => {
              const get = open.result.transaction('meta').objectStore('meta').get('offlineSignIns');
              get.onsuccess = () => resolve(Object.keys(get.result.value).length === 0);
            };
        })"""
    )
    sign_out(page)
    go_offline(context, page)
    try_pin(page, PIN)
    error_text(page, "还没有在这台平板上联网登录过")
