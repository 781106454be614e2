"""The matrix's queries that reach an artisan's money, payee, bank or phone through nested fields,
not at the root: each private type answers as it does at the root, however the query came to it.

The first row is the attack that was found: an artisan asking for her payout's run, and through it
for every payout of the run (every woman's amount, payee and bank). She gets her own payouts only.
"""

from tests.security.authorization_rules import (
    ALLOW,
    DENY,
    HIDDEN,
    OWN,
    PAYOUTS,
    PUBLIC,
    SEES_AGREEMENTS,
    SEES_ALL_PAYOUTS,
    SEES_PHONES,
    TOKEN_HOLDER,
    Case,
    artisan_x,
    cart_a,
    not_expected,
    row,
)
from tests.security.authorization_world import gid

PAYEES = {"urna": "乌仁娜", "chimeg": "其木格"}  # the world's payout profiles are in their own names


def _own_or_all(w, role) -> list[str]:
    """The artisan codes a role may see money of: her own, or everyone's."""
    own = w.own_artisan(role)
    if own is not None:
        return [own.code]
    assert role in SEES_ALL_PAYOUTS, role
    return ["chimeg", "urna"]


def _check_runs(data, w, role):
    # Each payout's run lists the payouts its reader may see: hers, or (finance) all of them.
    runs = [edge["node"]["run"]["payouts"] for edge in data["edges"]]
    assert runs and all(
        sorted(payout["artisan"]["code"] for payout in payouts) == _own_or_all(w, role) for payouts in runs
    ), data
    for payouts in runs:
        for payout in payouts:
            code = payout["artisan"]["code"]
            assert (payout["payeeName"], payout["amount"]["formatted"]) == (PAYEES[code], "¥140.00"), payout


def _check_payout_makers(data, w, role):
    phones = {edge["node"]["artisan"]["code"]: edge["node"]["artisan"]["phone"] for edge in data["edges"]}
    expected = {"urna": w.artisan_x.phone, "chimeg": w.artisan_y.phone}
    assert phones == {code: expected[code] for code in _own_or_all(w, role)}, data


def _phones(w, role) -> dict:
    """What each artisan's `phone` and `agreements` read as to a role: her own phone to herself, every
    phone to staff who may view artisans, the terms only to staff who may view agreements."""
    own = w.own_artisan(role)
    answers = {}
    for artisan in (w.artisan_x, w.artisan_y):
        phone = artisan.phone if role in SEES_PHONES or artisan == own else None
        agreements = [{"artisanBp": 7000}] if role in SEES_AGREEMENTS else None
        answers[artisan.code] = (phone, agreements)
    return answers


def _check_product_makers(data, w, role):
    makers = {
        variant["artisan"]["code"]: (variant["artisan"]["phone"], variant["artisan"]["agreements"])
        for edge in data["edges"]
        for variant in edge["node"]["variants"]
    }
    assert makers == _phones(w, role), data


def _check_artisan_list(data, w, role):
    listed = {
        edge["node"]["code"]: (edge["node"]["phone"], edge["node"]["agreements"])
        for edge in data["edges"]
        if edge["node"]["code"] in ("urna", "chimeg")
    }
    assert listed == _phones(w, role), data


def _check_statement(data, w, role):
    # X's March: one sale (her 70 % of 200.00), paid out by the run: 140.00 in transit.
    assert [line["share"]["amountFen"] for line in data["lines"]] == [14000, -14000], data
    assert data["balance"] == {"inTransit": {"amountFen": 14000}}, data
    assert (data["artisan"]["phone"], data["artisan"]["agreements"]) == _phones(w, role)["urna"], data


def _check_her_record(data, w, role):
    own = w.own_artisan(role)
    if own is None:
        assert data["artisan"] is None, data
        return
    # Her own phone; her terms are the staff's to read (as on her artisan record at the root).
    assert data["artisan"] == {"code": own.code, "phone": own.phone, "agreements": None}, data


def _check_cart_makers(data, w, role):
    phone = w.artisan_x.phone if role in SEES_PHONES else None
    assert [line["variant"]["artisan"] for line in data] == [{"code": "urna", "phone": phone}], data


NESTED_QUERIES = {
    "payouts(the whole run)": Case(
        "{ payouts(first: 10) { edges { node { run { payouts { artisan { code nameZh }"
        " amount { formatted } payeeName bankName status } } } } } }",
        PAYOUTS,
        check=_check_runs,
    ),
    "payouts(makers' phones)": Case(
        "{ payouts(first: 10) { edges { node { artisan { code phone } } } } }",
        PAYOUTS,
        check=_check_payout_makers,
    ),
    "artisanStatement(lines, balance, maker)": Case(
        'query($a: ID) { artisanStatement(artisan: $a, from: "2026-03-01", to: "2026-03-31") {'
        " artisan { phone agreements { artisanBp } } lines { share { amountFen } }"
        " balance { inTransit { amountFen } } } }",
        artisan_x(finance=ALLOW),
        lambda w, role: {"a": gid("Artisan", w.artisan_x)},
        _check_statement,
    ),
    "products(makers' phones and terms)": Case(
        "{ products(first: 10) { edges { node { variants { artisan { code phone"
        " agreements { artisanBp } } } } } } }",
        PUBLIC,
        check=_check_product_makers,
    ),
    "artisans(phones and terms)": Case(
        "{ artisans(first: 10) { edges { node { code phone agreements { artisanBp } } } } }",
        PUBLIC,
        check=_check_artisan_list,
    ),
    "me(her record)": Case(
        "{ me { artisan { code phone agreements { artisanBp } } } }",
        row(HIDDEN, HIDDEN, *[OWN] * 5, manager=OWN, stock_clerk=OWN, finance=OWN, staff_no_perms=OWN),
        check=_check_her_record,
    ),
    "cartStock(makers' phones)": Case(
        '{ cartStock(cart: "chaka") { variant { artisan { code phone } } } }',
        cart_a(manager=ALLOW, stock_clerk=ALLOW, finance=DENY),
        check=_check_cart_makers,
    ),
    "order(token, makers' phones)": Case(
        "query($t: UUID) { order(token: $t) { lines { variant { artisan { code phone } } } } }",
        TOKEN_HOLDER,
        lambda w, role: {"t": w.order["token"] if role == "tourist" else w.held_checkout_token(role)},
        lambda data, w, role: (
            data["lines"] == [{"variant": {"artisan": {"code": "urna", "phone": None}}}] or not_expected(data)
        ),
    ),
}
