"""Which Stripe the client talks to: localstripe in the tests, never real Stripe."""

import pytest
import stripe

from payments.stripe_client import api_base, client_api_base, get_client, is_real_stripe


def test_in_the_tests_the_client_talks_to_localstripe_on_loopback(stripe_server):
    client = get_client()

    assert client_api_base(client) == stripe_server.url
    assert client_api_base(client).startswith("http://127.0.0.1:")
    assert client._requestor._options.max_network_retries == 0
    assert is_real_stripe() is False


def test_without_a_key_it_is_the_demo_localstripe(settings):
    settings.STRIPE_SECRET_KEY = ""
    settings.STRIPE_API_BASE = ""

    assert client_api_base(get_client()) == "http://127.0.0.1:8420"


def test_a_key_without_an_api_base_means_real_stripe_with_retries(settings):
    # Only built, never used: no request leaves.
    settings.STRIPE_SECRET_KEY = "sk_test_not_a_real_key"
    settings.STRIPE_API_BASE = ""

    client = get_client()

    assert (api_base(), client_api_base(client)) == (stripe.DEFAULT_API_BASE, "https://api.stripe.com")
    assert client._requestor._options.max_network_retries == 2
    assert is_real_stripe() is True


@pytest.mark.parametrize("base", ["http://127.0.0.1:9999", "http://127.0.0.1:9999/"])
def test_an_api_base_wins_over_a_key(settings, base):
    settings.STRIPE_SECRET_KEY = "sk_test_not_a_real_key"
    settings.STRIPE_API_BASE = base

    assert client_api_base(get_client()) == "http://127.0.0.1:9999"
