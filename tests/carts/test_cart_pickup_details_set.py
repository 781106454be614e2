"""Staff set when and where a cart stands; hours that end before they begin or weekdays that are not
1-7 are refused and change nothing."""

import datetime

import pytest

from carts.models import Cart
from carts.services import cart_create, cart_pickup_details_set
from core.errors import ValidationFailed
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def cart():
    site = factories.SiteFactory(code="chaka", name_zh="茶卡盐湖", name_en="Chaka Salt Lake")
    return cart_create(code="chaka", name_zh="茶卡盐湖零售车", name_en="Chaka cart", site=site)


def test_hours_weekdays_and_directions_are_kept(cart):
    cart_pickup_details_set(
        cart=cart,
        opens_at=datetime.time(9, 0),
        closes_at=datetime.time(18, 0),
        open_weekdays="23456",
        directions_zh=" 停车场旁 ",
        directions_en="By the car park",
    )

    cart = Cart.objects.get(code="chaka")
    assert (cart.opens_at, cart.closes_at, cart.open_weekdays) == (
        datetime.time(9, 0),
        datetime.time(18, 0),
        "23456",
    )
    assert (cart.directions_zh, cart.directions_en) == ("停车场旁", "By the car park")
    assert cart.hours_on(datetime.date(2026, 12, 8)) == (datetime.time(9, 0), datetime.time(18, 0))  # Tue
    assert cart.hours_on(datetime.date(2026, 12, 7)) is None  # Monday
    assert cart.hours_on(datetime.date(2026, 12, 13)) is None  # Sunday


@pytest.mark.parametrize(
    ("opens", "closes", "weekdays", "field"),
    [
        (datetime.time(18, 0), datetime.time(9, 0), "1234567", "closes_at"),
        (datetime.time(9, 0), None, "1234567", "closes_at"),
        (datetime.time(9, 0), datetime.time(18, 0), "8", "open_weekdays"),
        (datetime.time(9, 0), datetime.time(18, 0), "21", "open_weekdays"),
    ],
)
def test_bad_hours_or_weekdays_are_refused_and_change_nothing(cart, opens, closes, weekdays, field):
    with pytest.raises(ValidationFailed) as refused:
        cart_pickup_details_set(cart=cart, opens_at=opens, closes_at=closes, open_weekdays=weekdays)

    assert refused.value.field == field
    cart = Cart.objects.get(code="chaka")
    assert (cart.opens_at, cart.closes_at, cart.open_weekdays) == (None, None, "1234567")
    assert cart.hours_on(datetime.date(2026, 12, 8)) is None
