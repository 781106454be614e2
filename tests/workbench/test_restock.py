"""The restock plan against a known sales history (docs/restock.md).

Today is Wednesday 2026-12-09; the window is the 28 days 11-11 .. 12-08 (four of each weekday).

  茶卡 (chaka, 7 days of cover): 2 sashes every Saturday and every Sunday (16), a robe every Wednesday
        (4); holds 1 sash and no robe, 1 sash in transit. Its weekdays: Wed 1.4, Sat 2.8, Sun 2.8, the
        rest 0; the next 7 days hold one of each, so it expects 16 × 7/28 = 4 sashes and 1 robe.
  翡翠 (feicui, 3 days of cover): a sash every day (28), holds none: it expects 28 × 3/28 = 3.
  The base: 3 robes, 4 sashes (5 less the one in transit), and a one-of-a-kind felt robe.

Chaka needs 4 − 1 − 1 = 2 sashes, Feicui 3: the base has 4, so the faster seller (Chaka, 4 expected)
gets its 2 and Feicui the 2 left. The felt robe goes to Chaka, which sells its category.
"""

import datetime
import json
from urllib.parse import urlencode

import pytest
from django.urls import reverse

from api.core.tokens import token_for
from carts.services import cart_create
from catalog.services import VariantInput, product_create
from inventory.services import LineQuantity, intake_create, transfer_create
from orders.services import OrderDraft, OrderLineDraft, orders_record_paid
from tests import factories
from workbench.models import CartRestockTarget
from workbench.restock import restock_plan, restock_plan_for_page
from workbench.services import restock_target_set

UTC = datetime.UTC
TODAY = datetime.date(2026, 12, 9)


def noon(day: datetime.date) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, 4, 0, tzinfo=UTC)  # 12:00 in Qinghai


def sell(location, variant, day, quantity, staff, number):
    orders_record_paid(
        location=location,
        channel="cart",
        drafts=[
            OrderDraft(
                number=number,
                lines=[OrderLineDraft(variant, quantity, variant.price_fen, variant.price_fen, 0)],
                paid_at=noon(day),
            )
        ],
        actor=staff,
    )


@pytest.fixture
def history(base, cart, chimeg, robe, sash, staff, time_machine):
    time_machine.move_to(noon(datetime.date(2026, 11, 1)), tick=False)
    chaka = cart
    feicui = cart_create(
        code="feicui",
        name_zh="翡翠湖零售车",
        name_en="Feicui cart",
        site=factories.SiteFactory(code="feicui"),
    )
    felt = product_create(
        slug="felt-robe",
        name_zh="毡绣长袍",
        name_en="Felt robe",
        category=robe.product.category,
        is_one_of_a_kind=True,
        variants=[VariantInput("FELT-01", 500000, chimeg)],
    ).variants.get()
    intake_create(
        artisan=chimeg,
        lines=[LineQuantity(robe, 3), LineQuantity(sash, 5), LineQuantity(felt, 1)],
        actor=staff,
        location=base,
    )
    intake_create(
        artisan=chimeg,
        lines=[LineQuantity(robe, 4), LineQuantity(sash, 17)],
        actor=staff,
        location=chaka.location,
    )
    intake_create(artisan=chimeg, lines=[LineQuantity(sash, 28)], actor=staff, location=feicui.location)
    for n in range(28, 0, -1):
        day = TODAY - datetime.timedelta(days=n)
        sell(feicui.location, sash, day, 1, staff, f"F-{n}")
        if day.weekday() in (5, 6):
            sell(chaka.location, sash, day, 2, staff, f"C-S-{n}")
        if day.weekday() == 2:
            sell(chaka.location, robe, day, 1, staff, f"C-R-{n}")
    transfer_create(source=base, destination=chaka.location, lines=[LineQuantity(sash, 1)], actor=staff)
    restock_target_set(cart=feicui, cover_days=3, actor=staff)
    time_machine.move_to(noon(TODAY), tick=False)
    return {"chaka": chaka, "feicui": feicui, "felt": felt, "robe": robe, "sash": sash}


def rows(plan):
    return [
        (s.variant.sku, s.sold, s.on_hand, s.in_transit, s.forecast_display, s.quantity)
        for s in plan.suggestions
    ]


@pytest.mark.django_db
def test_the_plan_from_a_known_sales_history(history):
    chaka, feicui = restock_plan_for_page(today=TODAY)

    assert (chaka.cart.code, chaka.cover_days, feicui.cart.code, feicui.cover_days) == (
        "chaka",
        7,
        "feicui",
        3,
    )
    assert rows(chaka) == [
        ("FELT-01", 0, 0, 0, "0.0", 1),  # one of a kind: where robes sell
        ("MG01-M", 4, 0, 0, "1.0", 1),
        ("MG05-BLU", 16, 1, 1, "4.0", 2),
    ]
    assert [s.unique for s in chaka.suggestions] == [True, False, False]
    assert rows(feicui) == [("MG05-BLU", 28, 0, 0, "3.0", 2)]  # 3 wanted, 2 left at the base


@pytest.mark.django_db
def test_the_weekdays_ahead_matter(history):
    """With 2 days of cover from Wednesday, Chaka's next days are Thursday and Friday: it sells no sash
    then, and expects none; Feicui (every day alike) then gets all it asks for."""
    chaka, feicui = restock_plan(today=TODAY, cover_days={history["chaka"].pk: 2, history["feicui"].pk: 3})

    assert rows(chaka) == [("FELT-01", 0, 0, 0, "0.0", 1)]
    assert rows(feicui) == [("MG05-BLU", 28, 0, 0, "3.0", 3)]


@pytest.mark.django_db
def test_july_sells_twice_what_june_did(base, cart, chimeg, sash, staff, time_machine):
    """Four weeks of June at a sash a day; the next seven days are in July (factor 2): 14 expected."""
    time_machine.move_to(noon(datetime.date(2026, 5, 20)), tick=False)
    intake_create(artisan=chimeg, lines=[LineQuantity(sash, 40)], actor=staff, location=base)
    intake_create(artisan=chimeg, lines=[LineQuantity(sash, 30)], actor=staff, location=cart.location)
    today = datetime.date(2026, 6, 30)
    for offset in range(1, 29):
        sell(cart.location, sash, today - datetime.timedelta(days=offset), 1, staff, f"J-{offset}")

    [plan] = restock_plan(today=today)

    assert rows(plan) == [("MG05-BLU", 28, 2, 0, "14.0", 12)]


@pytest.mark.django_db
def test_staff_see_the_plan_and_open_a_draft_transfer_in_one_click(admin_client, history):
    page = admin_client.get(reverse("workbench:restock")).content.decode()

    chaka, felt, robe, sash = history["chaka"], history["felt"], history["robe"], history["sash"]
    query = urlencode(
        [
            ("destination", chaka.location_id),
            ("line", f"{felt.pk}:1"),
            ("line", f"{robe.pk}:1"),
            ("line", f"{sash.pk}:2"),
        ]
    )
    draft = reverse("admin:inventory_transfer_add") + "?" + query
    assert f'href="{draft.replace("&", "&amp;")}">生成调拨草稿（4 件）</a>' in page
    form = admin_client.get(draft).content.decode()
    assert f'<option value="{chaka.location_id}" selected>' in form
    assert 'name="lines-2-quantity" value="2"' in form and f'<option value="{sash.pk}" selected>' in form


@pytest.mark.django_db
def test_staff_set_a_carts_days_of_cover(admin_client, history):
    chaka = history["chaka"]

    done = admin_client.post(reverse("workbench:restock"), {"cart": chaka.pk, "cover_days": "14"})
    bad = admin_client.post(reverse("workbench:restock"), {"cart": chaka.pk, "cover_days": "90"})

    assert done.status_code == 302
    assert bad.status_code == 400 and "备货天数必须是 1 到 60 之间的整数。" in bad.content.decode()
    assert CartRestockTarget.objects.get(cart=chaka).cover_days == 14


@pytest.mark.django_db
def test_the_front_page_shows_the_plan(admin_client, history):
    page = admin_client.get(reverse("admin:index")).content.decode()

    assert 'href="/staff/restock/">补货建议</a>' in page
    assert "茶卡盐湖零售车：4 件" in page and "翡翠湖零售车：2 件" in page


QUERY = """
query($cart: String) {
  restockSuggestions(cart: $cart) {
    cartCode coverDays pieces
    suggestions { sku sold onHand piecesInTransit forecast quantity oneOfAKind }
  }
}
"""


def graphql(client, query, variables, token=None):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    response = client.post(
        "/graphql/",
        json.dumps({"query": query, "variables": variables}),
        content_type="application/json",
        **headers,
    )
    return response.json()


@pytest.mark.django_db
def test_the_plan_over_graphql(client, history, staff):
    result = graphql(client, QUERY, {"cart": "feicui"}, token_for(staff))
    refused = graphql(
        client, QUERY, {"cart": "feicui"}, token_for(factories.StaffFactory(is_superuser=False))
    )

    assert "errors" not in result
    assert result["data"]["restockSuggestions"] == [
        {
            "cartCode": "feicui",
            "coverDays": 3,
            "pieces": 2,
            "suggestions": [
                {
                    "sku": "MG05-BLU",
                    "sold": 28,
                    "onHand": 0,
                    "piecesInTransit": 0,
                    "forecast": 3.0,
                    "quantity": 2,
                    "oneOfAKind": False,
                }
            ],
        }
    ]
    assert refused["data"]["restockSuggestions"] is None
    assert [e["extensions"]["code"] for e in refused["errors"]] == ["PERMISSION_DENIED"]
