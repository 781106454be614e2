"""Which Stripe.js the payment page loads, and when: only there, asynchronously, from settings."""

import re

import pytest

from storefront.stripe_js import offers_test_card, stripe_js_url

pytestmark = pytest.mark.django_db


def test_real_stripe_loads_stripes_own_script_and_localstripe_its_mock(settings):
    settings.STRIPE_API_BASE, settings.STRIPE_SECRET_KEY = "", "sk_live_123"
    assert stripe_js_url() == "https://js.stripe.com/v3/"
    assert offers_test_card() is False

    settings.STRIPE_API_BASE, settings.STRIPE_SECRET_KEY = "http://127.0.0.1:8420/", "sk_test_local"
    assert stripe_js_url() == "http://127.0.0.1:8420/js.stripe.com/v3/"
    assert offers_test_card() is True


def to_payment(client, shop):
    client.post("/basket/add/", {"variant": shop["red"].pk, "quantity": 1})
    client.post(
        "/checkout/",
        {
            "email": "li@example.cn",
            "phone": "13800000000",
            "method": "pickup",
            "pickup_location": shop["cart"].location_id,
        },
    )
    return client.get("/checkout/pay/").content.decode()


def test_with_a_publishable_key_the_card_form_loads_stripe_js_asynchronously(
    client, shop, stripe_server, settings
):
    settings.STRIPE_PUBLISHABLE_KEY = "pk_test_local"

    page = to_payment(client, shop)

    assert 'id="card-form"' in page and 'data-key="pk_test_local"' in page
    assert f'data-js="{stripe_server.url}/js.stripe.com/v3/"' in page
    assert '<script src="/static/storefront/pay.js" defer></script>' in page
    assert 'data-secret="pi_' in page
    assert 'data-testid="pay-test-card"' in page  # not a live key: the test card too


def test_without_a_publishable_key_only_the_test_card_is_offered_and_no_script_loads(
    client, shop, stripe_server
):
    page = to_payment(client, shop)

    assert 'id="card-form"' not in page and "<script" not in page
    assert 'data-testid="pay-test-card"' in page


def test_no_other_page_loads_a_script(client, shop):
    for url in ("/", "/products/", "/c/chaka/", "/basket/"):
        assert "<script" not in client.get(url).content.decode(), url
    # a product page with several photos loads only its gallery's few lines (marking the dots)
    scripts = re.findall(r"<script[^>]*>", client.get("/p/embroidered-purse/").content.decode())
    assert scripts == ['<script src="/static/storefront/gallery.js" defer>']
