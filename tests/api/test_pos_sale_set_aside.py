"""posSaleSetAside: a tablet tells the server of a sale it set aside (its batches were refused whole),
so staff see it; the cart's own operator only; once per sale; bad input a typed error."""

import json

import pytest

from carts.models import PosRejectedSale
from tests.api.conftest import token_for
from tests.api.pos_helpers import open_shift, other_operator, sale

pytestmark = pytest.mark.django_db

SET_ASIDE = """mutation($input: PosSaleSetAsideInput!) { posSaleSetAside(input: $input) {
  recorded errors { field code message } } }"""
REASON = "set aside: the server refused it (Variable '$input' got invalid value 'BITCOIN')"


@pytest.fixture
def queued(cart, operator):
    made = sale(open_shift(cart, operator), 7, method="BITCOIN")
    return {
        "cart": "chaka",
        "deviceId": "TAB-7F3A",
        "clientUuid": made["clientUuid"],
        "reason": REASON,
        "sale": json.dumps(made),
    }


def test_the_operator_reports_a_set_aside_sale_once(gql, operator_token, queued):
    first = gql(SET_ASIDE, {"input": queued}, token=operator_token)["data"]["posSaleSetAside"]
    again = gql(SET_ASIDE, {"input": {**queued, "reason": "other"}}, token=operator_token)["data"][
        "posSaleSetAside"
    ]

    assert first == again == {"recorded": True, "errors": []}
    [kept] = PosRejectedSale.objects.all()
    assert (kept.client_uuid, kept.reason, kept.device_id) == (queued["clientUuid"], REASON, "TAB-7F3A")
    assert kept.sale["payment"]["method"] == "BITCOIN"
    assert kept.sale["receiptNumber"] == "CHAKA-7F3A-000007"


def test_another_cart_s_operator_and_staff_are_refused(gql, staff_token, other_cart, queued):
    other = token_for(other_operator(other_cart).user)

    for token in (other, staff_token):
        payload = gql(SET_ASIDE, {"input": queued}, token=token)["data"]["posSaleSetAside"]
        assert (payload["recorded"], [e["code"] for e in payload["errors"]]) == (None, ["PERMISSION_DENIED"])
    assert PosRejectedSale.objects.count() == 0


def test_a_bad_device_id_is_a_typed_error_and_text_that_is_not_json_is_kept_as_text(
    gql, operator_token, queued
):
    bad = gql(SET_ASIDE, {"input": {**queued, "deviceId": "TAB\x00"}}, token=operator_token)
    not_json = gql(SET_ASIDE, {"input": {**queued, "sale": "{half\x00"}}, token=operator_token)

    payload = bad["data"]["posSaleSetAside"]
    assert (payload["recorded"], [(e["field"], e["code"]) for e in payload["errors"]]) == (
        None,
        [("deviceId", "INVALID")],
    )
    assert not_json["data"]["posSaleSetAside"] == {"recorded": True, "errors": []}
    assert PosRejectedSale.objects.get().sale == {"text": "{half\ufffd"}
