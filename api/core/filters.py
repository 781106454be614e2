"""Inputs every list's filter and sort share, in Saleor's names (DateRangeInput, OrderDirection), and
the check of a date range: a reversed or far range is a typed error naming its field."""

import datetime

import graphene
from graphql import GraphQLError

from core.dates import OUT_OF_RANGE_MESSAGE, within_books


class DateRangeInput(graphene.InputObjectType):
    gte = graphene.Date(description="The first day (Qinghai), included.")
    lte = graphene.Date(description="The last day (Qinghai), included.")


class OrderDirection(graphene.Enum):
    ASC = "ASC"
    DESC = "DESC"

    @property
    def description(self):
        return "Ascending" if self == OrderDirection.ASC else "Descending"


def invalid(message: str, field: str) -> GraphQLError:
    return GraphQLError(message, extensions={"code": "INVALID", "field": field})


def date_range(value, field: str) -> tuple[datetime.date | None, datetime.date | None]:
    """(first, last) of a DateRangeInput; a day outside the books or first after last: INVALID on field."""
    value = value or {}
    first, last = value.get("gte"), value.get("lte")
    for day in (first, last):
        if day is not None and not within_books(day):
            raise invalid(str(OUT_OF_RANGE_MESSAGE), field)
    if first is not None and last is not None and first > last:
        raise invalid(f"`{field}.gte` must not be after `{field}.lte`.", field)
    return first, last
