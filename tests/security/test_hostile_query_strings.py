"""Hostile values in every query-string parameter of every page, sent as each role that can open the
page: far dates, "1-1", "9999-12", negative and huge numbers, NUL, a lone surrogate, very long text.
Each is answered with the page (200) or a refusal with a message (400), never a server error.

Which parameters a page reads is found by asking it once with a recording query string
(tests/security/query_keys.py), so a parameter added to a view is sent hostile values here without
anyone listing it. The pages and roles are the authorization matrix's (authorization_pages.py); the
admin's changelists get their own parameters (search, ordering, page, date hierarchy) all at once.
"""

import json
from urllib.parse import parse_qsl, quote, urlsplit

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.core.cache import cache
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse

from tests.security import query_keys
from tests.security.authorization_pages import PAGES
from tests.security.authorization_world import ROLES

HOSTILE = [
    "",
    "1-1",
    "9999-12",
    "0001-01-01",
    "9999-12-31",
    "2026-02-30",
    "-1",
    "-99999999999999999999",
    "99999999999999999999999",
    "NaN",
    "\x00",
    "\ud800",
    "x" * 5000,
]
# The admin's pages are many and slow to render: the values that found its faults (a NUL never
# reaches a view: config.limits refuses it).
ADMIN_HOSTILE = ["", "1-1", "0001-01-01", "9999-12-31", "-99999999999999999999", "99999999999999999999999"]
ADMIN_HOSTILE += ["\ud800", "x" * 5000]
# What a changelist reads of its query string besides its filters: search, ordering, page.
CHANGELIST_PARAMETERS = ("q", "o", "p")


def client_for(caller) -> Client:
    """A new client with the caller's session (the caller's own keeps the middleware it loaded); a
    server error is answered as a 500, as it would be to the attacker, not raised in the test."""
    client = Client(raise_request_exception=False)
    if caller.session_key:
        client.cookies[settings.SESSION_COOKIE_NAME] = caller.session_key
    return client


def encoded(value: str) -> str:
    # A lone surrogate as an attacker sends it: its UTF-8-like bytes, percent-encoded.
    return quote(value.encode("utf-8", "surrogatepass"), safe="")


def with_parameters(url: str, values: dict[str, str]) -> str:
    parts = urlsplit(url)
    kept = [(key, value) for key, value in parse_qsl(parts.query) if key not in values]
    query = "&".join(f"{encoded(key)}={encoded(value)}" for key, value in [*kept, *values.items()])
    return f"{parts.path}?{query}"


def parameters_read(caller, url: str) -> set[str]:
    middleware = [*settings.MIDDLEWARE, "tests.security.query_keys.RecordQueryKeys"]
    query_keys.READ.clear()
    cache.clear()  # a page answered from the cache reads nothing
    with override_settings(MIDDLEWARE=middleware):
        client_for(caller).get(url)
    return set(query_keys.READ)


def problem(response) -> str | None:
    """What is wrong with an answer to hostile input; None when it is a page or a clear refusal."""
    status = response.status_code
    if status == 302 and response["Location"].endswith("?e=1"):
        return None  # the admin's own answer to a filter it cannot apply: its list, with a message
    if status not in (200, 400):
        return f"HTTP {status}"
    if status == 400 and not response.content.strip():
        return "a 400 without a message"
    if response.get("Content-Type", "").startswith("application/json"):
        body = json.loads(response.content)
        codes = [(error.get("extensions") or {}).get("code") for error in body.get("errors") or []]
        if "INTERNAL_ERROR" in codes:
            return "INTERNAL_ERROR"
    return None


def hostile_pass(caller, url: str, keys, *, together: bool = False, values=HOSTILE) -> dict:
    """The problems, by (parameter, value), of url with each hostile value in each of keys (or in all
    of them at once)."""
    client = client_for(caller)
    found = {}
    groups = [tuple(keys)] if together else [(key,) for key in sorted(keys)]
    for group in groups:
        for value in values:
            response = client.get(with_parameters(url, dict.fromkeys(group, value)))
            if (wrong := problem(response)) is not None:
                found[(",".join(group), value[:24])] = wrong
    return found


READERS = [pattern for pattern, rule in PAGES.items() if rule.method == "get"]


@pytest.mark.parametrize("pattern", READERS)
def test_every_parameter_of_the_page_takes_hostile_values_as_each_role(authorization_case, pattern):
    world, rule = authorization_case, PAGES[pattern]
    # Each role the page answers itself (a redirect or a 403 never reads the query string).
    roles = [role for role in ROLES if rule.expect[role].status in (200, 400)]
    failures = {}

    for role in roles:
        caller, url = world.callers[role], rule.url(world, role)
        keys = parameters_read(caller, url)
        failures.update({(role, *case): wrong for case, wrong in hostile_pass(caller, url, keys).items()})

    assert failures == {}


def test_the_pass_finds_what_each_page_reads(authorization_case):
    world = authorization_case

    def read(pattern, role):
        return parameters_read(world.callers[role], PAGES[pattern].url(world, role))

    assert read("me/statements/", "artisan_x") == {"month"}
    assert read("me/statements/pdf/", "artisan_y") == {"month"}
    assert read("me/sales/", "artisan_x") == {"page"}
    assert read("staff/reports/sales/", "staff") == {"date_from", "date_to", "format"}
    assert read("search/", "anonymous") >= {"q", "page"}
    assert read("p/<slug:slug>/", "tourist") >= {"v"}
    assert read("staff/qr/products/<slug:slug>/", "staff") == {"copies"}
    assert read("graphql/", "anonymous") >= {"query", "variables", "operationName"}


ADMIN_MODELS = sorted(
    f"{model._meta.app_label}.{model._meta.model_name}"
    for model in apps.get_models()
    if admin.site.is_registered(model)
)


def _admin_pages(world, label: str) -> dict[str, set[str]]:
    """The admin pages of a model staff open without a row's id, each with what it reads all at
    once: a changelist its search, ordering, page and date hierarchy; an add page any of its form's
    fields, as the form's first values. ("site": the index and the views the admin adds, a statement
    and a stock adjustment.) What each reads by name is found by recording."""
    if label == "site":
        urls = [
            reverse("admin:index"),
            reverse("admin:ledger_statement"),
            reverse("admin:inventory_stocklevel_adjust"),
        ]
        return dict.fromkeys(urls, set())
    request = RequestFactory().get("/admin/")
    request.user = world.staff
    model = apps.get_model(label)
    model_admin = admin.site.get_model_admin(model)
    name = f"admin:{model._meta.app_label}_{model._meta.model_name}"
    parameters = set(CHANGELIST_PARAMETERS)
    if model_admin.date_hierarchy:
        parameters |= {f"{model_admin.date_hierarchy}__{part}" for part in ("year", "month", "day")}
    pages = {reverse(f"{name}_changelist"): parameters}
    if model_admin.has_add_permission(request):
        pages[reverse(f"{name}_add")] = set(model_admin.get_form(request).base_fields)
    return pages


@pytest.mark.parametrize("label", ["site", *ADMIN_MODELS])
def test_every_admin_page_takes_hostile_values_as_staff(authorization_case, label):
    world = authorization_case
    staff = world.callers["staff"]
    failures = {}

    for url, together in _admin_pages(world, label).items():
        named = parameters_read(staff, url) - {"_changelist_filters", "_popup", "_to_field"}
        found = hostile_pass(staff, url, named, values=ADMIN_HOSTILE)
        if together:
            found.update(hostile_pass(staff, url, together, together=True, values=ADMIN_HOSTILE))
        failures.update({(url, *case): wrong for case, wrong in found.items()})

    assert failures == {}


@pytest.mark.parametrize("month", ["1-1", "9999-12", "0001-01", "2100-01", "2026-13", "garbage"])
def test_a_month_out_of_range_or_malformed_is_a_400_beside_the_picker(authorization_case, month):
    world = authorization_case
    client = client_for(world.callers["artisan_x"])

    page = client.get(with_parameters("/me/statements/", {"month": month}))
    pdf = client.get(with_parameters("/me/statements/pdf/", {"month": month}))

    message = "月份须是 2000-01 到 2099-12 之间的年份和月份，例如 2026-03。"
    assert page.status_code == pdf.status_code == 400
    assert '<p class="error" role="alert" id="month-error">' in page.content.decode()
    assert message in page.content.decode()
    assert 'aria-describedby="month-error"' in page.content.decode()
    assert pdf.content.decode() == message


@pytest.mark.parametrize("report", ["sales", "artisans", "categories"])
def test_a_far_date_in_a_report_is_a_400_beside_the_field(authorization_case, report):
    world = authorization_case
    client = client_for(world.callers["staff"])

    response = client.get(f"/staff/reports/{report}/?date_from=0001-01-01&date_to=9999-12-31")

    html = response.content.decode()
    assert response.status_code == 400
    # Each field's message follows its input (reports/period.html), which points at it.
    assert html.count("<li>日期须在 2000-01-01 到 2099-12-31 之间。</li>") == 2
    assert (
        '<input type="date" name="date_from" value="0001-01-01" aria-invalid="true" '
        'aria-describedby="id_date_from_error" id="id_date_from">'
        '<ul class="errorlist" id="id_date_from_error">'
    ) in html


def test_a_far_date_in_the_admins_statement_is_a_400_with_the_forms_message(authorization_case):
    world = authorization_case
    client = client_for(world.callers["staff"])
    url = reverse("admin:ledger_statement")

    response = client.get(f"{url}?artisan={world.artisan_x.pk}&date_from=0001-01-01&date_to=2026-03-31")

    assert response.status_code == 400
    assert "日期须在 2000-01-01 到 2099-12-31 之间。" in response.content.decode()


def test_a_year_too_large_for_the_admins_date_hierarchy_is_a_400(authorization_case):
    client = client_for(authorization_case.callers["staff"])

    response = client.get("/admin/django_celery_beat/periodictask/?start_time__year=99999999999999999999999")

    assert response.status_code == 400
    assert response.content.decode() == "请求中的数字或日期超出了可处理的范围。"


def test_a_nul_in_the_address_is_refused_before_any_view(authorization_case):
    world = authorization_case
    client = client_for(world.callers["anonymous"])

    response = client.get("/search/?q=%00")

    assert response.status_code == 400
    assert response.content.decode() == "地址中不能含有 NUL 字符（U+0000）。"
