import pytest

from core.errors import NotFound
from inventory.models import Location
from inventory.selectors import base_location
from tests import factories


@pytest.mark.django_db
def test_returns_the_active_base():
    # given
    factories.LocationFactory(code="cart-1", kind=Location.Kind.CART)
    factories.LocationFactory(code="old-base", kind=Location.Kind.BASE, is_active=False)
    base = factories.LocationFactory(code="base", kind=Location.Kind.BASE)

    # when / then
    assert base_location() == base


@pytest.mark.django_db
def test_not_found_without_an_active_base():
    # given
    factories.LocationFactory(code="cart-1", kind=Location.Kind.CART)

    # when / then
    with pytest.raises(NotFound) as error:
        base_location()
    assert error.value.field == "location"
