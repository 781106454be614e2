import pytest

from core.errors import ValidationFailed
from inventory.models import Intake, Movement
from inventory.services import LineQuantity, intake_create
from tests import factories
from tests.inventory.stock import levels, snapshot


@pytest.mark.django_db
def test_intake_lands_at_the_base_as_intake_movements(actor, base, artisan, robe, purse):
    # given
    received_at = factories.aware(2026, 5, 3, 9)

    # when
    intake = intake_create(
        artisan=artisan,
        lines=[LineQuantity(robe, 2), LineQuantity(purse, 7)],
        actor=actor,
        note="五月第一批",
        received_at=received_at,
    )

    # then
    intake.refresh_from_db()
    assert (intake.artisan, intake.location, intake.received_by, intake.received_at, intake.note) == (
        artisan,
        base,
        actor,
        received_at,
        "五月第一批",
    )
    assert sorted(intake.lines.values_list("variant__sku", "quantity")) == [("PURSE-RED", 7), ("ROBE-M", 2)]
    assert sorted(
        Movement.objects.values_list("variant__sku", "location__code", "kind", "quantity", "intake", "actor")
    ) == [
        ("PURSE-RED", "base", "intake", 7, intake.pk, actor.pk),
        ("ROBE-M", "base", "intake", 2, intake.pk, actor.pk),
    ]
    assert levels() == {("ROBE-M", "base"): 2, ("PURSE-RED", "base"): 7}


@pytest.mark.django_db
def test_intake_adds_to_what_is_already_there(actor, base, cart, artisan, robe):
    # given
    intake_create(artisan=artisan, lines=[LineQuantity(robe, 2)], actor=actor)

    # when: a second intake, straight onto a cart
    intake_create(artisan=artisan, lines=[LineQuantity(robe, 3)], actor=actor)
    intake_create(artisan=artisan, lines=[LineQuantity(robe, 1)], actor=actor, location=cart)

    # then
    assert levels() == {("ROBE-M", "base"): 5, ("ROBE-M", "cart-chaka"): 1}


@pytest.mark.django_db
def test_same_idempotency_key_returns_the_first_intake_and_writes_nothing_more(actor, base, artisan, robe):
    # given
    first = intake_create(artisan=artisan, lines=[LineQuantity(robe, 2)], actor=actor, idempotency_key="in-1")
    before = snapshot()

    # when
    again = intake_create(artisan=artisan, lines=[LineQuantity(robe, 2)], actor=actor, idempotency_key="in-1")

    # then
    assert again.pk == first.pk
    assert snapshot() == before
    assert levels() == {("ROBE-M", "base"): 2}
    assert Intake.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    "quantities",
    [[], [0], [-1], [1.5], [True], ["2"], [2, 2]],
    ids=["no-lines", "zero", "negative", "fraction", "bool", "text", "variant-twice"],
)
def test_refuses_bad_lines_and_writes_nothing(actor, base, artisan, robe, quantities):
    # given
    before = snapshot()

    # when
    with pytest.raises(ValidationFailed) as error:
        intake_create(artisan=artisan, lines=[LineQuantity(robe, q) for q in quantities], actor=actor)

    # then
    assert error.value.field == "lines"
    assert snapshot() == before


@pytest.mark.django_db
def test_refuses_a_piece_made_by_another_artisan_and_writes_nothing(actor, base, artisan, robe, scarf):
    # given
    before = snapshot()

    # when
    with pytest.raises(ValidationFailed) as error:
        intake_create(artisan=artisan, lines=[LineQuantity(robe, 1), LineQuantity(scarf, 1)], actor=actor)

    # then
    assert (error.value.field, error.value.params) == ("lines", {"sku": "SCARF-BLUE"})
    assert snapshot() == before


@pytest.mark.django_db
def test_refuses_an_inactive_location_and_writes_nothing(actor, base, cart, artisan, robe):
    # given
    cart.is_active = False
    cart.save()
    before = snapshot()

    # when
    with pytest.raises(ValidationFailed) as error:
        intake_create(artisan=artisan, lines=[LineQuantity(robe, 1)], actor=actor, location=cart)

    # then
    assert error.value.field == "location"
    assert snapshot() == before
