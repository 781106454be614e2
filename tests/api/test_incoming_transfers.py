import pytest

from api.core.tokens import token_for
from inventory.services import LineQuantity, ReceivedLine, transfer_create, transfer_receive
from tests.api.conftest import error_codes, gid
from tests.api.pos_helpers import other_operator

INCOMING = """
query Incoming($cart: String!) {
  incomingTransfers(cart: $cart) {
    id status source { code } destination { code } note
    lines { variant { sku name product { name } } quantitySent quantityReceived }
  }
}
"""


@pytest.fixture
def transfers(stocked, base, cart, other_cart, staff):
    """Two in transit to the Chaka cart, one to the Emerald cart, and one to Chaka already received."""
    small, large = stocked

    def send(destination, lines, note=""):
        return transfer_create(source=base, destination=destination, lines=lines, actor=staff, note=note)

    first = send(cart.location, [LineQuantity(small, 1), LineQuantity(large, 1)], note="周一补货")
    second = send(cart.location, [LineQuantity(large, 1)])
    send(other_cart.location, [LineQuantity(small, 1)])
    done = send(cart.location, [LineQuantity(small, 1)])
    transfer_receive(transfer=done, lines=[ReceivedLine(small, 1)], actor=staff)
    return first, second


def test_the_operator_sees_the_transfers_on_their_way_to_her_cart(gql, operator_token, transfers):
    first, second = transfers

    result = gql(INCOMING, {"cart": "chaka"}, token=operator_token)

    assert result == {
        "data": {
            "incomingTransfers": [
                {
                    "id": gid("Transfer", first),
                    "status": "DISPATCHED",
                    "source": {"code": "base"},
                    "destination": {"code": "cart-chaka"},
                    "note": "周一补货",
                    "lines": [
                        {
                            "variant": {"sku": "YAK-L", "name": "大号", "product": {"name": "毡制牦牛"}},
                            "quantitySent": 1,
                            "quantityReceived": None,
                        },
                        {
                            "variant": {"sku": "YAK-S", "name": "小号", "product": {"name": "毡制牦牛"}},
                            "quantitySent": 1,
                            "quantityReceived": None,
                        },
                    ],
                },
                {
                    "id": gid("Transfer", second),
                    "status": "DISPATCHED",
                    "source": {"code": "base"},
                    "destination": {"code": "cart-chaka"},
                    "note": "",
                    "lines": [
                        {
                            "variant": {"sku": "YAK-L", "name": "大号", "product": {"name": "毡制牦牛"}},
                            "quantitySent": 1,
                            "quantityReceived": None,
                        }
                    ],
                },
            ]
        }
    }


def test_staff_see_any_cart_s_incoming_transfers(gql, staff_token, transfers):
    result = gql(INCOMING, {"cart": "feicui"}, token=staff_token)

    assert [t["destination"]["code"] for t in result["data"]["incomingTransfers"]] == ["cart-feicui"]


@pytest.mark.parametrize("caller", ["anonymous", "artisan", "other_operator", "unknown_cart"])
def test_incoming_transfers_are_refused_to_everyone_else(
    gql, operator_token, artisan_token, other_cart, transfers, caller
):
    token = {"anonymous": None, "artisan": artisan_token, "unknown_cart": operator_token}.get(caller)
    if caller == "other_operator":
        token = token_for(other_operator(other_cart).user)

    result = gql(INCOMING, {"cart": "nowhere" if caller == "unknown_cart" else "chaka"}, token=token)

    assert result["data"] is None
    assert error_codes(result) == ["PERMISSION_DENIED"]
