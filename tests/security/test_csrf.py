"""CSRF on every form: each role's pages are walked from the URL map, every <form method=post> found
must carry a csrfmiddlewaretoken, and each kind of form is posted without its token (refused, 403)
and with it (let through). A new form without {% csrf_token %} fails here even if nobody lists it.

/graphql/ is exempt (bearer tokens, not cookies, sign callers in): a cookie-signed-in staff member's
browser posting to it without a token must get nothing a stranger would not.
"""

import copy
import json
import re
from collections import deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from django.conf import settings
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404

from artisans.models import Artisan
from artisans.services import artisan_pin_set
from tests.storefront import conftest as storefront_fixtures

# The storefront tests' shop (a maker, products in stock at the base and a cart, shipping regions).
shop = storefront_fixtures.shop
_empty_cache = storefront_fixtures._empty_cache

ROOT = Path(settings.BASE_DIR)
PIN = "135790"
# Pages that are downloads, not HTML: rendering them costs seconds and they hold no form.
DOWNLOADS = {"portal:statement_pdf", "storefront:qr-product", "storefront:qr-cart", "storefront:qr-campaign"}
# Admin pages not worth the walk's time: history lists hold no form, and django-celery-beat's pages
# are that package's own templates.
SKIPPED = re.compile(r"^admin:(.*_history|django_celery_beat_.*)$")
MAX_PAGES_PER_ROLE = 400


@dataclass
class Form:
    page: str
    method: str
    action: str
    fields: dict = field(default_factory=dict)

    @property
    def has_token(self) -> bool:
        return bool(self.fields.get("csrfmiddlewaretoken"))


class PageParser(HTMLParser):
    """The links and the forms (with their fields' initial values) of one page."""

    def __init__(self, page: str):
        super().__init__(convert_charrefs=True)
        self.page = page
        self.links: list[str] = []
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.links.append(urljoin(self.page, attrs["href"]))
        elif tag == "form":
            action = urljoin(self.page, attrs.get("action") or self.page)
            self._form = Form(self.page, (attrs.get("method") or "get").lower(), action)
            self.forms.append(self._form)
        elif self._form is not None and attrs.get("name"):
            name = attrs["name"]
            if tag == "input" and attrs.get("type") in ("checkbox", "radio") and "checked" not in attrs:
                self._form.fields.setdefault(name, None)
            elif tag in ("input", "textarea"):
                self._form.fields[name] = attrs.get("value") or ""
            elif tag == "select":
                self._select = name
                self._form.fields[name] = ""
        # An option: the selected one, else the first that has a value.
        if (
            tag == "option"
            and self._form is not None
            and self._select is not None
            and ("selected" in attrs or not self._form.fields.get(self._select))
        ):
            self._form.fields[self._select] = attrs.get("value") or ""

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None


def route_name(path: str) -> str | None:
    """The URL name a path resolves to (one page of each name is enough); None if nothing serves it."""
    try:
        match = resolve(urlsplit(path).path)
    except Resolver404:
        return None
    return match.view_name or match.route


def url_map_paths(resolver=None, prefix: str = "") -> list[str]:
    """Every address of the URL map that needs no argument: where the walk starts."""
    paths = []
    for entry in (resolver or get_resolver()).url_patterns:
        route = prefix + str(entry.pattern)
        if "<" in route or "(?P" in route or "\\" in route.replace("^", "").replace("$", ""):
            continue
        route = route.replace("^", "").replace("$", "")
        if isinstance(entry, URLResolver):
            paths += url_map_paths(entry, route)
        elif isinstance(entry, URLPattern):
            paths.append("/" + route)
    return paths


def walk(client: Client, start: list[str]) -> tuple[list[Form], set[str]]:
    """GET every page reachable from start by links and redirects (each URL name once), and
    gather their forms."""
    queue, seen, forms = deque(start), set(), []
    while queue and len(seen) < MAX_PAGES_PER_ROLE:
        path = queue.popleft()
        parts = urlsplit(path)
        if parts.netloc not in ("", "testserver"):
            continue
        name = route_name(path)
        if name is None or name in seen or name in DOWNLOADS or SKIPPED.match(name):
            continue
        seen.add(name)
        response = client.get(parts.path + (f"?{parts.query}" if parts.query else ""))
        if response.status_code in (301, 302, 303):
            queue.append(urljoin(path, response["Location"]))
            continue
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        parser = PageParser(parts.path)
        parser.feed(response.content.decode())
        forms += parser.forms
        queue.extend(parser.links)
    return forms, seen


def post_forms(forms: list[Form]) -> list[Form]:
    """One form of each kind (the URL name it posts to, and its fields)."""
    kinds = {}
    for form in forms:
        if form.method == "post":
            kinds.setdefault((route_name(form.action), tuple(sorted(form.fields))), form)
    return list(kinds.values())


def submit(client: Client, form: Form, *, with_token: bool):
    """Post the form as a browser would (its initial values), in a savepoint rolled back after it and
    with the client's cookies put back, so each submission starts where the walk left the visitor."""
    data = {name: value for name, value in form.fields.items() if value is not None}
    if not with_token:
        data.pop("csrfmiddlewaretoken", None)
    cookies = copy.deepcopy(client.cookies)
    try:
        with transaction.atomic():
            response = client.post(
                urlsplit(form.action).path, data, HTTP_REFERER=f"http://testserver{form.page}"
            )
            transaction.set_rollback(True)
    finally:
        client.cookies = cookies
    return response


def refused_for_csrf(response) -> bool:
    """Django's CSRF failure page ("CSRF verification failed", in the visitor's language), not
    another 403 (a permission the view checks itself)."""
    return response.status_code == 403 and b"CSRF" in response.content


@pytest.fixture
def visitors(shop, stripe_server):
    """A browser each: a tourist with a basket who chose pickup, the artisan, the cart's operator and
    staff. Every one checks CSRF as a real browser's request would be checked."""
    tourist = Client(enforce_csrf_checks=True)
    tourist_setup = Client()
    tourist_setup.post("/basket/add/", {"variant": shop["red"].pk, "quantity": 1})
    tourist_setup.post(
        "/checkout/",
        {
            "email": "li@example.cn",
            "phone": "13800000000",
            "method": "pickup",
            "pickup_location": shop["cart"].location_id,
        },
    )
    tourist.cookies = tourist_setup.cookies
    maker = artisan_pin_set(artisan=shop["maker"], pin=PIN)
    maker.refresh_from_db()
    artisan = Client(enforce_csrf_checks=True)
    artisan.force_login(maker.user)
    operator = Client(enforce_csrf_checks=True)
    operator.force_login(shop["operator"].user)
    staff = Client(enforce_csrf_checks=True)
    staff.force_login(shop["keeper"])
    return {"tourist": tourist, "artisan": artisan, "operator": operator, "staff": staff}


# What the walk must find, so that it cannot pass by finding nothing.
EXPECTED_POST_FORMS = {
    "tourist": {
        "set_language",
        "storefront:basket-add",
        "storefront:basket-update",
        "storefront:checkout",
        "storefront:pay-test-card",
        "portal:login",
        "admin:login",
    },
    "artisan": {"set_language", "portal:logout"},
    # The POS at /pos/ is a script that talks to /graphql/ with a bearer token: no form of its own.
    "operator": {"set_language", "storefront:basket-add"},
    "staff": {
        "admin:logout",
        "admin:password_change",
        "admin:catalog_product_change",
        "admin:artisans_artisan_pin",
        "admin:artisans_artisan_login_link",
        "admin:carts_operator_pin",
        "admin:inventory_stocklevel_adjust",
        "admin:inventory_transfer_add",
        "admin:ledger_payoutrun_add",
    },
}


@pytest.mark.parametrize("role", list(EXPECTED_POST_FORMS))
def test_every_post_form_carries_a_csrf_token_and_is_refused_without_it(visitors, role):
    client = visitors[role]

    forms, pages = walk(client, url_map_paths())
    kinds = post_forms(forms)

    without_token = [
        f"{form.action} on {form.page}" for form in forms if form.method == "post" and not form.has_token
    ]
    assert without_token == []
    assert EXPECTED_POST_FORMS[role] <= {route_name(form.action) for form in kinds}
    for form in kinds:
        refused = submit(client, form, with_token=False)
        assert (form.action, refused_for_csrf(refused)) == (form.action, True)
        accepted = submit(client, form, with_token=True)
        # Let through the CSRF check; the view itself may still say no (a read-only admin page).
        assert (form.action, refused_for_csrf(accepted)) == (form.action, False)
    assert len(pages) > 5


FORM = re.compile(r"<form\b(?P<tag>[^>]*)>(?P<body>.*?)</form>", re.S | re.I)
METHOD = re.compile(r"""method\s*=\s*["']?(?P<method>[^"'\s>]+)""", re.I)


def project_templates() -> list[Path]:
    folders = [ROOT / "templates", *ROOT.glob("*/templates")]
    return sorted(path for folder in folders for path in folder.rglob("*.html"))


def test_every_post_form_in_the_templates_has_a_csrf_token():
    """Also the forms the walk cannot reach (an admin action on an order in a given state)."""
    templates = project_templates()
    missing, posting = [], 0

    for template in templates:
        for form in FORM.finditer(template.read_text()):
            method = METHOD.search(form["tag"])
            if method is None or method["method"].lower() == "get":
                continue
            posting += 1
            if "{% csrf_token %}" not in form["body"]:
                missing.append(f"{template.relative_to(ROOT)}: <form{form['tag']}>")

    assert missing == []
    assert posting >= 12


def test_a_cached_storefront_page_gives_each_visitor_a_token_of_their_own(shop):
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    token = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
    product_page = f"/p/{shop['purse'].slug}/"
    first.get(product_page)

    page = second.get(product_page).content.decode()
    data = {"variant": shop["red"].pk, "quantity": 1}

    assert refused_for_csrf(second.post("/basket/add/", data))
    response = second.post("/basket/add/", {**data, "csrfmiddlewaretoken": token.findall(page)[0]})
    assert (response.status_code, response["Location"]) == (302, "/basket/")


def test_the_portal_login_needs_the_token(shop):
    shop["maker"].phone = "13800000001"
    shop["maker"].save(update_fields=["phone"])
    maker = artisan_pin_set(artisan=shop["maker"], pin=PIN)
    browser = Client(enforce_csrf_checks=True)
    page = browser.get("/me/login/").content.decode()
    credentials = {"phone": maker.phone, "pin": PIN}

    refused = browser.post("/me/login/", credentials)
    assert refused_for_csrf(refused)
    assert browser.get("/me/").status_code == 302

    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]
    signed_in = browser.post("/me/login/", {**credentials, "csrfmiddlewaretoken": token})
    assert (signed_in.status_code, signed_in["Location"]) == (302, "/me/")
    assert browser.get("/me/").status_code == 200


def test_only_graphql_and_the_providers_notifications_skip_csrf():
    exempt = set()
    for path in url_map_paths():
        match = resolve(path)
        if getattr(match.func, "csrf_exempt", False):
            exempt.add(match.view_name)

    # The providers' notifications are signed by them (Stripe, WeChat Pay, Alipay), not by a session.
    assert exempt == {
        "graphql",
        "payments:stripe_webhook",
        "payments:wechat_pay_notify",
        "payments:alipay_notify",
    }


def test_a_cookie_signed_in_staff_member_is_a_stranger_to_graphql(shop):
    """A page on another site can make her browser post to /graphql/ with her cookie but no token:
    the API must not take the cookie as her."""
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(shop["keeper"])
    create = """mutation { artisanCreate(input: {code: "forged", nameZh: "伪造", nameLatin: "Forged",
        county: DULAN}) { artisan { code } errors { code } } }"""

    me = browser.post(
        "/graphql/", json.dumps({"query": "{ me { username } }"}), content_type="application/json"
    )
    forged = browser.post("/graphql/", json.dumps({"query": create}), content_type="application/json")

    assert me.json() == {"data": {"me": None}}
    assert forged.json()["data"]["artisanCreate"] == {
        "artisan": None,
        "errors": [{"code": "PERMISSION_DENIED"}],
    }
    assert not Artisan.objects.filter(code="forged").exists()
