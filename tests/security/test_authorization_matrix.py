"""The authorization matrix: every GraphQL operation and every page, sent by every role, answered as
authorization_rules.py (and _nested.py, _mutations.py) and authorization_pages.py say. An operation
in the schema or a URL pattern without a rule fails here, as does a rule for something that is
gone."""

import pytest

from api.schema import schema
from tests.security.authorization_mutations import MUTATIONS
from tests.security.authorization_nested import NESTED_QUERIES
from tests.security.authorization_pages import (
    ADMIN_CHANGELISTS,
    ADMIN_ROLES,
    PAGES,
    admin_own_pages,
    admin_pages,
    page_patterns,
)
from tests.security.authorization_rules import ALLOW, DENY, OWN, QUERIES, REJECTED
from tests.security.authorization_world import ROLES, fingerprint

# One worker runs the whole matrix (under `-n 2 --dist loadgroup`): the world is built once.
pytestmark = pytest.mark.xdist_group("authorization-matrix")

OPERATIONS = {name: ("query", case) for name, case in {**QUERIES, **NESTED_QUERIES}.items()}
OPERATIONS.update({name: ("mutation", case) for name, case in MUTATIONS.items()})


def _field(rule_name: str) -> str:
    """`order(token)` is a case of the operation `order`."""
    return rule_name.split("(")[0]


def _schema_fields(root) -> set[str]:
    return set(schema.graphql_schema.get_type(root).fields)


@pytest.mark.parametrize(
    ("kind", "rules", "root"), [("query", QUERIES, "Query"), ("mutation", MUTATIONS, "Mutation")]
)
def test_every_operation_has_a_rule_and_every_rule_an_operation(kind, rules, root):
    in_schema = _schema_fields(root)
    ruled = {_field(name) for name in rules}

    assert in_schema - ruled == set(), f"{kind} fields without a rule in authorization_rules.py"
    assert ruled - in_schema == set(), f"rules for {kind} fields the schema no longer has"


def _errors(result) -> list[str]:
    return [error.get("extensions", {}).get("code") for error in result.get("errors", [])]


def _at(data, path):
    """The value at a GraphQL error's path (field names and list indexes)."""
    for step in path:
        data = data[step] if data is not None else None
    return data


def _assert_answer(kind, field, expected, result, case, world, role):
    data = (result.get("data") or {}).get(field)
    if kind == "query":
        if expected in (ALLOW, OWN):
            assert _errors(result) == [] and (data is not None or case.check is not None), result
        elif expected == DENY:
            # Refused at the field asked for, or at a field inside it (another location's stock
            # reached through a transfer): either way, nothing is answered where it was refused.
            assert set(_errors(result)) == {"PERMISSION_DENIED"}, result
            assert all(_at(result.get("data"), error["path"]) is None for error in result["errors"]), result
        else:
            assert data in (None, []) and set(_errors(result)) <= {"NOT_FOUND"}, result
    else:
        assert _errors(result) == [], result
        codes = [error["code"] for error in data["errors"]]
        if expected in (ALLOW, OWN):
            assert codes == [], data
        elif expected == DENY:
            assert codes == ["PERMISSION_DENIED"], data
        elif expected == REJECTED:
            assert codes == [] and data["results"], data
            assert all(r["status"] == "REJECTED" and r["orderNumber"] is None for r in data["results"]), data
            return
        else:
            assert codes == ["NOT_FOUND"], data
        assert expected in (ALLOW, OWN) or all(
            value in (None, []) for key, value in data.items() if key != "errors"
        )
    if expected in (ALLOW, OWN) and case.check is not None:
        case.check(data, world, role)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", list(OPERATIONS))
def test_graphql_operation_answers_each_role_as_the_matrix_says(authorization_case, name, role):
    world, (kind, case) = authorization_case, OPERATIONS[name]
    caller = world.callers[role]
    expected = case.expect[role]
    refused_write = kind == "mutation" and expected not in (ALLOW, OWN)
    before = fingerprint(world) if refused_write else None

    result = caller.graphql(case.document, case.variables(world, role))

    _assert_answer(kind, _field(name), expected, result, case, world, role)
    if refused_write:
        assert fingerprint(world) == before, "a refused mutation changed something"


def test_every_url_pattern_has_a_rule_and_every_rule_a_pattern():
    patterns = set(page_patterns())

    assert patterns - set(PAGES) == set(), "URL patterns without a rule in authorization_pages.py"
    assert set(PAGES) - patterns == set(), "rules for URL patterns that no longer exist"


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("pattern", list(PAGES))
def test_page_answers_each_role_as_the_matrix_says(authorization_case, pattern, role):
    world, rule = authorization_case, PAGES[pattern]
    client = world.callers[role].client()

    rule.check(client, world, role)


@pytest.mark.parametrize("role", ADMIN_ROLES)
def test_every_admin_page_is_staff_only(authorization_case, role):
    """Index, and each registered model's changelist, add and change pages (admin.site.is_registered):
    anyone but staff is sent to the admin's sign-in. The superuser opens the index, changelists and
    add pages (change pages, the slowest to render, are only knocked on by the others: the point is
    who is refused); each staff role opens the index and the changelists of its models, and is
    refused the others (ADMIN_CHANGELISTS)."""
    world = authorization_case
    client = world.callers[role].client()
    pages = admin_pages(world)
    if role == "staff":
        pages = {url: status for url, status in pages.items() if not url.endswith("/change/")}
    elif role in ADMIN_CHANGELISTS:
        pages = admin_pages(world, changelists_only=True, allowed=ADMIN_CHANGELISTS[role])
    answers = {url: client.get(url) for url in pages}

    if role == "staff" or role in ADMIN_CHANGELISTS:
        assert {url: r.status_code for url, r in answers.items() if r.status_code != pages[url]} == {}
    else:
        wrong = {
            url: (r.status_code, r.get("Location", ""))
            for url, r in answers.items()
            if r.status_code != 302 or not r["Location"].startswith("/admin/login/")
        }
        assert wrong == {}


@pytest.mark.parametrize("role", list(ADMIN_CHANGELISTS))
def test_the_admin_pages_of_its_own_answer_each_staff_role_as_its_permissions_say(authorization_case, role):
    """The admin's pages beyond the model pages (the trial balance, a statement, the stock adjustment
    form, a payout run's bank file): each asks for a model permission, not for staff alone."""
    world = authorization_case
    client = world.callers[role].client()
    pages = admin_own_pages(world)

    answers = {name: client.get(url).status_code for name, (url, allowed) in pages.items()}

    assert answers == {name: 200 if role in allowed else 403 for name, (url, allowed) in pages.items()}
