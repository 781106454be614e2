"""/graphql/'s execution context (api.core.execution): a list of plain-dict objects completes to the
same answer, errors included, as graphql-core's own completion."""

import graphene
import pytest
from graphql import execute, parse

from api.core.execution import GongfangExecutionContext


class Colour(graphene.Enum):
    RED = "red"
    BLUE = "blue"


class Row(graphene.ObjectType):
    name = graphene.String(required=True)
    colour = graphene.Field(Colour, required=True)
    tags = graphene.List(graphene.NonNull(graphene.String), required=True)
    note = graphene.String()
    shouted = graphene.String()

    @staticmethod
    def resolve_shouted(root, info):
        return root["name"].upper()


class Query(graphene.ObjectType):
    rows = graphene.List(graphene.NonNull(Row), required=True)

    @staticmethod
    def resolve_rows(root, info):
        return info.context["rows"]


SCHEMA = graphene.Schema(query=Query).graphql_schema
GOOD = [
    {"name": "yak", "colour": "red", "tags": ["felt"], "note": None},
    {"name": "owl", "colour": "blue", "tags": [], "note": "small"},
]


def both(query: str, rows: list):
    """(graphql-core's answer, this context's answer) as the client would get them."""
    document = parse(query)
    answers = [
        execute(SCHEMA, document, context_value={"rows": rows}, execution_context_class=context).formatted
        for context in (None, GongfangExecutionContext)
    ]
    return answers


@pytest.mark.parametrize(
    ("query", "rows"),
    [
        ("{ rows { name colour tags note } }", GOOD),
        ("{ rows { __typename label: name colour } }", GOOD),
        ("{ rows { name shouted } }", GOOD),  # a resolver of its own: graphql-core's way
        ("{ rows { name } }", []),
        ("{ rows { name colour } }", [GOOD[0], {"name": None, "colour": "red"}]),  # null where required
        ("{ rows { name colour } }", [{"name": "yak", "colour": "green"}]),  # not a Colour
        ("{ rows { name tags } }", [{"name": "yak", "tags": "felt"}]),  # not a list
        ("{ rows { name @skip(if: true) note } }", GOOD),
    ],
)
def test_a_list_of_plain_dicts_answers_as_graphql_core_does(query, rows):
    expected, answered = both(query, rows)

    assert answered == expected


def test_a_list_of_plain_dicts_answers_its_values():
    _, answered = both("{ rows { name colour tags note } }", GOOD)

    assert answered == {
        "data": {
            "rows": [
                {"name": "yak", "colour": "RED", "tags": ["felt"], "note": None},
                {"name": "owl", "colour": "BLUE", "tags": [], "note": "small"},
            ]
        }
    }
