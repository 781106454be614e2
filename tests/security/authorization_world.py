"""One small world for the authorization matrix, and the eleven callers who knock on its doors.

Two carts (A at Chaka, B at Feicui) with stock, a shift and a restock on the way each; two artisans
(X and Y) with a product, sales in the ledger and a payout each; a tourist with a basket (a checkout
in her storefront session) and a paid online order; staff: a superuser ("staff"), one member of each
staff role's group (api/roles.py: the manager, the stock clerk, finance) and a staff member in no
group ("staff_no_perms", who may sign in to the admin and do nothing). Each caller signs in the way
she really does: staff through tokenCreate and the admin's login form, operators through
operatorTokenCreate, artisans through the portal's phone + PIN form, the tourist by putting a piece
in her basket.
"""

import datetime
import json
import uuid
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection
from django.test import Client
from graphql_relay import to_global_id

from api.roles import FINANCE, MANAGER, STOCK_CLERK, staff_roles_sync
from artisans.services import artisan_pin_set
from carts.models import PosSale
from carts.services import cart_create, operator_create, operator_pin_set, shift_open
from carts.services.payment_qr import pos_payment_qr_create
from catalog.services import VariantInput, product_create
from inventory.models import Location
from inventory.services import (
    LineQuantity,
    ReceivedLine,
    intake_create,
    location_create,
    transfer_create,
    transfer_receive,
)
from ledger.models import Channel
from ledger.services import SaleLine, payout_profile_save, payout_run_create, sale_lines_post
from orders.models import Campaign, ShippingRegion
from payments.stripe_client import get_client
from storefront.session import CHECKOUT_KEY
from tests import factories

ROLES = (
    "anonymous",
    "tourist",
    "operator_a",
    "operator_b",
    "artisan_x",
    "artisan_y",
    "staff",
    "manager",
    "stock_clerk",
    "finance",
    "staff_no_perms",
)
# The staff members of the roles, by username: each in her role's group; the last in none.
STAFF_MEMBERS = {
    "staff": "staff-admin",
    "manager": "staff-manager",
    "stock_clerk": "staff-clerk",
    "finance": "staff-finance",
    "staff_no_perms": "staff-none",
}
ROLE_GROUPS = {"manager": MANAGER, "stock_clerk": STOCK_CLERK, "finance": FINANCE}
STAFF_PASSWORD = "staff-pass-2026"
OPERATOR_PASSWORD = "gongfang-op-2026"
QINGHAI = ZoneInfo("Asia/Shanghai")
TOURIST_EMAIL = "tourist@example.com"


@dataclass
class Caller:
    """How one role signs in: a bearer token for /graphql/, a session cookie for the pages.

    One test client each (its middleware loaded once), its cookies reset before every use: what one
    case does to them (a sign-out, a language) never reaches the next."""

    role: str
    token: str | None = None
    session_key: str | None = None
    _client: Client | None = field(default=None, repr=False)

    def client(self) -> Client:
        if self._client is None:
            self._client = Client()
        self._client.cookies = SimpleCookie()
        if self.session_key:
            self._client.cookies[settings.SESSION_COOKIE_NAME] = self.session_key
        return self._client

    def graphql(self, query: str, variables: dict | None = None) -> dict:
        headers = {"HTTP_AUTHORIZATION": f"Bearer {self.token}"} if self.token else {}
        client = self.client()
        client.cookies = SimpleCookie()  # the API reads the bearer token only
        response = client.post(
            "/graphql/",
            data=json.dumps({"query": query, "variables": variables or {}}),
            content_type="application/json",
            **headers,
        )
        assert response.status_code == 200, (response.status_code, response.content[:500])
        return response.json()


@dataclass
class World:
    staff: object = None
    base: object = None
    cart_a: object = None
    cart_b: object = None
    operator_a: object = None
    operator_b: object = None
    artisan_x: object = None
    artisan_y: object = None
    variant_x: object = None
    variant_y: object = None
    product_x: object = None
    category: object = None
    region: object = None
    shift_a: object = None
    shift_b: object = None
    incoming_a: object = None
    incoming_b: object = None
    payout_run: object = None
    payout_x: object = None
    payout_y: object = None
    order: dict = field(default_factory=dict)
    paid_checkout_token: str = ""
    pickup_order: dict = field(default_factory=dict)
    basket_token: str = ""
    receipt_a: str = ""
    receipt_b: str = ""
    held_b: dict = field(default_factory=dict)  # {"approve"/"void": the PosSale ID of a held sale}
    qr_payment_a: object = None  # a WeChat Pay payment shown as a QR code at cart A (the fake)
    callers: dict = field(default_factory=dict)

    # What belongs to whom: "her own" cart and artisan, for the roles that have one.
    def own_cart(self, role):
        return {"operator_a": self.cart_a, "operator_b": self.cart_b}.get(role)

    def own_artisan(self, role):
        return {"artisan_x": self.artisan_x, "artisan_y": self.artisan_y}.get(role)

    def own_shift(self, role):
        return {"operator_a": self.shift_a, "operator_b": self.shift_b}.get(role)

    def held_checkout_token(self, role, *, paid: bool = False) -> str:
        """The checkout token a caller holds: the tourist her basket's (or the one she has paid for);
        anyone else can only guess one."""
        if role == "tourist":
            return self.paid_checkout_token if paid else self.basket_token
        return str(uuid.UUID(int=0xC0FFEE))

    def pos_batch(self, cart, shift, *, client_uuid: str = "") -> dict:
        """A tablet's batch of one cash sale of the cart's piece, in the shift."""
        variant = self.variant_x if cart == self.cart_a else self.variant_y
        sale = {
            "clientUuid": client_uuid or str(uuid.uuid4()),
            "shift": gid("Shift", shift),
            "deviceTime": _at(7, 1).isoformat(),
            "receiptNumber": f"{cart.code.upper()}-{uuid.uuid4().hex[:6]}",
            "lines": [{"sku": variant.sku, "quantity": 1, "unitPriceFen": variant.price_fen}],
            "payment": {"method": "CASH", "amountFen": variant.price_fen},
        }
        return {"cart": cart.code, "deviceId": shift.device_id, "sales": [sale]}


def fingerprint(w: World) -> dict:
    """What a refused mutation must leave as it was: the row counts of everything a mutation can
    add, and the fields the updating ones change."""
    from artisans.models import Artisan
    from carts.models import PosPickup, PosSale, Shift
    from catalog.models import Product
    from inventory.models import Intake, Movement, StockCount, Transfer
    from ledger.models import JournalTransaction, Payout, PayoutApproval, PayoutRun
    from orders.models import Checkout, CheckoutLine, Order, OrderRefund
    from payments.models import Payment as PaymentRow

    models = (Artisan, Product, Intake, Movement, StockCount, Transfer, Shift, PosSale, Order)
    models += (OrderRefund, Checkout, CheckoutLine, PaymentRow, PayoutRun, Payout, JournalTransaction)
    models += (PayoutApproval, PosPickup)
    counts = ", ".join(f'(SELECT COUNT(*) FROM "{model._meta.db_table}")' for model in models)
    with connection.cursor() as cursor:  # one query for all the counts: this runs twice a refused case
        cursor.execute(f"SELECT {counts}")
        row_counts = dict(zip((model.__name__ for model in models), cursor.fetchone(), strict=True))
    return {
        **row_counts,
        "artisan X phone": Artisan.objects.get(pk=w.artisan_x.pk).phone,
        "product X name": Product.objects.get(pk=w.product_x.pk).name_en,
        "payout X status": Payout.objects.get(pk=w.payout_x.pk).status,
        "payout run approval": PayoutRun.objects.get(pk=w.payout_run.pk).approval_status,
        "shift A status": Shift.objects.get(pk=w.shift_a.pk).status,
        "restock A status": Transfer.objects.get(pk=w.incoming_a.pk).status,
        "order status": Order.objects.get(number=w.order["number"]).status,
        "order fulfilment": Order.objects.get(number=w.order["number"]).fulfilment_status,
        "basket lines": sorted(
            CheckoutLine.objects.filter(checkout__token=w.basket_token).values_list("quantity")
        ),
    }


def gid(type_name: str, obj) -> str:
    return to_global_id(type_name, obj.pk)


def _at(month: int, day: int) -> datetime.datetime:
    return datetime.datetime(2026, month, day, 12, tzinfo=QINGHAI)


def _cart(code, site_name):
    site = factories.SiteFactory(code=code, name_zh=site_name, name_en=code.title())
    return cart_create(code=code, name_zh=f"{site_name}零售车", name_en=f"{code.title()} cart", site=site)


def _artisan(code, name_zh, phone, pin):
    artisan = factories.ArtisanFactory(code=code, name_zh=name_zh, name_latin=code.title(), phone=phone)
    factories.AgreementFactory(artisan=artisan, valid_from=datetime.date(2020, 1, 1))
    artisan_pin_set(artisan=artisan, pin=pin)
    artisan.refresh_from_db()
    return artisan, pin


def _graphql_ok(query, variables=None, *, token=None) -> dict:
    result = Caller("builder", token=token).graphql(query, variables)
    assert "errors" not in result, result
    return result["data"]


def _stock(w: World) -> None:
    for cart, variant, incoming in (
        (w.cart_a, w.variant_x, "incoming_a"),
        (w.cart_b, w.variant_y, "incoming_b"),
    ):
        intake_create(artisan=variant.artisan, lines=[LineQuantity(variant, 10)], actor=w.staff)
        sent = transfer_create(
            source=w.base, destination=cart.location, lines=[LineQuantity(variant, 4)], actor=w.staff
        )
        transfer_receive(
            transfer=sent, lines=[ReceivedLine(variant=variant, quantity_received=4)], actor=w.staff
        )
        # A restock still on the road: what incomingTransfers and transferReceive are about.
        restock = transfer_create(
            source=w.base, destination=cart.location, lines=[LineQuantity(variant, 2)], actor=w.staff
        )
        setattr(w, incoming, restock)


def _ledger(w: World) -> None:
    """A cart sale of each artisan's piece in March, and a payout run that pays both, made by the
    weekly schedule: X in cash, Y to a new bank account, so the run waits for staff to approve it."""
    for artisan, variant, cart, operator, ref in (
        (w.artisan_x, w.variant_x, w.cart_a, w.operator_a, "SEC/X"),
        (w.artisan_y, w.variant_y, w.cart_b, w.operator_b, "SEC/Y"),
    ):
        sale_lines_post(
            lines=[
                SaleLine(
                    reference=ref,
                    occurred_at=_at(3, 1),
                    artisan_id=artisan.pk,
                    product_id=variant.product_id,
                    paid_fen=20000,
                    channel=Channel.CART,
                    location_id=cart.location_id,
                    operator_user_id=operator.user_id,
                )
            ]
        )
    payout_profile_save(
        artisan=w.artisan_y, method="bank", bank_name="青海银行", account_number="6214 0000 1111 2222"
    )
    run = payout_run_create(run_date=_at(3, 16).date(), actor=None, at=_at(3, 16))
    w.payout_run = run
    w.payout_x = run.payouts.get(artisan=w.artisan_x)
    w.payout_y = run.payouts.get(artisan=w.artisan_y)


POS_SYNC = """mutation($input: PosSyncInput!) { posSyncSales(input: $input) {
  results { clientUuid status } errors { code } } }"""


def _held_sale(w: World, token) -> str:
    """A sale of cart B whose tablet's clock says a year before its shift: held for review; answers
    its PosSale ID."""
    batch = w.pos_batch(w.cart_b, w.shift_b)
    batch["sales"][0]["deviceTime"] = (_at(7, 1) - datetime.timedelta(days=365)).isoformat()
    result = _graphql_ok(POS_SYNC, {"input": batch}, token=token)["posSyncSales"]
    assert [row["status"] for row in result["results"]] == ["RECORDED_WITH_FLAGS"], result
    sale = PosSale.objects.get(client_uuid=batch["sales"][0]["clientUuid"])
    return gid("PosSale", sale)


def _pos_sale(w: World, cart, shift, token) -> str:
    """One sale synced from the cart's tablet; answers its client UUID (its e-receipt's key)."""
    batch = w.pos_batch(cart, shift)
    result = _graphql_ok(POS_SYNC, {"input": batch}, token=token)["posSyncSales"]
    assert [row["status"] for row in result["results"]] == ["RECORDED"], result
    return batch["sales"][0]["clientUuid"]


CHECKOUT_CREATE = """mutation($input: CheckoutCreateInput!) { checkoutCreate(input: $input) {
  checkout { token } errors { code } } }"""
DELIVERY = """mutation($token: UUID!, $input: CheckoutDeliveryInput!) {
  checkoutDeliveryUpdate(token: $token, input: $input) { errors { code } } }"""
PAYMENT_CREATE = """mutation($token: UUID!) { checkoutPaymentCreate(token: $token) {
  payment { paymentIntentId } errors { code message field } } }"""
COMPLETE = """mutation($token: UUID!) { checkoutComplete(token: $token) {
  order { id number token lines { id } } errors { code } } }"""


def _paid_checkout(w: World, *, pickup_cart: str | None = None) -> str:
    """A checkout with a delivery (shipped, or picked up at that cart) and a payment Stripe took:
    ready to become an order."""
    lines = [{"variantId": gid("ProductVariant", w.variant_x), "quantity": 1}]
    created = _graphql_ok(
        CHECKOUT_CREATE, {"input": {"lines": lines, "email": TOURIST_EMAIL, "phone": "13900000000"}}
    )
    assert created["checkoutCreate"]["errors"] == [], created
    token = created["checkoutCreate"]["checkout"]["token"]
    delivery = {
        "method": "SHIPPING",
        "shippingRegion": gid("ShippingRegion", w.region),
        "recipientName": "李华",
        "shippingAddress": "青海省西宁市城西区 1 号",
    }
    if pickup_cart is not None:
        delivery = {"method": "PICKUP", "pickupCart": pickup_cart}
    assert (
        _graphql_ok(DELIVERY, {"token": token, "input": delivery})["checkoutDeliveryUpdate"]["errors"] == []
    )
    paying = _graphql_ok(PAYMENT_CREATE, {"token": token})["checkoutPaymentCreate"]
    assert paying["errors"] == [], paying
    # Paid in the tourist's browser (Stripe.js): Stripe took it, nobody has told us yet (told, the
    # payment's success would complete the checkout there and then).
    intents = get_client().v1.payment_intents
    intents.update(paying["payment"]["paymentIntentId"], params={"payment_method": "pm_card_visa"})
    intents.confirm(paying["payment"]["paymentIntentId"])
    return token


def _staff_members() -> None:
    """The staff of each role (the superuser is made first, as w.staff)."""
    groups = {group.name: group for group in staff_roles_sync()}
    for role, username in STAFF_MEMBERS.items():
        if role == "staff":
            continue
        member = factories.UserFactory(username=username, password=STAFF_PASSWORD, is_staff=True)
        if role in ROLE_GROUPS:
            member.groups.add(groups[ROLE_GROUPS[role]])


def _sign_in(w: World, pins: dict) -> None:
    for role, username in STAFF_MEMBERS.items():
        token = _graphql_ok(
            "mutation($u: String!, $p: String!) { tokenCreate(email: $u, password: $p) { token } }",
            {"u": username, "p": STAFF_PASSWORD},
        )["tokenCreate"]["token"]
        admin = Client()
        response = admin.post(
            "/admin/login/?next=/admin/", {"username": username, "password": STAFF_PASSWORD}
        )
        assert response.status_code == 302, response.status_code
        w.callers[role] = Caller(
            role, token=token, session_key=admin.cookies[settings.SESSION_COOKIE_NAME].value
        )

    for role, operator in (("operator_a", w.operator_a), ("operator_b", w.operator_b)):
        signed_in = _graphql_ok(
            "mutation($u: String!, $p: String!) { operatorTokenCreate(username: $u, pin: $p) { token } }",
            {"u": operator.user.username, "p": pins[role]},
        )
        # Her browser session (she has no web sign-in of her own; staff pages must still refuse her).
        browser = Client()
        browser.force_login(operator.user)
        w.callers[role] = Caller(
            role,
            token=signed_in["operatorTokenCreate"]["token"],
            session_key=browser.cookies[settings.SESSION_COOKIE_NAME].value,
        )

    from api.core.tokens import token_for

    for role, artisan in (("artisan_x", w.artisan_x), ("artisan_y", w.artisan_y)):
        portal = Client()
        response = portal.post("/me/login/", {"phone": artisan.phone, "pin": pins[role]})
        assert response.status_code == 302 and response["Location"] == "/me/", response.status_code
        # The artisan's API token, as tests/api/conftest.py gives it (she has no API sign-in form).
        w.callers[role] = Caller(
            role,
            token=token_for(artisan.user),
            session_key=portal.cookies[settings.SESSION_COOKIE_NAME].value,
        )

    tourist = Client()
    response = tourist.post("/basket/add/", {"variant": w.variant_y.pk, "quantity": 1})
    assert response.status_code == 302, response.status_code
    w.callers["tourist"] = Caller("tourist", session_key=tourist.cookies[settings.SESSION_COOKIE_NAME].value)
    w.basket_token = tourist.session[CHECKOUT_KEY]
    w.callers["anonymous"] = Caller("anonymous")


def build_world() -> World:
    w = World()
    w.staff = factories.StaffFactory(username=STAFF_MEMBERS["staff"], password=STAFF_PASSWORD)
    _staff_members()
    w.base = location_create(code="base", kind=Location.Kind.BASE, name_zh="工坊总库", name_en="Base")
    w.cart_a = _cart("chaka", "茶卡盐湖")
    w.cart_b = _cart("feicui", "翡翠湖")
    w.operator_a = operator_create(
        username="op-a", password=OPERATOR_PASSWORD, display_name="韩梅", carts=[w.cart_a]
    )
    w.operator_b = operator_create(
        username="op-b", password=OPERATOR_PASSWORD, display_name="李雷", carts=[w.cart_b]
    )
    operator_pin_set(operator=w.operator_a, pin="2468")
    operator_pin_set(operator=w.operator_b, pin="1357")
    w.artisan_x, pin_x = _artisan("urna", "乌仁娜", "13800000001", "246810")
    w.artisan_y, pin_y = _artisan("chimeg", "其木格", "13800000002", "135790")
    w.category = factories.CategoryFactory(slug="felt", name_zh="毡艺", name_en="Felt")
    for artisan, slug, sku in ((w.artisan_x, "felt-yak", "YAK-X"), (w.artisan_y, "purse", "PURSE-Y")):
        product = product_create(
            slug=slug,
            name_zh=f"{artisan.name_zh}的作品",
            name_en=f"{artisan.name_latin}'s piece",
            category=w.category,
            variants=[VariantInput(sku=sku, price_fen=12800, artisan=artisan)],
        )
        if artisan == w.artisan_x:
            w.product_x, w.variant_x = product, product.variants.get()
        else:
            w.variant_y = product.variants.get()
    Campaign.objects.create(
        code="douyin-chaka", name="抖音直播 · 茶卡专场", attributed_location=w.cart_a.location
    )
    # Not for the public yet: a draft product, and an artisan who has left the programme.
    product_create(
        slug="draft-robe",
        name_zh="未上架的袍子",
        name_en="Draft robe",
        category=w.category,
        is_published=False,
        variants=[VariantInput(sku="DRAFT-X", price_fen=99900, artisan=w.artisan_x)],
    )
    factories.ArtisanFactory(code="retired", name_zh="已退出", is_active=False)
    w.region = ShippingRegion.objects.create(
        code="qinghai", name_zh="青海省内", name_en="Qinghai", price_fen=1200
    )
    _stock(w)
    _ledger(w)
    # Opened before the sales of the world (1 July): a sale outside its shift would be held.
    opened = _at(7, 1) - datetime.timedelta(hours=6)
    w.shift_a = shift_open(
        cart=w.cart_a, operator=w.operator_a, device_id="TAB-A", opening_cash_fen=50000, opened_at=opened
    )
    w.shift_b = shift_open(
        cart=w.cart_b, operator=w.operator_b, device_id="TAB-B", opening_cash_fen=30000, opened_at=opened
    )
    _sign_in(w, {"operator_a": "2468", "operator_b": "1357", "artisan_x": pin_x, "artisan_y": pin_y})
    w.receipt_a = _pos_sale(w, w.cart_a, w.shift_a, w.callers["operator_a"].token)
    w.receipt_b = _pos_sale(w, w.cart_b, w.shift_b, w.callers["operator_b"].token)
    # At cart B: cart A's stock and shift are what its own rows check.
    w.held_b = {name: _held_sale(w, w.callers["operator_b"].token) for name in ("approve", "void")}
    # The tourist's earlier purchase: an order she can follow by its token; and a paid checkout.
    order_checkout = _paid_checkout(w)
    w.order = _graphql_ok(COMPLETE, {"token": order_checkout})["checkoutComplete"]["order"]
    w.paid_checkout_token = _paid_checkout(w)
    # An order paid for pickup at cart A: its operator hands it over from the tablet.
    w.pickup_order = _graphql_ok(COMPLETE, {"token": _paid_checkout(w, pickup_cart="chaka")})[
        "checkoutComplete"
    ]["order"]
    w.qr_payment_a = pos_payment_qr_create(
        cart=w.cart_a, client_uuid=str(uuid.UUID(int=99)), amount_fen=12800, method="wechat"
    )
    return w
