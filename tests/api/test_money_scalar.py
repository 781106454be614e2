"""Fen, the type of every amount in the API: sums past 2³¹ fen (¥21,474,836.48) and far past 2⁴⁰ are
answered exactly; an amount sent in is a whole number no larger than one sale can be."""

import datetime
import json

import pytest

from api.core.scalars import FEN_EXACT_LIMIT, Fen
from catalog.models import Product, Variant
from tests.api.conftest import gid
from tests.api.ledger_helpers import MONEY, at, money, sell, with_agreement
from tests.api.test_product_create import PRODUCT_CREATE, product_input

# Ten times 2⁴⁰ fen (about ¥110 billion), in one cart sale: 70/10/20 split without remainders.
PAID = 10 * 2**40
ARTISAN, OPERATOR, PROGRAMME = 7 * 2**40, 2**40, 2 * 2**40
# And a second, odd one: its split has remainders to place.
ODD_PAID = 2**41 + 3


@pytest.fixture
def fortune(artisan, product, cart, operator, time_machine):
    time_machine.move_to(datetime.datetime(2026, 4, 1, 12, tzinfo=datetime.UTC))
    with_agreement(artisan)
    sell(artisan, product, cart, operator, "C/BIG", PAID, at(3, 1))
    return artisan


def test_the_trial_balance_answers_totals_past_2_to_the_40_exactly(gql, staff_token, fortune):
    query = f"""{{ ledgerTrialBalance {{
        rows {{ kind balance {{ amountFen }} }} total {MONEY} debit {MONEY} credit {MONEY}
    }} }}"""

    result = gql(query, token=staff_token)

    assert "errors" not in result
    trial = result["data"]["ledgerTrialBalance"]
    assert {row["kind"]: row["balance"]["amountFen"] for row in trial["rows"]} == {
        "ARTISAN_PAYABLE": -ARTISAN,
        "OPERATOR_COMMISSION": -OPERATOR,
        "PROGRAMME_FUND": -PROGRAMME,
        "CART_CASH": PAID,
        "STRIPE_CLEARING": 0,
        "PAYOUTS_IN_TRANSIT": 0,
        "BANK": 0,
        "OFFICE_CASH": 0,
    }
    assert trial["debit"] == trial["credit"] == money(PAID)
    assert trial["debit"]["formatted"] == "¥109,951,162,777.60"
    assert trial["total"] == money(0)


def test_the_raw_json_holds_the_integer_as_it_is(client, staff_token, fortune):
    # A JavaScript reader (the tablet) parses numbers as doubles: exact up to 2⁵³ − 1.
    response = client.post(
        "/graphql/",
        data=json.dumps({"query": "{ ledgerTrialBalance { debit { amountFen } } }"}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {staff_token}",
    )

    assert response.content == b'{"data":{"ledgerTrialBalance":{"debit":{"amountFen":10995116277760}}}}'


def test_her_balance_and_statement_answer_such_sums_too(gql, artisan_token, fortune, product, cart, operator):
    sell(fortune, product, cart, operator, "C/ODD", ODD_PAID, at(3, 2))
    # 70/10/20 of 2⁴¹ + 3: 1539316278888.5 to her and 219902325555.5 to the operator; the one fen
    # left goes to her (the largest-remainder rule breaks the tie by the order of the parts).
    odd_share = 1_539_316_278_889
    balance = gql(f"{{ artisanBalance {{ pending {MONEY} available {MONEY} }} }}", token=artisan_token)
    statement = gql(
        '{ artisanStatement(from: "2026-03-01", to: "2026-03-31") '
        "{ sales { amountFen } closing { amountFen } lines { share { amountFen } } } }",
        token=artisan_token,
    )

    assert balance["data"]["artisanBalance"] == {"pending": money(0), "available": money(ARTISAN + odd_share)}
    assert statement["data"]["artisanStatement"] == {
        "sales": {"amountFen": ARTISAN + odd_share},
        "closing": {"amountFen": ARTISAN + odd_share},
        "lines": [{"share": {"amountFen": ARTISAN}}, {"share": {"amountFen": odd_share}}],
    }


@pytest.mark.parametrize(
    ("price", "message"),
    [
        (2**31, "2147483648 fen is beyond what one sale, line or cash count can be"),
        (2**53, "9007199254740992 fen is beyond what one sale, line or cash count can be"),
        (-(2**31), "-2147483648 fen is beyond what one sale, line or cash count can be"),
        (12.5, "Fen is a whole number of fen (1/100 yuan), not 12.5."),
        ("38800", "Fen is a whole number of fen (1/100 yuan), not '38800'."),
        (True, "Fen is a whole number of fen (1/100 yuan), not True."),
    ],
)
def test_an_amount_beyond_one_sale_or_not_whole_is_refused_by_the_schema(
    gql, staff_token, category, artisan, price, message
):
    variants = [{"sku": "BIG", "priceFen": price, "artisan": gid("Artisan", artisan)}]

    result = gql(
        PRODUCT_CREATE, {"input": product_input(category, artisan, variants=variants)}, token=staff_token
    )

    assert result.status == 400
    [error] = result["errors"]
    assert error["message"].startswith("Variable '$input' got invalid value")
    assert message in error["message"]
    assert Product.objects.count() == 0 and Variant.objects.count() == 0


def test_the_bound_itself_is_accepted_and_a_literal_beyond_it_refused(gql, staff_token, category, artisan):
    variants = [{"sku": "TOP", "priceFen": 2**31 - 1, "artisan": gid("Artisan", artisan)}]
    category_id, artisan_id = gid("Category", category), gid("Artisan", artisan)
    literal = f"""mutation {{ productCreate(input: {{slug: "x", nameZh: "x", nameEn: "x",
        category: "{category_id}", variants: [{{sku: "X", priceFen: 2147483648, artisan: "{artisan_id}"}}]}})
        {{ errors {{ code }} }} }}"""

    accepted = gql(
        PRODUCT_CREATE, {"input": product_input(category, artisan, variants=variants)}, token=staff_token
    )
    refused = gql(literal, token=staff_token)

    assert accepted["data"]["productCreate"]["product"]["variants"] == [
        {"sku": "TOP", "nameEn": "", "price": {"amountFen": 2**31 - 1}, "artisan": {"code": "urna"}}
    ]
    assert refused.status == 400
    assert refused["errors"][0]["message"] == (
        "Expected value of type 'Fen!', found 2147483648; 2147483648 fen is beyond what one sale, line or "
        "cash count can be (at most 2147483647 fen, ¥21,474,836.47)."
    )
    assert Product.objects.count() == 1


def test_an_amount_no_json_reader_keeps_exact_is_refused_not_rounded():
    assert Fen.serialize(FEN_EXACT_LIMIT) == 9_007_199_254_740_991
    assert Fen.serialize(-FEN_EXACT_LIMIT) == -9_007_199_254_740_991
    with pytest.raises(Exception, match="Fen cannot represent 9007199254740992 exactly in JSON."):
        Fen.serialize(FEN_EXACT_LIMIT + 1)
