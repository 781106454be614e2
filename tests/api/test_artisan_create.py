import pytest

from artisans.models import Agreement, Artisan
from tests import factories
from tests.api.conftest import DENIED, gid, row_counts

ARTISAN_CREATE = """
mutation Create($input: ArtisanCreateInput!) {
  artisanCreate(input: $input) {
    artisan {
      code name nameLatin county craftEn heritageInheritor phone workshop { nameZh }
      agreements { validFrom artisanBp operatorBp programmeBp }
    }
    errors { field code message }
  }
}
"""


def artisan_input(**overrides):
    return {
        "code": "qiqige",
        "nameZh": "其其格",
        "nameLatin": "Qiqige",
        "county": "DULAN",
        "craftEn": "Mongolian costume",
        "phone": "13900000002",
        "heritageInheritor": True,
        "agreement": {"validFrom": "2026-03-01", "artisanBp": 7000, "operatorBp": 1000, "programmeBp": 2000},
        **overrides,
    }


def test_staff_create_an_artisan_with_her_workshop_and_first_agreement(gql, staff_token):
    workshop = factories.WorkshopFactory(name_zh="乌仁塔格奈")

    result = gql(
        ARTISAN_CREATE, {"input": artisan_input(workshop=gid("Workshop", workshop))}, token=staff_token
    )

    assert result["data"]["artisanCreate"] == {
        "artisan": {
            "code": "qiqige",
            "name": "其其格",
            "nameLatin": "Qiqige",
            "county": "DULAN",
            "craftEn": "Mongolian costume",
            "heritageInheritor": True,
            "phone": "13900000002",
            "workshop": {"nameZh": "乌仁塔格奈"},
            "agreements": [
                {"validFrom": "2026-03-01", "artisanBp": 7000, "operatorBp": 1000, "programmeBp": 2000}
            ],
        },
        "errors": [],
    }
    artisan = Artisan.objects.get(code="qiqige")
    assert (artisan.county, artisan.workshop_id) == ("dulan", workshop.pk)
    assert list(artisan.agreements.values_list("artisan_bp", flat=True)) == [7000]


@pytest.mark.parametrize("caller", ["anonymous", "operator"])
def test_artisan_create_is_refused_to_everyone_but_staff(gql, operator_token, caller):
    token = operator_token if caller == "operator" else None

    result = gql(ARTISAN_CREATE, {"input": artisan_input()}, token=token)

    assert result["data"]["artisanCreate"] == {"artisan": None, "errors": DENIED}
    assert row_counts(Artisan, Agreement) == {"Artisan": 0, "Agreement": 0}


def test_shares_that_do_not_sum_to_the_whole_write_nothing(gql, staff_token):
    agreement = {"validFrom": "2026-03-01", "artisanBp": 7000, "operatorBp": 1000, "programmeBp": 1000}

    result = gql(ARTISAN_CREATE, {"input": artisan_input(agreement=agreement)}, token=staff_token)

    payload = result["data"]["artisanCreate"]
    assert payload["artisan"] is None
    assert [(error["field"], error["code"]) for error in payload["errors"]] == [("agreement", "INVALID")]
    # The artisan was written before her agreement failed: rolled back with it.
    assert row_counts(Artisan, Agreement) == {"Artisan": 0, "Agreement": 0}


@pytest.mark.parametrize(
    ("overrides", "field", "code"),
    [
        ({"code": "urna"}, "code", "UNIQUE"),
        ({"code": "has space"}, "code", "INVALID"),
        ({"nameZh": "长" * 101}, "nameZh", "INVALID"),
        ({"nameLatin": "  "}, "nameLatin", "INVALID"),
        ({"workshop": "V29ya3Nob3A6MA=="}, "workshop", "NOT_FOUND"),
    ],
)
def test_bad_artisan_input_is_a_typed_error_and_writes_nothing(
    gql, staff_token, artisan, overrides, field, code
):
    result = gql(ARTISAN_CREATE, {"input": artisan_input(**overrides)}, token=staff_token)

    payload = result["data"]["artisanCreate"]
    assert payload["artisan"] is None
    assert [(error["field"], error["code"]) for error in payload["errors"]] == [(field, code)]
    assert row_counts(Artisan, Agreement) == {"Artisan": 1, "Agreement": 0}


def test_a_workshop_id_of_another_type_is_not_found(gql, staff_token, artisan):
    result = gql(
        ARTISAN_CREATE, {"input": artisan_input(workshop=gid("Artisan", artisan))}, token=staff_token
    )

    assert result["data"]["artisanCreate"]["errors"] == [
        {
            "field": "workshop",
            "code": "NOT_FOUND",
            "message": f"No Workshop with the ID '{gid('Artisan', artisan)}'.",
        }
    ]


def test_an_unknown_county_is_refused_by_the_schema(gql, staff_token):
    result = gql(ARTISAN_CREATE, {"input": artisan_input(county="ATLANTIS")}, token=staff_token)

    assert result.status == 400
    assert "ATLANTIS" in result["errors"][0]["message"]
    assert Artisan.objects.count() == 0
