import pytest

from inventory.models import Intake, Movement
from tests import factories
from tests.api.conftest import DENIED, fields_and_codes, gid, on_hand, row_counts

INTAKE_CREATE = """
mutation Intake($input: IntakeCreateInput!) {
  intakeCreate(input: $input) {
    intake { id artisan { code } location { code } note lines { variant { sku } quantity } }
    errors { field code message }
  }
}
"""


@pytest.fixture
def variants(product):
    return list(product.variants.order_by("sort_order"))


def intake_input(maker, variants, **overrides):
    small, large = variants
    return {
        "artisan": gid("Artisan", maker),
        "lines": [
            {"variant": gid("ProductVariant", small), "quantity": 4},
            {"variant": gid("ProductVariant", large), "quantity": 1},
        ],
        "note": "交来 5 件",
        **overrides,
    }


def test_staff_record_an_intake_at_the_base(gql, staff_token, base, artisan, variants):
    result = gql(INTAKE_CREATE, {"input": intake_input(artisan, variants)}, token=staff_token)

    payload = result["data"]["intakeCreate"]
    intake = Intake.objects.get()
    assert payload == {
        "intake": {
            "id": gid("Intake", intake),
            "artisan": {"code": "urna"},
            "location": {"code": "base"},
            "note": "交来 5 件",
            "lines": [
                {"variant": {"sku": "YAK-L"}, "quantity": 1},
                {"variant": {"sku": "YAK-S"}, "quantity": 4},
            ],
        },
        "errors": [],
    }
    assert (on_hand(variants[0], base), on_hand(variants[1], base)) == (4, 1)


def test_an_intake_may_land_at_a_given_location(gql, staff_token, base, cart, artisan, variants):
    variables = {"input": intake_input(artisan, variants, location=gid("Location", cart.location))}

    result = gql(INTAKE_CREATE, variables, token=staff_token)

    assert result["data"]["intakeCreate"]["intake"]["location"] == {"code": "cart-chaka"}
    assert on_hand(variants[0], cart.location) == 4


def test_an_intake_sent_twice_with_one_key_is_recorded_once(gql, staff_token, base, artisan, variants):
    variables = {"input": intake_input(artisan, variants, idempotencyKey="intake-2026-05-01-urna")}

    first = gql(INTAKE_CREATE, variables, token=staff_token)
    second = gql(INTAKE_CREATE, variables, token=staff_token)

    assert first["data"]["intakeCreate"]["intake"]["id"] == second["data"]["intakeCreate"]["intake"]["id"]
    assert row_counts(Intake, Movement) == {"Intake": 1, "Movement": 2}
    assert on_hand(variants[0], base) == 4


@pytest.mark.parametrize("caller", ["anonymous", "operator"])
def test_intake_create_is_refused_to_everyone_but_staff(gql, base, artisan, variants, operator_token, caller):
    token = operator_token if caller == "operator" else None

    result = gql(INTAKE_CREATE, {"input": intake_input(artisan, variants)}, token=token)

    assert result["data"]["intakeCreate"] == {"intake": None, "errors": DENIED}
    assert row_counts(Intake, Movement) == {"Intake": 0, "Movement": 0}


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"lines": []}, [("lines", "INVALID")]),
        ({"lines": [{"variant": "VARIANT", "quantity": 0}]}, [("lines", "INVALID")]),
        ({"lines": [{"variant": "VARIANT", "quantity": -2}]}, [("lines", "INVALID")]),
        ({"lines": [{"variant": "UHJvZHVjdFZhcmlhbnQ6MA==", "quantity": 1}]}, [("lines", "NOT_FOUND")]),
        ({"artisan": "QXJ0aXNhbjow"}, [("artisan", "NOT_FOUND")]),
        ({"location": "TG9jYXRpb246MA=="}, [("location", "NOT_FOUND")]),
        ({"note": "长" * 301}, [("note", "INVALID")]),
    ],
)
def test_bad_intake_input_is_a_typed_error_and_writes_nothing(
    gql, staff_token, base, artisan, variants, overrides, expected
):
    for line in overrides.get("lines", []):
        if line["variant"] == "VARIANT":
            line["variant"] = gid("ProductVariant", variants[0])

    result = gql(INTAKE_CREATE, {"input": intake_input(artisan, variants, **overrides)}, token=staff_token)

    assert result["data"]["intakeCreate"]["intake"] is None
    assert fields_and_codes(result["data"]["intakeCreate"]) == expected
    assert row_counts(Intake, Movement) == {"Intake": 0, "Movement": 0}


def test_an_intake_of_another_artisans_piece_is_refused(gql, staff_token, base, artisan, variants):
    dolma = factories.ArtisanFactory(code="dolma")

    result = gql(INTAKE_CREATE, {"input": intake_input(dolma, variants)}, token=staff_token)

    assert fields_and_codes(result["data"]["intakeCreate"]) == [("lines", "INVALID")]
    assert row_counts(Intake, Movement) == {"Intake": 0, "Movement": 0}


def test_an_intake_without_a_base_location_names_the_location(gql, staff_token, artisan, variants):
    result = gql(INTAKE_CREATE, {"input": intake_input(artisan, variants)}, token=staff_token)

    assert fields_and_codes(result["data"]["intakeCreate"]) == [("location", "NOT_FOUND")]
    assert row_counts(Intake, Movement) == {"Intake": 0, "Movement": 0}
