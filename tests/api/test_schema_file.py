"""The committed schema.graphql is the schema the code serves."""

from pathlib import Path

from graphql import print_schema

from api.schema import schema

SCHEMA_FILE = Path(__file__).resolve().parents[2] / "schema.graphql"


def test_schema_graphql_is_current():
    printed = print_schema(schema.graphql_schema)
    committed = SCHEMA_FILE.read_text(encoding="utf-8") if SCHEMA_FILE.exists() else ""

    assert committed.strip() == printed.strip(), (
        "schema.graphql is stale: run `make schema` and commit the result."
    )
