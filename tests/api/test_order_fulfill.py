import pytest

from orders.models import Order
from tests.api.checkout_helpers import ORDER_FULFILL, paid_order, shipping
from tests.api.conftest import DENIED, fields_and_codes, gid

pytestmark = pytest.mark.usefixtures("stripe_server")


@pytest.fixture
def order(gql, stocked, shipping_region):
    small, _large = stocked
    return paid_order(gql, [(small, 1)], shipping(shipping_region))


def fulfill(gql, variables, token=None):
    return gql(ORDER_FULFILL, variables, token=token)["data"]["orderFulfill"]


def test_staff_ship_it_with_a_tracking_number(gql, order, staff_token):
    payload = fulfill(gql, {"id": order["id"], "trackingNumber": " SF0001 "}, token=staff_token)

    assert payload["errors"] == []
    assert (payload["order"]["fulfilmentStatus"], payload["order"]["trackingNumber"]) == ("SHIPPED", "SF0001")
    assert Order.objects.get().fulfilment_status == "shipped"


@pytest.mark.parametrize("who", ["anonymous", "operator", "artisan"])
def test_no_one_else_may(gql, order, who, request):
    token = None if who == "anonymous" else request.getfixturevalue(f"{who}_token")

    payload = fulfill(gql, {"id": order["id"], "trackingNumber": "SF0001"}, token=token)

    assert payload == {"order": None, "errors": DENIED}
    assert Order.objects.get().fulfilment_status == "unfulfilled"


def test_shipping_needs_a_tracking_number(gql, order, staff_token):
    payload = fulfill(gql, {"id": order["id"]}, token=staff_token)

    assert fields_and_codes(payload) == [("trackingNumber", "INVALID")]
    assert Order.objects.get().fulfilment_status == "unfulfilled"


def test_twice_is_refused(gql, order, staff_token):
    fulfill(gql, {"id": order["id"], "trackingNumber": "SF0001"}, token=staff_token)

    payload = fulfill(gql, {"id": order["id"], "trackingNumber": "SF0002"}, token=staff_token)

    assert fields_and_codes(payload) == [("id", "INVALID_STATE")]
    assert Order.objects.get().tracking_number == "SF0001"


@pytest.mark.parametrize("bad_id", ["T3JkZXI6OTk5OTk=", "nonsense", None])
def test_an_unknown_id_is_not_found(gql, order, staff_token, stocked, bad_id):
    bad_id = bad_id or gid("ProductVariant", stocked[0])

    payload = fulfill(gql, {"id": bad_id, "trackingNumber": "SF0001"}, token=staff_token)

    assert fields_and_codes(payload) == [("id", "NOT_FOUND")]
