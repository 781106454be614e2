import pytest

from carts.models import Cart
from carts.services import cart_create
from core.errors import ValidationFailed
from inventory.models import Location
from tests import factories


@pytest.mark.django_db
def test_a_cart_gets_its_own_cart_location_under_the_same_code():
    # given
    site = factories.SiteFactory(code="chaka", name_zh="茶卡盐湖")

    # when
    cart = cart_create(code="chaka", name_zh="茶卡盐湖零售车", name_en="Chaka Salt Lake cart", site=site)

    # then
    cart.refresh_from_db()
    assert (cart.code, cart.name_zh, cart.name_en, cart.site) == (
        "chaka",
        "茶卡盐湖零售车",
        "Chaka Salt Lake cart",
        site,
    )
    location = cart.location
    assert (location.code, location.kind, location.name_zh, location.name_en, location.address_zh) == (
        "chaka",
        Location.Kind.CART,
        "茶卡盐湖零售车",
        "Chaka Salt Lake cart",
        "茶卡盐湖",
    )


@pytest.mark.django_db
def test_a_code_taken_by_a_location_refuses_the_cart_and_writes_nothing():
    # given: the base already uses the code
    factories.LocationFactory(code="chaka", kind=Location.Kind.BASE)
    site = factories.SiteFactory()

    # when
    with pytest.raises(ValidationFailed) as refused:
        cart_create(code="chaka", name_zh="茶卡盐湖零售车", name_en="Chaka cart", site=site)

    # then
    assert refused.value.field == "code"
    assert Cart.objects.count() == 0
    assert list(Location.objects.values_list("code", "kind")) == [("chaka", "base")]


@pytest.mark.django_db
def test_a_taken_cart_code_is_refused():
    # given
    site = factories.SiteFactory()
    cart_create(code="feicui", name_zh="翡翠湖零售车", name_en="Emerald Lake cart", site=site)

    # when
    with pytest.raises(ValidationFailed) as refused:
        cart_create(code="feicui", name_zh="又一辆", name_en="Another", site=site)

    # then
    assert refused.value.field == "code"
    assert Cart.objects.count() == 1
    assert Location.objects.count() == 1
