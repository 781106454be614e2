import datetime

from artisans.services import agreement_create
from tests import factories
from tests.api.conftest import error_codes, gid

ARTISANS = """
query Artisans($filter: ArtisanFilterInput, $first: Int, $after: String) {
  artisans(filter: $filter, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { code name isActive phone workshop { nameZh } } }
  }
}
"""


def make_artisans():
    workshop = factories.WorkshopFactory(name_zh="乌仁塔格奈", name_en="Wuren")
    factories.ArtisanFactory(
        code="a-1", name_zh="其其格", name_latin="Qiqige", phone="1391", workshop=workshop
    )
    factories.ArtisanFactory(code="a-2", name_zh="卓玛", name_latin="Dolma", phone="1392")
    factories.ArtisanFactory(code="a-3", name_zh="拉姆", name_latin="Lhamo", phone="1393", is_active=False)
    return workshop


def codes(result):
    return [edge["node"]["code"] for edge in result["data"]["artisans"]["edges"]]


def test_the_public_sees_active_artisans_without_phone_numbers(gql, db):
    make_artisans()

    result = gql(ARTISANS)

    assert result["data"]["artisans"]["totalCount"] == 2
    assert result["data"]["artisans"]["edges"] == [
        {
            "node": {
                "code": "a-1",
                "name": "其其格",
                "isActive": True,
                "phone": None,
                "workshop": {"nameZh": "乌仁塔格奈"},
            }
        },
        {"node": {"code": "a-2", "name": "卓玛", "isActive": True, "phone": None, "workshop": None}},
    ]


def test_an_operator_sees_no_phone_numbers_either(gql, operator_token):
    make_artisans()

    result = gql(ARTISANS, token=operator_token)

    assert [edge["node"]["phone"] for edge in result["data"]["artisans"]["edges"]] == [None, None]


def test_staff_see_every_artisan_with_phone_and_agreements(gql, staff_token):
    make_artisans()
    from artisans.models import Artisan

    agreement_create(
        artisan=Artisan.objects.get(code="a-1"),
        valid_from=datetime.date(2026, 1, 1),
        artisan_bp=7000,
        operator_bp=1000,
        programme_bp=2000,
    )
    query = "{ artisans { edges { node { code phone agreements { validFrom artisanBp } } } } }"

    result = gql(query, token=staff_token)

    assert [edge["node"] for edge in result["data"]["artisans"]["edges"]] == [
        {"code": "a-1", "phone": "1391", "agreements": [{"validFrom": "2026-01-01", "artisanBp": 7000}]},
        {"code": "a-2", "phone": "1392", "agreements": []},
        {"code": "a-3", "phone": "1393", "agreements": []},
    ]


def test_agreements_are_null_for_the_public(gql, db):
    make_artisans()

    result = gql("{ artisans(first: 1) { edges { node { agreements { artisanBp } } } } }")

    assert result == {"data": {"artisans": {"edges": [{"node": {"agreements": None}}]}}}


def test_artisans_filter_by_search_and_workshop(gql, db):
    workshop = make_artisans()

    by_name = gql(ARTISANS, {"filter": {"search": "dol"}})
    by_workshop = gql(ARTISANS, {"filter": {"workshop": gid("Workshop", workshop)}})

    assert codes(by_name) == ["a-2"]
    assert codes(by_workshop) == ["a-1"]


def test_artisans_page_with_first_and_after(gql, db):
    make_artisans()

    first_page = gql(ARTISANS, {"first": 1})
    cursor = first_page["data"]["artisans"]["pageInfo"]["endCursor"]
    second_page = gql(ARTISANS, {"first": 1, "after": cursor})

    assert codes(first_page) == ["a-1"]
    assert first_page["data"]["artisans"]["pageInfo"]["hasNextPage"] is True
    assert codes(second_page) == ["a-2"]
    assert second_page["data"]["artisans"]["pageInfo"]["hasNextPage"] is False


def test_artisans_with_an_unknown_workshop_id_is_an_error(gql, db):
    make_artisans()

    result = gql(ARTISANS, {"filter": {"workshop": gid("Product", factories.WorkshopFactory())}})

    assert result["data"] == {"artisans": None}
    assert error_codes(result) == ["NOT_FOUND"]


def test_artisans_refuses_a_page_over_100(gql, db):
    result = gql(ARTISANS, {"first": 101})

    assert result["data"] == {"artisans": None}
    assert result["errors"][0]["message"] == "`first` is 101: a page holds at most 100 items."
