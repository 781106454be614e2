"""The authorization matrix of the GraphQL API: every query and mutation, times every role (the
queries here, the same queries reaching private types through nested fields in
authorization_nested.py, the mutations in authorization_mutations.py, the pages in
authorization_pages.py).

Read a row left to right: what each caller gets when she sends that operation (the arguments are the
world's, tests/security/authorization_world.py). The staff roles come last, by name: "staff" is a
superuser; the manager, the stock clerk and finance hold their groups' permissions (api/roles.py);
staff_no_perms is a staff member in no group. A new operation without a row fails
test_every_operation_has_a_rule; a row whose operation is gone fails too.

    ALLOW   answered with data and no error
    OWN     answered with data, and the data is her own (her cart, her artisan record, her basket)
    DENY    refused: PERMISSION_DENIED (a GraphQL error for a query, the typed error for a mutation)
    HIDDEN  nothing: null, or NOT_FOUND - the object is not revealed to one who does not hold its key
    REJECTED  (posSyncSales) her batch is taken, but each sale in it is refused, and nothing of the
            other cart's sale comes back

A case's `check` runs on every ALLOW and OWN answer: that is where "her own" is proved.
"""

from collections.abc import Callable
from dataclasses import dataclass

from tests.security.authorization_world import ROLES, STAFF_MEMBERS, TOURIST_EMAIL, gid

ALLOW, OWN, DENY, HIDDEN, REJECTED = "ALLOW", "OWN", "DENY", "HIDDEN", "REJECTED"


def row(
    anonymous,
    tourist,
    operator_a,
    operator_b,
    artisan_x,
    artisan_y,
    staff,
    *,
    manager,
    stock_clerk,
    finance,
    staff_no_perms,
) -> dict:
    answers = (anonymous, tourist, operator_a, operator_b, artisan_x, artisan_y, staff)
    answers += (manager, stock_clerk, finance, staff_no_perms)
    return dict(zip(ROLES, answers, strict=True))


def staff_only(*, manager, stock_clerk, finance) -> dict:
    """Refused to all but the superuser and the staff roles given ALLOW (never to a staff member
    without permissions)."""
    return row(
        *[DENY] * 6, ALLOW, manager=manager, stock_clerk=stock_clerk, finance=finance, staff_no_perms=DENY
    )


def cart_a(*, manager, stock_clerk, finance) -> dict:
    """About cart A (or its location, shift, transfer): its operator, the superuser and the staff
    roles given ALLOW; operator B is refused."""
    return row(
        DENY,
        DENY,
        OWN,
        *[DENY] * 3,
        ALLOW,
        manager=manager,
        stock_clerk=stock_clerk,
        finance=finance,
        staff_no_perms=DENY,
    )


def artisan_x(*, finance) -> dict:
    """About artisan X's money: herself, the superuser and, with the ledger's permissions, finance;
    artisan Y and the other staff roles are refused."""
    return row(
        *[DENY] * 4, OWN, DENY, ALLOW, manager=DENY, stock_clerk=DENY, finance=finance, staff_no_perms=DENY
    )


PUBLIC = row(*[ALLOW] * 7, manager=ALLOW, stock_clerk=ALLOW, finance=ALLOW, staff_no_perms=ALLOW)


# Unpublished products and inactive artisans: staff who may view them see them; to everyone else
# they do not exist.
def staff_see_drafts(*, manager, stock_clerk, finance) -> dict:
    return row(
        *[HIDDEN] * 6, ALLOW, manager=manager, stock_clerk=stock_clerk, finance=finance, staff_no_perms=HIDDEN
    )


# About cart A, at the tablet: its own operator only (staff do not sell or open shifts).
CART_A_OPERATOR_ONLY = row(
    DENY, DENY, OWN, *[DENY] * 4, manager=DENY, stock_clerk=DENY, finance=DENY, staff_no_perms=DENY
)
# Operator B, at her own cart, naming something of cart A's: refused sale by sale.
CART_B_NAMING_CART_A = row(
    DENY, DENY, DENY, REJECTED, *[DENY] * 3, manager=DENY, stock_clerk=DENY, finance=DENY, staff_no_perms=DENY
)
# A checkout by token: the tourist holds her basket's; anyone else can only guess one.
TOKEN_HOLDER = row(
    HIDDEN, OWN, *[HIDDEN] * 5, manager=HIDDEN, stock_clerk=HIDDEN, finance=HIDDEN, staff_no_perms=HIDDEN
)
# Payouts: her own to each artisan, all of them to the superuser and finance.
PAYOUTS = row(
    *[DENY] * 4, OWN, OWN, ALLOW, manager=DENY, stock_clerk=DENY, finance=ALLOW, staff_no_perms=DENY
)
# The roles whose permissions include what the checks below look for.
SEES_PHONES = ("staff", "manager", "stock_clerk", "finance")  # artisans.view_artisan
SEES_AGREEMENTS = ("staff", "manager", "finance")  # artisans.view_agreement
SEES_DRAFTS = ("staff", "manager", "stock_clerk")  # catalog.view_product
SEES_ALL_LOCATIONS = ("staff", "manager", "stock_clerk")  # inventory.view_location
SEES_ALL_PAYOUTS = ("staff", "finance")  # ledger.view_payout


@dataclass(frozen=True)
class Case:
    document: str
    expect: dict
    variables: Callable = lambda w, role: {}  # noqa: E731
    check: Callable | None = None  # (the operation's answer, world, role) -> None, asserting


def skus(items) -> list[str]:
    return sorted(item["variant"]["sku"] if "variant" in item else item["sku"] for item in items)


def _check_me(data, w, role):
    if role in ("anonymous", "tourist"):
        assert data is None
        return
    usernames = {"operator_a": "op-a", "operator_b": "op-b", **STAFF_MEMBERS}
    own = w.own_artisan(role)
    assert data["username"] == (usernames.get(role) or own.user.username)
    assert (data["artisan"] or {}).get("code") == (own.code if own else None)


def _check_artisan_phone(data, w, role):
    # Her phone number is hers and the staff's who may view artisans, her agreement theirs who may
    # view agreements; the public see neither.
    assert data["code"] == "urna"
    assert data["phone"] == (w.artisan_x.phone if role in ("artisan_x", *SEES_PHONES) else None)
    assert data["agreements"] == ([{"artisanBp": 7000}] if role in SEES_AGREEMENTS else None)


def _check_cart_a_stock(data, w, role):
    assert skus(data) == ["YAK-X"] and {line["location"]["code"] for line in data} == {w.cart_a.location.code}


def _check_locations(data, w, role):
    codes = sorted(edge["node"]["code"] for edge in data["edges"])
    cart = w.own_cart(role)
    assert role in SEES_ALL_LOCATIONS or cart is not None
    assert codes == (
        [cart.location.code] if cart else sorted(["base", w.cart_a.location.code, w.cart_b.location.code])
    )


def _check_payouts(data, w, role):
    codes = sorted(edge["node"]["artisan"]["code"] for edge in data["edges"])
    own = w.own_artisan(role)
    assert own is not None or role in SEES_ALL_PAYOUTS
    assert codes == ([own.code] if own else ["chimeg", "urna"])


def _check_balance_x(data, w, role):
    # X sold one piece at 200.00 (70 %) and the run paid it out: 140.00 in transit to her.
    assert data["inTransit"]["amountFen"] == 14000


def not_expected(data):
    raise AssertionError(f"not the data expected: {data!r}")


QUERIES = {
    "posSalesReview": Case(
        "{ posSalesReview(first: 10) { totalCount edges { node { receiptNumber reasons } } } }",
        staff_only(manager=DENY, stock_clerk=DENY, finance=ALLOW),
        check=lambda data, w, role: data["totalCount"] >= 1 or not_expected(data),
    ),
    "me": Case(
        "{ me { username artisan { code } } }",
        row(HIDDEN, HIDDEN, *[OWN] * 5, manager=OWN, stock_clerk=OWN, finance=OWN, staff_no_perms=OWN),
        check=_check_me,
    ),
    "artisans": Case("{ artisans(first: 10) { edges { node { code } } } }", PUBLIC),
    "artisan": Case(
        '{ artisan(code: "urna") { code phone agreements { artisanBp } } }',
        PUBLIC,
        check=_check_artisan_phone,
    ),
    "artisan(left the programme)": Case(
        '{ artisan(code: "retired") { code } }',
        staff_see_drafts(manager=ALLOW, stock_clerk=ALLOW, finance=ALLOW),
    ),
    "categories": Case("{ categories(first: 10) { edges { node { slug } } } }", PUBLIC),
    "products": Case(
        "{ products(first: 10) { edges { node { slug } } } }",
        PUBLIC,
        check=lambda data, w, role: (
            sorted(e["node"]["slug"] for e in data["edges"])
            == (["draft-robe", "felt-yak", "purse"] if role in SEES_DRAFTS else ["felt-yak", "purse"])
            or not_expected(data)
        ),
    ),
    "product": Case('{ product(slug: "felt-yak") { slug variants { sku } } }', PUBLIC),
    "product(draft)": Case(
        '{ product(slug: "draft-robe") { slug } }',
        staff_see_drafts(manager=ALLOW, stock_clerk=ALLOW, finance=HIDDEN),
    ),
    "product(stock by location)": Case(
        '{ product(slug: "felt-yak") { variants { sku stocks { location { code } quantity } } } }',
        staff_only(manager=ALLOW, stock_clerk=ALLOW, finance=DENY),
    ),
    "checkout": Case(
        "query($t: UUID!) { checkout(token: $t) { token email lines { variant { sku } } } }",
        TOKEN_HOLDER,
        lambda w, role: {"t": w.held_checkout_token(role)},
        lambda data, w, role: skus(data["lines"]) == ["PURSE-Y"] or not_expected(data),
    ),
    "shippingRegions": Case("{ shippingRegions { code } }", PUBLIC),
    "pickupCarts": Case("{ pickupCarts { code } }", PUBLIC),
    "order(token)": Case(
        "query($t: UUID) { order(token: $t) { number email } }",
        TOKEN_HOLDER,
        lambda w, role: {"t": w.order["token"] if role == "tourist" else w.held_checkout_token(role)},
        lambda data, w, role: (
            data == {"number": w.order["number"], "email": TOURIST_EMAIL} or not_expected(data)
        ),
    ),
    "order(id)": Case(
        "query($id: ID) { order(id: $id) { number } }",
        staff_only(manager=ALLOW, stock_clerk=DENY, finance=ALLOW),
        lambda w, role: {"id": w.order["id"]},
        lambda data, w, role: data["number"] == w.order["number"] or not_expected(data),
    ),
    "orders": Case(
        "{ orders(first: 10, filter: {channel: ONLINE}, sortBy: {field: NUMBER, direction: ASC})"
        " { totalCount edges { node { number } } } }",
        staff_only(manager=ALLOW, stock_clerk=DENY, finance=ALLOW),
        check=lambda data, w, role: (
            [e["node"]["number"] for e in data["edges"]]
            == sorted([w.order["number"], w.pickup_order["number"]])  # the world's online orders
            or not_expected(data)
        ),
    ),
    "salesReport": Case(
        '{ salesReport(groupBy: CART, period: {gte: "2026-01-01", lte: "2026-12-31"})'
        " { rows { code orders } paid { amountFen } } }",
        staff_only(manager=ALLOW, stock_clerk=DENY, finance=ALLOW),
    ),
    "locations": Case(
        "{ locations(first: 10) { edges { node { code } } } }",
        row(
            DENY,
            DENY,
            OWN,
            OWN,
            DENY,
            DENY,
            ALLOW,
            manager=ALLOW,
            stock_clerk=ALLOW,
            finance=DENY,
            staff_no_perms=DENY,
        ),
        check=_check_locations,
    ),
    "location": Case(
        "query($code: String) { location(code: $code) { code"
        " stocks(first: 10) { edges { node { variant { sku } } } } } }",
        cart_a(manager=ALLOW, stock_clerk=ALLOW, finance=DENY),
        lambda w, role: {"code": w.cart_a.location.code},
        lambda data, w, role: (
            [e["node"]["variant"]["sku"] for e in data["stocks"]["edges"]] == ["YAK-X"] or not_expected(data)
        ),
    ),
    "location(base)": Case(
        "query($id: ID) { location(id: $id) { code } }",
        staff_only(manager=ALLOW, stock_clerk=ALLOW, finance=DENY),
        lambda w, role: {"id": gid("Location", w.base)},
    ),
    "posCatalog": Case(
        '{ posCatalog(cart: "chaka") { version items { sku quantity } } }',
        cart_a(manager=ALLOW, stock_clerk=ALLOW, finance=DENY),
        # The whole catalogue, with what cart A holds of each piece (3 of X's yaks: 4 came, 1 sold).
        check=lambda data, w, role: (
            {i["sku"]: i["quantity"] for i in data["items"]} == {"YAK-X": 3, "PURSE-Y": 0}
            or not_expected(data)
        ),
    ),
    "posPickups": Case(
        '{ posPickups(cart: "chaka") { number pieces { sku quantity } } }',
        cart_a(manager=ALLOW, stock_clerk=DENY, finance=ALLOW),
        check=lambda data, w, role: (
            data == [{"number": w.pickup_order["number"], "pieces": [{"sku": "YAK-X", "quantity": 1}]}]
            or not_expected(data)
        ),
    ),
    "cartStock": Case(
        '{ cartStock(cart: "chaka") { quantity variant { sku } location { code } } }',
        cart_a(manager=ALLOW, stock_clerk=ALLOW, finance=DENY),
        check=_check_cart_a_stock,
    ),
    "currentShift": Case(
        '{ currentShift(cart: "chaka", deviceId: "TAB-A") { id cart { code } } }',
        cart_a(manager=ALLOW, stock_clerk=DENY, finance=ALLOW),
        check=lambda data, w, role: (
            data == {"id": gid("Shift", w.shift_a), "cart": {"code": "chaka"}} or not_expected(data)
        ),
    ),
    "shift": Case(
        "query($id: ID!) { shift(id: $id) { cart { code } zReport { salesCount openingCashFen } } }",
        cart_a(manager=ALLOW, stock_clerk=DENY, finance=ALLOW),
        lambda w, role: {"id": gid("Shift", w.shift_a)},
        lambda data, w, role: (
            data == {"cart": {"code": "chaka"}, "zReport": {"salesCount": 1, "openingCashFen": 50000}}
            or not_expected(data)
        ),
    ),
    "incomingTransfers": Case(
        '{ incomingTransfers(cart: "chaka") { id destination { code } } }',
        cart_a(manager=ALLOW, stock_clerk=ALLOW, finance=DENY),
        check=lambda data, w, role: (
            [t["id"] for t in data] == [gid("Transfer", w.incoming_a)] or not_expected(data)
        ),
    ),
    # The restock's source is the base: its stock is not cart A's operator's to read.
    "incomingTransfers(source's stock)": Case(
        '{ incomingTransfers(cart: "chaka") { source { code'
        " stocks(first: 10) { edges { node { quantity } } } } } }",
        staff_only(manager=ALLOW, stock_clerk=ALLOW, finance=DENY),
    ),
    "artisanBalance": Case(
        "query($a: ID) { artisanBalance(artisan: $a) { inTransit { amountFen } } }",
        artisan_x(finance=ALLOW),
        lambda w, role: {"a": gid("Artisan", w.artisan_x)},
        _check_balance_x,
    ),
    "artisanStatement": Case(
        'query($a: ID) { artisanStatement(artisan: $a, from: "2026-03-01", to: "2026-03-31")'
        " { artisan { code } sales { amountFen } } }",
        artisan_x(finance=ALLOW),
        lambda w, role: {"a": gid("Artisan", w.artisan_x)},
        lambda data, w, role: (
            data == {"artisan": {"code": "urna"}, "sales": {"amountFen": 14000}} or not_expected(data)
        ),
    ),
    "payouts": Case(
        "{ payouts(first: 10) { edges { node { artisan { code } } } } }",
        PAYOUTS,
        check=_check_payouts,
    ),
    "payouts(of X)": Case(
        "query($a: ID) { payouts(first: 10, filter: {artisan: $a}) { edges { node { artisan { code } } } } }",
        artisan_x(finance=ALLOW),
        lambda w, role: {"a": gid("Artisan", w.artisan_x)},
        lambda data, w, role: (
            [e["node"]["artisan"]["code"] for e in data["edges"]] == ["urna"] or not_expected(data)
        ),
    ),
    "ledgerTrialBalance": Case(
        "{ ledgerTrialBalance { total { amountFen } } }",
        staff_only(manager=DENY, stock_clerk=DENY, finance=ALLOW),
    ),
    "restockSuggestions": Case(
        "{ restockSuggestions { cartCode pieces suggestions { sku quantity } } }",
        staff_only(manager=DENY, stock_clerk=ALLOW, finance=DENY),
    ),  # Every active staff member reads it; each block only with the permission its admin block needs.
    "staffHome": Case(
        "{ staffHome { today sales { cartCode } payoutsPending { pendingCount } lowStock { cartCode } } }",
        row(*[DENY] * 6, ALLOW, manager=ALLOW, stock_clerk=ALLOW, finance=ALLOW, staff_no_perms=ALLOW),
        check=lambda data, w, role: _staff_home_blocks(data, role),
    ),
}


def _staff_home_blocks(data, role) -> bool:
    """Which blocks each staff role is given: sales to whoever reads orders, payouts to finance (and
    whoever may view payouts), low stock to whoever reads stock levels; none to one in no group."""
    given = {block for block in ("sales", "payoutsPending", "lowStock") if data[block] is not None}
    expected = {
        "staff": {"sales", "payoutsPending", "lowStock"},
        "staff_no_perms": set(),
    }
    return role not in expected or given == expected[role] or not_expected(data)
