import datetime

import pytest

from artisans.models import Agreement, Artisan
from tests import factories
from tests.api.conftest import DENIED, gid, row_counts

ARTISAN_UPDATE = """
mutation Update($id: ID!, $input: ArtisanUpdateInput!) {
  artisanUpdate(id: $id, input: $input) {
    artisan { code nameLatin storyEn isActive workshop { nameZh } agreements { validFrom artisanBp } }
    errors { field code message }
  }
}
"""


@pytest.fixture
def terms(artisan):
    return factories.AgreementFactory(artisan=artisan, valid_from=datetime.date(2026, 1, 1))


def test_staff_change_an_artisan_and_add_new_terms(gql, staff_token, artisan, terms):
    workshop = factories.WorkshopFactory(name_zh="德令哈工坊")
    variables = {
        "id": gid("Artisan", artisan),
        "input": {
            "storyEn": "She learned from her grandmother.",
            "workshop": gid("Workshop", workshop),
            "agreement": {
                "validFrom": "2026-07-01",
                "artisanBp": 7500,
                "operatorBp": 1000,
                "programmeBp": 1500,
            },
        },
    }

    result = gql(ARTISAN_UPDATE, variables, token=staff_token)

    assert result["data"]["artisanUpdate"] == {
        "artisan": {
            "code": "urna",
            "nameLatin": "Urna",
            "storyEn": "She learned from her grandmother.",
            "isActive": True,
            "workshop": {"nameZh": "德令哈工坊"},
            "agreements": [
                {"validFrom": "2026-07-01", "artisanBp": 7500},
                {"validFrom": "2026-01-01", "artisanBp": 7000},
            ],
        },
        "errors": [],
    }
    artisan.refresh_from_db()
    assert artisan.story_en == "She learned from her grandmother."


def test_staff_take_an_artisan_off_the_books_and_clear_her_workshop(gql, staff_token, artisan):
    artisan.workshop = factories.WorkshopFactory()
    artisan.save(update_fields=["workshop"])

    result = gql(
        ARTISAN_UPDATE,
        {"id": gid("Artisan", artisan), "input": {"isActive": False, "workshop": None}},
        token=staff_token,
    )

    assert result["data"]["artisanUpdate"]["artisan"]["isActive"] is False
    assert result["data"]["artisanUpdate"]["artisan"]["workshop"] is None
    artisan.refresh_from_db()
    assert (artisan.is_active, artisan.workshop_id) == (False, None)


@pytest.mark.parametrize("caller", ["anonymous", "operator", "artisan"])
def test_artisan_update_is_refused_to_everyone_but_staff(gql, artisan, operator_token, artisan_token, caller):
    token = {"operator": operator_token, "artisan": artisan_token}.get(caller)

    result = gql(
        ARTISAN_UPDATE, {"id": gid("Artisan", artisan), "input": {"nameLatin": "Changed"}}, token=token
    )

    assert result["data"]["artisanUpdate"] == {"artisan": None, "errors": DENIED}
    artisan.refresh_from_db()
    assert artisan.name_latin == "Urna"


@pytest.mark.parametrize(
    ("input", "field", "code"),
    [
        ({"code": "taken"}, "code", "UNIQUE"),
        ({"nameZh": None}, "nameZh", "REQUIRED"),
        ({"nameLatin": ""}, "nameLatin", "INVALID"),
        (
            {
                "nameLatin": "Changed",
                "agreement": {
                    "validFrom": "2026-01-01",
                    "artisanBp": 7000,
                    "operatorBp": 1000,
                    "programmeBp": 2000,
                },
            },
            "agreement.validFrom",
            "UNIQUE",
        ),
    ],
)
def test_bad_artisan_update_is_a_typed_error_and_changes_nothing(
    gql, staff_token, artisan, terms, input, field, code
):
    factories.ArtisanFactory(code="taken")

    result = gql(ARTISAN_UPDATE, {"id": gid("Artisan", artisan), "input": input}, token=staff_token)

    payload = result["data"]["artisanUpdate"]
    assert payload["artisan"] is None
    assert [(error["field"], error["code"]) for error in payload["errors"]] == [(field, code)]
    artisan.refresh_from_db()
    assert (artisan.code, artisan.name_zh, artisan.name_latin) == ("urna", "乌仁娜", "Urna")
    assert row_counts(Artisan, Agreement) == {"Artisan": 2, "Agreement": 1}


def test_artisan_update_of_an_unknown_artisan_is_not_found(gql, staff_token, product):
    result = gql(
        ARTISAN_UPDATE, {"id": gid("Product", product), "input": {"nameLatin": "X"}}, token=staff_token
    )

    assert [(e["field"], e["code"]) for e in result["data"]["artisanUpdate"]["errors"]] == [
        ("id", "NOT_FOUND")
    ]
