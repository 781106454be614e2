"""Pickup is offered only at the carts that hold every piece of the basket, each with today's hours;
the others are named with what they lack. A cart's page says where it stands and its hours today."""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest

from carts.services import cart_create, cart_pickup_details_set
from inventory.models import StockHold
from orders.models import Checkout
from payments.models import Payment
from tests import factories

pytestmark = pytest.mark.django_db

# A Monday in Qinghai.
MONDAY = datetime.datetime(2026, 12, 7, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture
def carts(shop):
    cart_pickup_details_set(
        cart=shop["cart"],
        opens_at=datetime.time(8, 30),
        closes_at=datetime.time(19, 0),
        directions_zh="游客中心出口左手边。",
        directions_en="Left of the visitor centre's exit.",
    )
    site = factories.SiteFactory(code="feicui", name_zh="翡翠湖", name_en="Emerald Lake")
    feicui = cart_create(code="feicui", name_zh="翡翠湖零售车", name_en="Emerald Lake cart", site=site)
    cart_pickup_details_set(
        cart=feicui, opens_at=datetime.time(9, 30), closes_at=datetime.time(18, 0), open_weekdays="234567"
    )
    return {"chaka": shop["cart"], "feicui": feicui}


def add(client, variant, quantity=1):
    assert client.post("/basket/add/", {"variant": variant.pk, "quantity": quantity}).status_code == 302


def test_only_the_cart_holding_the_whole_basket_is_offered(client, shop, carts, time_machine):
    time_machine.move_to(MONDAY)
    add(client, shop["red"])
    add(client, shop["salt"])

    page = client.get("/checkout/").content.decode()

    select = page[page.index('name="pickup_location"') : page.index("</select>")]
    option = f'<option value="{carts["chaka"].location_id}">茶卡盐湖零售车（今天 08:30–19:00）</option>'
    assert option in select
    assert "翡翠湖" not in select
    lacking = page[page.index('data-testid="carts-lacking"') :]
    lacking = lacking[: lacking.index("</div>")]
    assert (
        "翡翠湖零售车</a> – 刺绣荷包 · 红色（车上有 0 件，要 1 件）; 盐雕奔马（车上有 0 件，要 1 件）"
        in lacking
    )


def test_a_cart_short_of_one_piece_says_how_many_it_has(client, shop, carts):
    add(client, shop["red"], quantity=4)  # the cart has 3 red purses

    page = client.get("/checkout/").content.decode()

    assert 'data-testid="no-pickup"' in page
    assert "茶卡盐湖零售车</a> – 刺绣荷包 · 红色（车上有 3 件，要 4 件）" in page
    assert re.search(r'<input[^>]*value="shipping"[^>]*checked', page)
    assert not re.search(r'<input[^>]*value="pickup"[^>]*checked', page)


def test_pickup_at_a_cart_lacking_a_piece_is_refused_and_writes_nothing(client, shop, carts):
    add(client, shop["blue"])  # only at the base
    checkout = Checkout.objects.get()

    response = client.post(
        "/checkout/",
        {
            "email": "a@b.cn",
            "phone": "13800000000",
            "method": "pickup",
            "pickup_location": carts["chaka"].location_id,
        },
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "没有一辆零售车有购物篮里的全部作品，请选择快递到家，或减少购物篮里的作品。" in page
    checkout.refresh_from_db()
    assert (checkout.email, checkout.delivery_method, checkout.pickup_location_id) == ("", "", None)
    assert Payment.objects.count() == StockHold.objects.count() == 0


def test_in_english_the_cart_and_what_it_lacks_read_in_english(client, shop, carts, time_machine):
    time_machine.move_to(MONDAY)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    add(client, shop["salt"])

    page = client.get("/checkout/").content.decode()

    assert "Chaka Salt Lake cart (today 08:30–19:00)</option>" in page
    assert "Emerald Lake cart</a> – Galloping horse in salt (0 on the cart, 1 wanted)" in page


def test_the_carts_page_says_where_it_stands_and_its_hours_today(client, shop, carts, time_machine):
    time_machine.move_to(MONDAY)

    chaka = client.get("/c/chaka/").content.decode()
    feicui = client.get("/c/feicui/").content.decode()

    assert '<dd data-testid="cart-site">茶卡盐湖</dd>' in chaka
    assert '<dd data-testid="cart-hours">08:30–19:00 营业</dd>' in chaka
    assert '<dd data-testid="cart-directions">游客中心出口左手边。</dd>' in chaka
    assert '<dd data-testid="cart-hours">今天不出摊</dd>' in feicui  # not there on Mondays
    assert "cart-directions" not in feicui

    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    chaka = client.get("/c/chaka/").content.decode()
    assert '<dd data-testid="cart-site">Chaka Salt Lake</dd>' in chaka
    assert '<dd data-testid="cart-hours">Open 08:30–19:00</dd>' in chaka
    assert '<dd data-testid="cart-directions">Left of the visitor centre&#x27;s exit.</dd>' in chaka


def test_a_cart_whose_hours_staff_have_not_given_shows_no_hours(client, shop):
    add(client, shop["red"])

    checkout = client.get("/checkout/").content.decode()
    page = client.get("/c/chaka/").content.decode()

    assert f'<option value="{shop["cart"].location_id}">茶卡盐湖零售车</option>' in checkout
    assert "cart-hours" not in page and "cart-directions" not in page
    assert '<dd data-testid="cart-site">茶卡盐湖</dd>' in page
