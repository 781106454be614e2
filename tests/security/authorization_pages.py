"""The authorization matrix of the pages: every URL pattern (Django's resolver, walked through its
includes), times every role. The Django admin counts as one pattern here; test_authorization_matrix
walks its index and each registered model's changelist, add and change pages separately.

    OK           200
    OWN          200, and the page shows her own data and not the other's
    LOGIN        302 to the artisan portal's sign-in (/me/login/)
    ADMIN_LOGIN  302 to the admin's sign-in (/admin/login/?next=...)
    FORBIDDEN    403 (signed in, but not staff)
    NOT_FOUND    404 (the caller does not hold the object's key)
    TO(url)      302 to url (e.g. the basket, for a checkout page without a basket)
    STATUS(n)    any other exact status: 400 for an unsigned webhook, 405 for a wrong method
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.test import RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.security.authorization_world import ROLES

ADMIN_ROLES = ROLES


@dataclass(frozen=True)
class Expect:
    status: int
    location: str = ""  # where a redirect must go (its start)
    own: bool = False


OK, OWN = Expect(200), Expect(200, own=True)
LOGIN = Expect(302, "/me/login/")
ADMIN_LOGIN = Expect(302, "/admin/login/?next=")
FORBIDDEN, NOT_FOUND = Expect(403), Expect(404)


def TO(url: str) -> Expect:  # noqa: N802 (reads as a table cell)
    return Expect(302, url)


def STATUS(code: int) -> Expect:  # noqa: N802
    return Expect(code)


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


def every(expect: Expect) -> dict:
    return dict.fromkeys(ROLES, expect)


# The artisan portal: hers alone; anyone else (staff and operators too) is sent to its sign-in.
PORTAL = {**every(LOGIN), "artisan_x": OWN, "artisan_y": OWN}
# Staff reports of sales (orders.view_order): a stranger to the admin's sign-in, a signed-in user
# without the permission refused.
REPORTS = row(
    ADMIN_LOGIN,
    ADMIN_LOGIN,
    *[FORBIDDEN] * 4,
    OK,
    manager=OK,
    stock_clerk=FORBIDDEN,
    finance=OK,
    staff_no_perms=FORBIDDEN,
)
# The new-piece screen (catalog.add_product and inventory.add_intake): no role holds both, only the
# office's administrator.
NEW_PIECE = {**REPORTS, "manager": FORBIDDEN, "finance": FORBIDDEN}
# The restock plan (inventory.add_transfer): the administrator and the stock clerk.
RESTOCK = {**REPORTS, "manager": FORBIDDEN, "finance": FORBIDDEN, "stock_clerk": OK}
# The trial balance (ledger.view_account): the superuser and finance.
BOOKS = {**REPORTS, "manager": FORBIDDEN}
# staff_member_required: anyone not staff to the admin's sign-in (the codes point at public pages).
STAFF_QR = {
    **every(ADMIN_LOGIN),
    **dict.fromkeys(("staff", "manager", "stock_clerk", "finance", "staff_no_perms"), OK),
}
# Pages about the tourist's own basket or order: hers; others have none (or hold no token).
BASKET_ONLY = {**every(TO("/basket/")), "tourist": OWN}
ORDER_TOKEN = {**every(NOT_FOUND), "tourist": OWN}
# The admin's index: every staff member (one without permissions sees nothing in it).
ADMIN_INDEX = {
    **every(ADMIN_LOGIN),
    **dict.fromkeys(("staff", "manager", "stock_clerk", "finance", "staff_no_perms"), OK),
}


@dataclass(frozen=True)
class Page:
    url: Callable  # (world, role) -> the address asked for
    expect: dict
    method: str = "get"
    data: Callable = lambda w, role: {}  # noqa: E731
    own: Callable | None = None  # (response, world, role) -> None, asserting her own data shows
    others: Callable | None = None  # (response, world, role) -> None, for an OK: nobody's private data shows

    def check(self, client, world, role) -> None:
        response = getattr(client, self.method)(self.url(world, role), self.data(world, role))
        expected = self.expect[role]
        assert response.status_code == expected.status, (role, response.status_code, response.get("Location"))
        if expected.location:
            assert response["Location"].startswith(expected.location), response["Location"]
        if expected.own and self.own is not None:
            self.own(response, world, role)
        if expected.status == 200 and not expected.own and self.others is not None:
            self.others(response, world, role)


def _text(response) -> str:
    return response.content.decode(errors="replace")


def _her_name_only(response, w, role):
    text = _text(response)
    mine, theirs = (w.artisan_x, w.artisan_y) if role == "artisan_x" else (w.artisan_y, w.artisan_x)
    assert mine.name_zh in text and theirs.name_zh not in text


def _her_pieces_only(response, w, role):
    text = _text(response)
    # Each product is named for its maker ("乌仁娜的作品"): hers show, the other's do not.
    mine, theirs = (w.artisan_x, w.artisan_y) if role == "artisan_x" else (w.artisan_y, w.artisan_x)
    assert f"{mine.name_zh}的作品" in text and f"{theirs.name_zh}的作品" not in text


def _statement_pdf(response, w, role):
    # A PDF (its text is compressed): the file is named for her.
    assert response.content.startswith(b"%PDF")
    assert f'filename="statement-{w.own_artisan(role).code}-2026-03.pdf"' in response["Content-Disposition"]


def _fixed(url):
    return lambda w, role: url


def _basket_shows_hers(response, w, role):
    assert w.variant_y.product.name_zh in _text(response)


def _no_basket(response, w, role):
    # Her basket holds 其木格's purse: another caller's basket page is empty.
    assert w.variant_y.product.name_zh not in _text(response)


def _order_token(w, role):
    return w.order["token"] if role == "tourist" else "00000000-0000-0000-0000-00000000c0de"


def _order_shows_hers(response, w, role):
    assert w.order["number"] in _text(response)


def _receipt(response, w, role):
    # The receipt's UUID is its key (printed as a QR for the buyer): whoever holds it reads that one sale.
    text = _text(response)
    assert "CHAKA-" in text and "FEICUI-" not in text


PAGES = {
    "graphql/": Page(_fixed("/graphql/"), every(STATUS(400))),
    "i18n/setlang/": Page(
        _fixed("/i18n/setlang/"), every(TO("/")), "post", lambda w, r: {"language": "en", "next": "/"}
    ),
    "healthz/": Page(_fixed("/healthz/"), every(OK)),
    "favicon.ico": Page(_fixed("/favicon.ico"), every(TO("/static/favicon.ico"))),
    "admin/": Page(_fixed("/admin/"), ADMIN_INDEX),
    "me/": Page(_fixed("/me/"), PORTAL, own=_her_name_only),
    "me/login/": Page(_fixed("/me/login/"), {**every(OK), "artisan_x": TO("/me/"), "artisan_y": TO("/me/")}),
    "me/link/<str:token>/": Page(_fixed("/me/link/not-a-real-link/"), every(NOT_FOUND)),
    "me/logout/": Page(_fixed("/me/logout/"), every(TO("/me/login/")), "post"),
    "me/pieces/": Page(_fixed("/me/pieces/"), PORTAL, own=_her_pieces_only),
    "me/sales/": Page(_fixed("/me/sales/"), PORTAL, own=_her_pieces_only),
    "me/payouts/": Page(_fixed("/me/payouts/"), PORTAL, own=_her_name_only),
    "me/statements/": Page(_fixed("/me/statements/?month=2026-03"), PORTAL, own=_her_name_only),
    "me/statements/pdf/": Page(_fixed("/me/statements/pdf/?month=2026-03"), PORTAL, own=_statement_pdf),
    "payments/stripe/webhook/": Page(_fixed("/payments/stripe/webhook/"), every(STATUS(400)), "post"),
    # Signed by the wallets, not by a session; not configured in this world, so not there at all.
    # WeChat Pay is configured in the world (the tablet's QR code): an unsigned POST is refused as a bad
    # signature, whoever sends it; Alipay is not configured there, so its endpoint is not found.
    "payments/wechat-pay/notify/": Page(_fixed("/payments/wechat-pay/notify/"), every(STATUS(401)), "post"),
    "payments/alipay/notify/": Page(_fixed("/payments/alipay/notify/"), every(NOT_FOUND), "post"),
    "staff/reports/": Page(_fixed("/staff/reports/"), REPORTS),
    "staff/reports/sales/": Page(_fixed("/staff/reports/sales/"), REPORTS),
    "staff/reports/artisans/": Page(_fixed("/staff/reports/artisans/"), REPORTS),
    "staff/reports/categories/": Page(_fixed("/staff/reports/categories/"), REPORTS),
    "staff/reports/weekly/": Page(_fixed("/staff/reports/weekly/"), REPORTS),
    "staff/reports/trial-balance/": Page(_fixed("/staff/reports/trial-balance/"), BOOKS),
    "pos/": Page(_fixed("/pos/"), every(OK)),
    "pos/sw.js": Page(_fixed("/pos/sw.js"), every(OK)),
    "pos/manifest.webmanifest": Page(_fixed("/pos/manifest.webmanifest"), every(OK)),
    "r/<uuid:client_uuid>/": Page(lambda w, role: f"/r/{w.receipt_a}/", every(OWN), own=_receipt),
    "": Page(_fixed("/"), every(OK)),
    "products/": Page(_fixed("/products/"), every(OK)),
    "category/<slug:slug>/": Page(_fixed("/category/felt/"), every(OK)),
    "search/": Page(_fixed("/search/?q=yak"), every(OK)),
    "makers/": Page(_fixed("/makers/"), every(OK)),
    "makers/<slug:code>/": Page(_fixed("/makers/urna/"), every(OK)),
    "p/<slug:slug>/": Page(_fixed("/p/felt-yak/"), every(OK)),
    # Felt yak is in stock: anyone asking to hear when it is back is sent to buy it.
    "p/<slug:slug>/notify/": Page(
        _fixed("/p/felt-yak/notify/"),
        every(TO("/p/felt-yak/")),
        "post",
        lambda w, r: {"variant": w.variant_x.pk, "phone": "13800000009"},
    ),
    # An unsubscribe link opens only the request it names; this world has none.
    "notify/<uuid:token>/": Page(_fixed("/notify/00000000-0000-0000-0000-00000000c0de/"), every(NOT_FOUND)),
    "c/<slug:code>/": Page(_fixed("/c/chaka/"), every(OK)),
    "go/<slug:code>/": Page(_fixed("/go/douyin-chaka/"), every(TO("/c/chaka/"))),
    "basket/": Page(
        _fixed("/basket/"), {**every(OK), "tourist": OWN}, own=_basket_shows_hers, others=_no_basket
    ),
    "basket/add/": Page(
        _fixed("/basket/add/"),
        every(TO("/basket/")),
        "post",
        lambda w, r: {"variant": w.variant_x.pk, "quantity": 1},
    ),
    "basket/update/": Page(
        _fixed("/basket/update/"),
        every(TO("/basket/")),
        "post",
        lambda w, r: {"variant": w.variant_y.pk, "quantity": 0},
    ),
    "checkout/": Page(_fixed("/checkout/"), BASKET_ONLY, own=_basket_shows_hers),
    # Her basket has no delivery chosen yet: the payment step sends her back to the checkout form.
    "checkout/pay/": Page(_fixed("/checkout/pay/"), {**BASKET_ONLY, "tourist": TO("/checkout/")}),
    "checkout/pay/test-card/": Page(_fixed("/checkout/pay/test-card/"), every(TO("/basket/")), "post"),
    # Only her own checkout waiting for its payment (this world's tourist has not reached payment).
    "checkout/pay/with/": Page(_fixed("/checkout/pay/with/"), every(TO("/basket/")), "post"),
    "checkout/return/": Page(_fixed("/checkout/return/"), {**BASKET_ONLY, "tourist": TO("/checkout/pay/")}),
    # WeChat's answer to the official account's authorization: only to the request her session made.
    "checkout/wechat/openid/": Page(
        _fixed("/checkout/wechat/openid/?code=c0de&state=forged"), every(TO("/basket/"))
    ),
    "checkout/done/<uuid:token>/": Page(
        lambda w, role: f"/checkout/done/{_order_token(w, role)}/", ORDER_TOKEN, own=_order_shows_hers
    ),
    # Anyone may ask; only the order's own phone and number open it (tests/storefront/test_order_lookup.py).
    "orders/find/": Page(_fixed("/orders/find/"), every(OK)),
    "orders/<uuid:token>/": Page(
        lambda w, role: f"/orders/{_order_token(w, role)}/", ORDER_TOKEN, own=_order_shows_hers
    ),
    "staff/qr/": Page(_fixed("/staff/qr/"), STAFF_QR),
    "staff/new-piece/": Page(_fixed("/staff/new-piece/"), NEW_PIECE),
    "staff/restock/": Page(_fixed("/staff/restock/"), RESTOCK),
    "staff/qr/products/<slug:slug>/": Page(_fixed("/staff/qr/products/felt-yak/"), STAFF_QR),
    "staff/qr/carts/<slug:code>/": Page(_fixed("/staff/qr/carts/chaka/"), STAFF_QR),
    "staff/qr/campaigns/<slug:code>/": Page(_fixed("/staff/qr/campaigns/douyin-chaka/"), STAFF_QR),
}
if settings.SERVE_MEDIA:
    # Uploaded images, public to all (the world has none: a missing one is missing for everyone).
    PAGES["^media/(?P<path>.*)$"] = Page(_fixed("/media/images/none.webp"), every(NOT_FOUND))


def _walk(patterns, prefix=""):
    for entry in patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin":
                yield route  # the admin as one: admin_pages() walks it
            else:
                yield from _walk(entry.url_patterns, route)
        elif isinstance(entry, URLPattern):
            yield route


def page_patterns() -> list[str]:
    """Every URL pattern of the project, as its routes joined along its includes."""
    return list(_walk(get_resolver().url_patterns))


# The admin's model lists each staff role opens (its group's view or change permissions,
# api/roles.py); every other model's list answers it 403. A staff member in no group opens none.
ADMIN_CHANGELISTS = {
    "manager": {
        "artisans.workshop",
        "artisans.artisan",
        "catalog.category",
        "catalog.product",
        "catalog.variant",
        "media.image",
        "ledger.productagreementoverride",
        "inventory.location",
        "inventory.stocklevel",
        "inventory.intake",
        "inventory.transfer",
        "inventory.stockcount",
        "inventory.movement",
        "orders.order",
        "orders.checkout",
        "orders.shippingregion",
        "orders.campaign",
        "carts.site",
        "carts.cart",
        "carts.operator",
        "carts.shift",
        "carts.possale",
        "carts.posrejectedsale",
        "carts.posrefund",
        "payments.payment",
        "payments.refund",
    },
    "stock_clerk": {
        "inventory.location",
        "inventory.stocklevel",
        "inventory.intake",
        "inventory.transfer",
        "inventory.stockcount",
        "inventory.movement",
        "catalog.category",
        "catalog.product",
        "catalog.variant",
        "artisans.artisan",
    },
    "finance": {
        "carts.possale",
        "carts.posrejectedsale",
        "carts.posrefund",
        "ledger.account",
        "ledger.journaltransaction",
        "ledger.salesplit",
        "ledger.refundsplit",
        "ledger.productagreementoverride",
        "ledger.payoutprofile",
        "ledger.payoutrun",
        "ledger.payout",
        "artisans.artisan",
        "orders.order",
        "carts.shift",
        "payments.payment",
        "payments.refund",
        "payments.stripeevent",
        "payments.providerbill",
        "payments.billmismatch",
    },
    "staff_no_perms": set(),
}


def admin_own_pages(world) -> dict[str, tuple[str, tuple[str, ...]]]:
    """The admin's own pages beyond its model pages: {name: (address, the roles that open it)}."""
    run = world.payout_x.run
    return {
        "trial balance": (reverse("admin:ledger_trial_balance"), ("finance",)),
        "statement": (
            reverse("admin:ledger_statement") + f"?artisan={world.artisan_x.pk}&date_from=2026-03-01"
            "&date_to=2026-03-31",
            ("finance",),
        ),
        "payout run's bank file": (reverse("admin:ledger_payoutrun_bank_csv", args=[run.pk]), ("finance",)),
        "stock adjustment": (reverse("admin:inventory_stocklevel_adjust"), ("stock_clerk",)),
        "transfer receipt": (
            reverse("admin:inventory_transfer_receive", args=[world.incoming_a.pk]),
            ("stock_clerk",),
        ),
        "Z report": (reverse("admin:carts_shift_z_report", args=[world.shift_a.pk]), ("manager", "finance")),
        "transfer note": (
            reverse("admin:inventory_transfer_note", args=[world.incoming_a.pk]),
            ("manager", "stock_clerk"),
        ),
    }


def admin_pages(world, *, changelists_only: bool = False, allowed=None) -> dict[str, int]:
    """The admin's index and, for each registered model, its changelist, add and change pages (the
    change page of its first row, where it has one), with the status staff get: 200, or 403 where
    the model's admin allows no adding (an append-only journal). With changelists_only, the index
    and the changelists, each 200 if the model's label is `allowed`, else 403."""
    request = RequestFactory().get("/admin/")
    request.user = world.staff
    pages = {reverse("admin:index"): 200}
    for model in apps.get_models():
        if not admin.site.is_registered(model):
            continue
        model_admin = admin.site.get_model_admin(model)
        name = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        if changelists_only:
            pages[reverse(f"{name}_changelist")] = 200 if model._meta.label_lower in allowed else 403
            continue
        pages[reverse(f"{name}_changelist")] = 200
        pages[reverse(f"{name}_add")] = 200 if model_admin.has_add_permission(request) else 403
        first = model._default_manager.order_by("pk").first()
        if first is not None:
            pages[reverse(f"{name}_change", args=[first.pk])] = 200
    return pages
