import pytest

from core.errors import ValidationFailed
from inventory.models import Location
from inventory.services import location_create
from tests import factories


@pytest.mark.django_db
def test_creates_a_cart_location():
    # when
    location = location_create(
        code="cart-feicui",
        kind=Location.Kind.CART,
        name_zh="翡翠湖零售车",
        name_en="Emerald Lake cart",
        address_zh="大柴旦翡翠湖景区",
    )

    # then
    location.refresh_from_db()
    assert (location.code, location.kind, location.name_zh, location.name_en, location.address_zh) == (
        "cart-feicui",
        "cart",
        "翡翠湖零售车",
        "Emerald Lake cart",
        "大柴旦翡翠湖景区",
    )
    assert location.is_active is True


@pytest.mark.django_db
def test_creates_the_base_when_there_is_none_active():
    # given an old base that was closed
    factories.LocationFactory(code="old-base", kind=Location.Kind.BASE, is_active=False)

    # when
    base = location_create(code="base", kind=Location.Kind.BASE, name_zh="工坊总库", name_en="Store room")

    # then
    assert Location.objects.filter(kind=Location.Kind.BASE, is_active=True).get() == base


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"code": "taken"}, "code"),
        ({"code": "有空格 的编号"}, "code"),
        ({"kind": "truck"}, "kind"),
        ({"name_zh": "  "}, "name_zh"),
        ({"kind": Location.Kind.BASE}, "kind"),
    ],
    ids=["code-taken", "code-not-a-slug", "unknown-kind", "blank-name", "second-base"],
)
def test_refuses_bad_input_and_writes_nothing(fields, field):
    # given
    factories.LocationFactory(code="taken", kind=Location.Kind.BASE)
    request = {"code": "cart-new", "kind": Location.Kind.CART, "name_zh": "新零售车", "name_en": "New cart"}

    # when
    with pytest.raises(ValidationFailed) as error:
        location_create(**(request | fields))

    # then
    assert error.value.field == field
    assert list(Location.objects.values_list("code", flat=True)) == ["taken"]
