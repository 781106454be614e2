# ruff: noqa: F811  (pytest's fixtures, imported by name, are the tests' arguments)
"""`staffHome` answers the admin front page's figures over GraphQL, for the same known world and
pinned clock as tests/workbench/test_front_page.py; each block only for staff who may see it there."""

import datetime
import json

import pytest
from django.contrib.auth.models import Group
from graphql_relay import to_global_id

from api.core.tokens import token_for
from tests import factories
from tests.workbench.test_front_page import world  # noqa: F401  (the known world)

QUERY = """
{ staffHome {
    today weekStart
    sales { label cartCode today { amountFen } week { amountFen formatted } }
    held { count oldest }
    transfersInTransit { transfer { id destination { code } } ageHours }
    pickupsWaiting { cartCode count skus }
    lowStock { cartCode count skus }
    payoutsPending { pendingCount pending { amountFen } runsAwaitingApproval }
    tablets { cartCode lastSync silent }
} }
"""


def instant(text):
    return None if text is None else datetime.datetime.fromisoformat(text)


def ask(client, user):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token_for(user)}"} if user is not None else {}
    response = client.post(
        "/graphql/", data=json.dumps({"query": QUERY}), content_type="application/json", **headers
    )
    return response.json()


@pytest.mark.django_db
def test_staff_home_has_the_front_pages_figures(client, world):
    superuser = factories.StaffFactory(username="boss", is_superuser=True)

    home = ask(client, superuser)["data"]["staffHome"]

    assert (home["today"], home["weekStart"]) == ("2026-12-09", "2026-12-07")
    assert [
        (row["cartCode"], row["today"]["amountFen"], row["week"]["amountFen"]) for row in home["sales"]
    ] == [
        ("chaka", 168000, 191800),
        ("dongtai", 0, 0),
        ("feicui", 0, 6800),
    ]
    assert home["held"]["count"] == 1
    assert instant(home["held"]["oldest"]) == instant("2026-12-07T10:30:00+08:00")
    assert home["transfersInTransit"] == [
        {
            "transfer": {
                "id": to_global_id("Transfer", world["transfer"].pk),
                "destination": {"code": "feicui"},
            },
            "ageHours": 48,
        }
    ]
    assert home["pickupsWaiting"] == [{"cartCode": "chaka", "count": 1, "skus": []}]
    assert home["lowStock"] == [{"cartCode": "chaka", "count": 2, "skus": ["MG01-M", "MG05-BLU"]}]
    assert home["payoutsPending"] == {
        "pendingCount": 0,
        "pending": {"amountFen": 0},
        "runsAwaitingApproval": 0,
    }
    assert [(row["cartCode"], instant(row["lastSync"]), row["silent"]) for row in home["tablets"]] == [
        ("chaka", instant("2026-12-09T09:10:00+08:00"), False),
        ("dongtai", None, True),
        ("feicui", instant("2026-12-07T10:30:00+08:00"), True),
    ]


@pytest.mark.django_db
def test_a_stock_clerk_gets_the_stock_blocks_only(client, world):
    clerk = factories.StaffFactory(username="clerk", is_superuser=False)
    clerk.groups.add(Group.objects.get(name="库管员"))

    home = ask(client, clerk)["data"]["staffHome"]

    assert home["transfersInTransit"] is not None and home["lowStock"] is not None
    assert (home["sales"], home["held"], home["payoutsPending"], home["pickupsWaiting"]) == (None,) * 4


@pytest.mark.django_db
def test_operators_artisans_and_the_anonymous_are_refused(client, world):
    operator = world["chaka"].operators.first().user
    artisan = factories.ArtisanFactory(user=factories.UserFactory())
    for user in (operator, artisan.user, None):
        result = ask(client, user)
        assert result["data"] is None
        assert [error["extensions"]["code"] for error in result["errors"]] == ["PERMISSION_DENIED"]
