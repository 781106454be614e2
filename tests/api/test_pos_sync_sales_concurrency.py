"""Two tablets at one cart syncing at the same moment, each also retrying its batch at once: every
client UUID becomes exactly one order. Real concurrent requests: each thread posts through its own
Django test Client (a Client is not shared between threads) on its own database connection, so the
data must be committed (transactional_db)."""

import json
import threading
from collections import Counter

import pytest
from django.db import connections
from django.test import Client

from api.core.tokens import token_for
from carts.models import PosSale
from orders.models import Order
from tests import factories
from tests.api.pos_helpers import POS_SYNC, open_shift, sale, stock_cart


def post(token, variables) -> dict:
    try:
        response = Client().post(
            "/graphql/",
            data=json.dumps({"query": POS_SYNC, "variables": variables}),
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {token}",
        )
        return response.json()
    finally:
        connections.close_all()  # this thread's connection, before the test database is flushed


@pytest.mark.django_db(transaction=True)
def test_two_tablets_syncing_and_retrying_at_once_record_each_sale_once(cart, operator, stocked, staff):
    stock_cart(cart, list(stocked), 500, actor=staff)
    second = factories.OperatorFactory(user__username="op-chaka-2", carts=[cart])
    tablets = {
        "TAB-A": (token_for(operator.user), open_shift(cart, operator, device_id="TAB-A")),
        "TAB-B": (token_for(second.user), open_shift(cart, second, device_id="TAB-B")),
    }
    batches = {
        device: [sale(shift, n, receipt_prefix=f"CHAKA-{device[-1]}000") for n in range(1, 101)]
        for device, (_, shift) in tablets.items()
    }
    # Each tablet sends its batch twice at once (a retry after a timeout), alongside the other's.
    jobs = [device for device in tablets for _ in range(2)]
    answers = [None] * len(jobs)
    start = threading.Barrier(len(jobs))

    def run(index, device):
        token, _ = tablets[device]
        start.wait()
        answers[index] = post(
            token, {"input": {"cart": "chaka", "deviceId": device, "sales": batches[device]}}
        )

    threads = [threading.Thread(target=run, args=(i, device)) for i, device in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    recorded = Counter()
    for answer in answers:
        payload = answer["data"]["posSyncSales"]
        assert payload["errors"] == []
        for result in payload["results"]:
            assert result["status"] in ("RECORDED", "DUPLICATE")
            recorded[result["clientUuid"]] += result["status"] == "RECORDED"
    sent = {s["clientUuid"] for batch in batches.values() for s in batch}
    assert set(recorded) == sent
    assert set(recorded.values()) == {1}  # each UUID recorded by exactly one of the two requests
    assert Order.objects.count() == 200
    assert Counter(PosSale.objects.values_list("device_id", flat=True)) == {"TAB-A": 100, "TAB-B": 100}
