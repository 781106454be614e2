"""Which Stripe the client talks to: localstripe in the tests, never real Stripe."""

import pytest
import stripe

from payments.stripe_client import api_base, client_options, get_client, is_real_stripe


def test_in_the_tests_the_client_talks_to_localstripe_on_loopback(stripe_server):
    customer = get_client().v1.customers.create(params={"email": "t@example.com"})

    assert api_base() == stripe_server.url
    assert api_base().startswith("http://127.0.0.1:")
    assert client_options(api_base()) == {
        "base_addresses": {"api": stripe_server.url},
        "max_network_retries": 0,
    }
    assert (customer.email, customer.id.startswith("cus_"), is_real_stripe()) == (
        "t@example.com",
        True,
        False,
    )


def test_without_a_key_it_is_the_demo_localstripe(settings):
    settings.STRIPE_SECRET_KEY = ""
    settings.STRIPE_API_BASE = ""

    assert api_base() == "http://127.0.0.1:8420"
    assert client_options(api_base())["max_network_retries"] == 0


def test_a_key_without_an_api_base_means_real_stripe_with_retries(settings):
    # Only the address and options are read: no request leaves.
    settings.STRIPE_SECRET_KEY = "sk_test_not_a_real_key"
    settings.STRIPE_API_BASE = ""

    assert (api_base(), client_options(api_base())) == ("https://api.stripe.com", {"max_network_retries": 2})
    assert is_real_stripe() is True


@pytest.mark.parametrize("base", ["http://127.0.0.1:9999", "http://127.0.0.1:9999/"])
def test_an_api_base_wins_over_a_key(settings, base):
    settings.STRIPE_SECRET_KEY = "sk_test_not_a_real_key"
    settings.STRIPE_API_BASE = base

    assert api_base() == "http://127.0.0.1:9999"
    assert is_real_stripe() is False


def test_a_server_that_cannot_be_reached_is_a_connection_error_at_once(settings):
    # A closed loopback port: no retry against a localstripe (it would ignore the idempotency key).
    settings.STRIPE_SECRET_KEY = "sk_test_local"
    settings.STRIPE_API_BASE = "http://127.0.0.1:9"

    with pytest.raises(stripe.APIConnectionError):
        get_client().v1.balance.retrieve()
